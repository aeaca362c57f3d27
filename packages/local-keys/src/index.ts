export {
  createLocalOrganKey,
  revokeLocalOrganKey,
  rotateLocalOrganKey,
  watchLocalOrganKeys,
  withLocalOrganKeys,
} from "./local-organ-keys.js";
export {
  createLocalAuditorKey,
  loadAuditorAuthenticator,
  revokeLocalAuditorKey,
  rotateLocalAuditorKey,
} from "./auditor-keys.js";
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
