import { latestEventDefinitions } from "../catalog/event-catalog.js";
import { sampleEvents } from "../fixtures/sample-events.js";
import { publishedJsonSchemaOf } from "./published-json-schema.js";

/**
 * What publishing an event version freezes: its JSON Schema and its valid golden data. Files
 * under `contracts/released/` are written once and never changed; the compatibility gate reads
 * them back.
 */
export function releaseSnapshots(): Map<string, string> {
  const files = new Map<string, string>();
  for (const definition of latestEventDefinitions) {
    const schema = publishedJsonSchemaOf(definition);
    const fixtures = [sampleEvents[definition.type].data];
    files.set(`${definition.id}.schema.json`, `${JSON.stringify(schema, null, 2)}\n`);
    files.set(`${definition.id}.fixtures.json`, `${JSON.stringify(fixtures, null, 2)}\n`);
  }
  return files;
}
