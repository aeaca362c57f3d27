export { buildApp } from "./routing-app.js";
export type { RoutingAppDeps } from "./routing-app.js";
export { presignedEvidenceLinks } from "./evidence-links.js";
export { presignedDetailsLinks } from "./dossier-links.js";
