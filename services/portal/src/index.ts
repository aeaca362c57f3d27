// Only what is imported from outside the service: buildApp and its dependencies' type. The web
// app shares the BFF's types through ../../src/bff-contract.ts, not through this entry.
export { buildApp } from "./portal-app.js";
export type { PortalApp, PortalDeps } from "./portal-app.js";
