import { globalPlatformRules } from "./global-platform-rules.js";
import { japanesePlatformRules } from "./japanese-platform-rules.js";
import type { PlatformRule } from "./platform-rule.js";

/** The built-in alias rules; extend or replace them from config with `extendRules`. */
export const defaultPlatformRules: readonly PlatformRule[] = [
  ...globalPlatformRules,
  ...japanesePlatformRules,
];
