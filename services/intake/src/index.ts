export { buildApp } from "./app.js";
export type { IntakeApp, IntakeDeps, IntakeTopics } from "./app.js";
export { generateApiKey, hashApiKey, verifyApiKey, parseApiKey } from "@takedown/api-keys";
export { createLocalOrganKey, withLocalOrganKeys } from "./local-organ-keys.js";
export { buildOpenApiDocument } from "./openapi-document.js";
export { createIntakeError } from "./errors.js";
