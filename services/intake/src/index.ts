export { buildApp } from "./app.js";
export type { IntakeApp, IntakeDeps } from "./app.js";
