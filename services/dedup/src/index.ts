export { buildApp } from "./build-app.js";
export type { DedupDeps, DedupApp } from "./build-app.js";
// Used by bench/dedup.
export { DedupService } from "./dedup-service.js";
export { CaseStore } from "./case-store.js";
export type { CaseRecord } from "./case-record.js";
export { encodeChangelogValue, decodeChangelogValue } from "./changelog-value.js";
export { syntheticTargets } from "./synthetic-targets.js";
