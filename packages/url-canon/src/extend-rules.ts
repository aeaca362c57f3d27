import type { PlatformRule } from "./platform-rule.js";

/** Rules in `extra` replace base rules with the same id; new ids are appended. */
export function extendRules(
  base: readonly PlatformRule[],
  extra: readonly PlatformRule[],
): PlatformRule[] {
  const replaced = new Map(extra.map((rule) => [rule.id, rule]));
  const merged = base.map((rule) => replaced.get(rule.id) ?? rule);
  const baseIds = new Set(base.map((rule) => rule.id));
  for (const rule of extra) if (!baseIds.has(rule.id)) merged.push(rule);
  return merged;
}
