export {
  apiKeyHashPattern,
  apiKeyIdPattern,
  generateApiKey,
  hashApiKey,
  parseApiKey,
  verifyApiKey,
} from "./api-key.js";
export { LocalKeyFile, storedKeyFields } from "./local-key-file.js";
export type { LocalKeyFileOptions, StoredKey } from "./local-key-file.js";
export { ApiKeyAuthenticator } from "./key-authenticator.js";
export type { AcceptedKey, ApiKeyAuthenticatorOptions } from "./key-authenticator.js";
export { createApiKeyError } from "./errors.js";
export type { ApiKeyErrorCode } from "./errors.js";
