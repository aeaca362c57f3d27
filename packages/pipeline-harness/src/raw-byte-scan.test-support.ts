import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";

/** Every form a JSON or log writer may give a string: UTF-8, and \uXXXX escapes in either case. */
export function formsOf(text: string): Buffer[] {
  const escaped = [...text]
    .map((c) => (c.charCodeAt(0) < 128 ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`))
    .join("");
  return [
    ...new Set([
      text,
      escaped,
      escaped.replace(/\\u([0-9a-f]{4})/g, (m) => m.toUpperCase().replace("\\U", "\\u")),
    ]),
  ].map((form) => Buffer.from(form, "utf8"));
}

async function* filesUnder(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (entry.isFile()) yield path;
  }
}

/** Files under `dir` holding any form of any canary, with the canary found. */
export async function leaks(dir: string, canaries: readonly string[]) {
  const found: { file: string; canary: string }[] = [];
  const forms = canaries.flatMap((canary) => formsOf(canary).map((form) => ({ canary, form })));
  const scanned: string[] = [];
  for await (const file of filesUnder(dir)) {
    const bytes = await readFile(file);
    scanned.push(relative(dir, file));
    for (const { canary, form } of forms)
      if (bytes.includes(form)) found.push({ file: relative(dir, file), canary });
  }
  return { found, scanned };
}
