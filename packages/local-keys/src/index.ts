export { createLocalOrganKey, withLocalOrganKeys } from "./local-organ-keys.js";
export { createLocalAuditorKey, loadAuditorAuthenticator } from "./auditor-keys.js";
export type { Auditor } from "./auditor-keys.js";
export {
  ensurePortalIntakeKeys,
  readPortalIntakeKeys,
  portalIntakeKeysSchema,
  PORTAL_INTAKE_KEY_FILE,
} from "./portal-intake-keys.js";
export type { PortalIntakeKeys } from "./portal-intake-keys.js";
export {
  ensurePortalAuditorKey,
  readPortalAuditorKey,
  PORTAL_AUDITOR_KEY_FILE,
} from "./portal-auditor-key.js";
