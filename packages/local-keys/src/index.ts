export { createLocalOrganKey, withLocalOrganKeys } from "./local-organ-keys.js";
export { createLocalAuditorKey, loadAuditorAuthenticator } from "./auditor-keys.js";
export type { Auditor } from "./auditor-keys.js";
