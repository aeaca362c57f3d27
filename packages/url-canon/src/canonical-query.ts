import type { CompiledQueryPolicy } from "./canonicalization-rules.js";
import { decodeParamName, normalizePercentEncoding } from "./percent-encoding.js";
import { isTrackingParameter } from "./tracking-parameters.js";

function keepsParameter(name: string, policy: CompiledQueryPolicy): boolean {
  // An allow-list is the platform saying exactly which parameters carry content, trackers included.
  if (policy.keep !== undefined) return policy.keep.has(name);
  if (policy.drop.has(name) || isTrackingParameter(name.toLowerCase())) return false;
  for (const prefix of policy.dropPrefixes) if (name.startsWith(prefix)) return false;
  return true;
}

function keyOf(parameter: string): string {
  const equals = parameter.indexOf("=");
  return equals === -1 ? parameter : parameter.slice(0, equals);
}

function byKeyThenValue(left: string, right: string): number {
  const leftKey = keyOf(left);
  const rightKey = keyOf(right);
  if (leftKey !== rightKey) return leftKey < rightKey ? -1 : 1;
  // Same key: the whole `key[=value]` string orders `a` < `a=` < `a=1` deterministically.
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * Builds the canonical query (without `?`): template parameters are always kept, original ones
 * pass the policy, then all are sorted by key then value. Parameters keep their own encoding
 * (`+` and `%20` stay distinct) apart from percent-encoding normalization, because a site may
 * read them differently.
 */
export function canonicalQuery(
  templateQuery: string,
  originalSearch: string,
  policy: CompiledQueryPolicy,
): string {
  const parameters: string[] = [];
  if (templateQuery !== "") {
    for (const parameter of templateQuery.split("&"))
      if (parameter !== "") parameters.push(normalizePercentEncoding(parameter));
  }
  let renamed = false;
  if (originalSearch.length > 1) {
    for (const parameter of originalSearch.slice(1).split("&")) {
      if (parameter === "") continue;
      const key = keyOf(parameter);
      const name = decodeParamName(key);
      const newName = policy.rename.get(name);
      if (!keepsParameter(newName ?? name, policy)) continue;
      if (newName === undefined) parameters.push(normalizePercentEncoding(parameter));
      else {
        renamed = true;
        parameters.push(normalizePercentEncoding(`${newName}${parameter.slice(key.length)}`));
      }
    }
  }
  if (parameters.length === 0) return "";
  if (parameters.length > 1) parameters.sort(byKeyThenValue);
  // A link carrying the same value under both spellings names one thing once.
  return (renamed ? parameters.filter((p, i) => p !== parameters[i - 1]) : parameters).join("&");
}
