import { z } from "zod";
import type { EventDefinition } from "../catalog/event-definition.js";
import { dataSchemaUriOf } from "../envelope/cloudevent-headers.js";

export type JsonSchemaDocument = Record<string, unknown>;

/**
 * The JSON Schema (draft-07) published for one event version. `io: "input"` describes what a
 * reader accepts: objects stay open (no `additionalProperties: false`), because readers of a
 * major version must tolerate fields a later minor version adds. zod puts a schema with an id
 * under `definitions`; it is lifted to the root so `$id` names the document.
 */
export function publishedJsonSchemaOf(definition: EventDefinition): JsonSchemaDocument {
  const generated = z.toJSONSchema(definition.schema, {
    target: "draft-07",
    io: "input",
  }) as JsonSchemaDocument;
  const { $ref, definitions, ...rest } = generated;
  delete rest.$schema;
  const lifted = definitions as Record<string, JsonSchemaDocument> | undefined;
  let own: JsonSchemaDocument = rest;
  if ($ref !== undefined) {
    // A schema carrying its id is emitted as a $ref to its own definition.
    const target = lifted?.[definition.id];
    if (
      $ref !== `#/definitions/${definition.id}` ||
      target === undefined ||
      Object.keys(lifted ?? {}).length !== 1
    ) {
      throw new Error(`unexpected JSON Schema layout for ${definition.id}`);
    }
    own = target;
  }
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: dataSchemaUriOf(definition.id),
    ...own,
  };
}
