export {
  canonicalizeUrl,
  MAX_URL_LENGTH,
  type CanonicalUrl,
  type CanonicalizationRefusal,
  type CanonicalizationRefused,
  type CanonicalizationResult,
} from "./canonicalize-url.js";
export { canonicalizeUrlOrThrow } from "./canonicalize-url-or-throw.js";
export { contentKeyOf } from "./content-key.js";
export { compileRules, type CanonicalizationRules } from "./canonicalization-rules.js";
export { defaultCanonicalizationRules } from "./default-canonicalization-rules.js";
export { defaultPlatformRules } from "./default-platform-rules.js";
export { extendRules } from "./extend-rules.js";
export {
  parsePlatformRules,
  platformRuleSchema,
  type PathRewrite,
  type PlatformRule,
  type QueryPolicy,
  type TrailingSlashPolicy,
} from "./platform-rule.js";
export { TRACKING_PARAMETERS, TRACKING_PARAMETER_PREFIXES } from "./tracking-parameters.js";
export { ITEM_ANCHOR_PATTERN } from "./item-anchor.js";
export { createCanonError } from "./errors.js";
