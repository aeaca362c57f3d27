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
  const generated = z.toJSONSchema(definition.schema, { target: "draft-07", io: "input" }) as JsonSchemaDocument;
  const definitions = (generated.definitions ?? {}) as Record<string, JsonSchemaDocument>;
  const own = definitions[definition.id];
  if (generated.$ref !== `#/definitions/${definition.id}` || own === undefined || Object.keys(definitions).length !== 1) {
    throw new Error(`unexpected JSON Schema layout for ${definition.id}`);
  }
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: dataSchemaUriOf(definition.id),
    ...own,
  };
}
