/** A template split once at load time so rendering is a join, not a regex replace per URL. */
export type RuleTemplate = readonly (
  string | { readonly group: number; readonly lower: boolean }
)[];

export function compileTemplate(template: string): RuleTemplate {
  const parts: (string | { group: number; lower: boolean })[] = [];
  let last = 0;
  for (const match of template.matchAll(/\{(\d+)(:lower)?\}/g)) {
    if (match.index > last) parts.push(template.slice(last, match.index));
    parts.push({ group: Number(match[1]), lower: match[2] !== undefined });
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  return parts;
}

export function renderTemplate(template: RuleTemplate, groups: RegExpExecArray): string {
  let out = "";
  for (const part of template) {
    if (typeof part === "string") out += part;
    else {
      const value = groups[part.group] ?? "";
      out += part.lower ? value.toLowerCase() : value;
    }
  }
  return out;
}
