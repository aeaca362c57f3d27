import { compileRules, type CanonicalizationRules } from "./canonicalization-rules.js";
import { defaultPlatformRules } from "./default-platform-rules.js";

/** The built-in rules, compiled once at import and shared by every caller that passes none. */
export const defaultCanonicalizationRules: CanonicalizationRules =
  compileRules(defaultPlatformRules);
