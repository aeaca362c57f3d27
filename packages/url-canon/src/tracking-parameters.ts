/**
 * Parameters dropped on every host. Only names that are unambiguous click/campaign trackers
 * belong here: wrongly dropping a parameter that identifies content would merge two different
 * pieces of content into one case, which is worse than a duplicate notice. Short generic names
 * used by one platform (`si`, `s`, `t`, `ref`, `fr`) live in that platform's rule instead.
 * Names are compared lowercased.
 */
export const TRACKING_PARAMETERS: ReadonlySet<string> = new Set([
  "fbclid",
  "gclid",
  "gclsrc",
  "dclid",
  "gbraid",
  "wbraid",
  "msclkid",
  "yclid",
  "twclid",
  "ttclid",
  "li_fat_id",
  "igshid",
  "igsh",
  "mc_cid",
  "mc_eid",
  "_ga",
  "_gl",
  "_hsenc",
  "_hsmi",
  "mkt_tok",
  "ref_src",
  "ref_url",
  "oly_anon_id",
  "oly_enc_id",
  "vero_id",
  "wickedid",
]);

export const TRACKING_PARAMETER_PREFIXES: readonly string[] = ["utm_"];

export function isTrackingParameter(lowercaseName: string): boolean {
  if (TRACKING_PARAMETERS.has(lowercaseName)) return true;
  for (const prefix of TRACKING_PARAMETER_PREFIXES)
    if (lowercaseName.startsWith(prefix)) return true;
  return false;
}
