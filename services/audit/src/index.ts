export { buildApp } from "./app.js";
export type { AppDependencies } from "./app.js";
