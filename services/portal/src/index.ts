export { buildApp } from "./portal-app.js";
export type { PortalApp, PortalDeps } from "./portal-app.js";
export { IntakeClient } from "./intake-client.js";
export type { IntakeCaller, IntakeResult } from "./intake-client.js";
export { readPortalSettings } from "./portal-settings.js";
export type { PortalSettings } from "./portal-settings.js";
export { createPortalError } from "./errors.js";
export type { PortalErrorCode } from "./errors.js";
export type { SessionInfo, ProblemBody, SignInBody, SetupBody } from "./bff-contract.js";
