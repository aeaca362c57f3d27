export { buildApp } from "./app.js";
export type { App, AppDependencies } from "./app.js";
export type { PublicPlatformMonth, PublicTransparencyReport } from "./public-transparency.js";
