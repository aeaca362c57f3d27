import { latestEventDefinitions, legacyEventDefinitions } from "../catalog/event-catalog.js";
import { asyncApiDocument } from "./asyncapi-document.js";
import { publishedJsonSchemaOf } from "./published-json-schema.js";
import type { TopicSettingsLookup } from "./topic-settings.js";

/** Relative to `contracts/generated/`; the generator writes them, a test checks them fresh. */
export function generatedArtifacts(settings: TopicSettingsLookup): Map<string, string> {
  const files = new Map<string, string>();
  const render = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  for (const definition of [...latestEventDefinitions, ...legacyEventDefinitions]) {
    files.set(`json-schema/${definition.id}.json`, render(publishedJsonSchemaOf(definition)));
  }
  files.set("asyncapi.json", render(asyncApiDocument(settings)));
  return files;
}
