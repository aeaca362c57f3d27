export { buildApp } from "./app.js";
export type { AppDependencies } from "./app.js";
export type { PublicPlatformMonth, PublicTransparencyReport } from "./public-transparency.js";
