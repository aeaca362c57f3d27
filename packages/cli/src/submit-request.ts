import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { dirname, extname, resolve } from "node:path";
import { parse as parseYaml } from "yaml";

const mediaTypes: Record<string, string> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".pdf": "application/pdf",
  ".html": "text/html",
  ".htm": "text/html",
  ".mhtml": "multipart/related",
  ".txt": "text/plain",
  ".json": "application/json",
};

export interface SubmitOptions {
  /** A JSON or YAML request: the body of POST /v1/requests, plus `evidenceFiles` (paths). */
  file: string;
  intakeUrl: string;
  apiKey: string;
  print: (line: string) => void;
  fetch?: typeof fetch;
}

interface Problem {
  title?: string;
  detail?: string;
  status?: number;
  errors?: unknown;
}

async function problemText(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const problem = JSON.parse(text) as Problem;
    return `${response.status} ${problem.title ?? ""}${problem.detail ? `: ${problem.detail}` : ""}${
      problem.errors === undefined ? "" : ` ${JSON.stringify(problem.errors)}`
    }`;
  } catch {
    return `${response.status} ${text.slice(0, 500)}`;
  }
}

/**
 * `takedown submit`: uploads the evidence files, then submits the request, as an organ would with
 * the HTTP API (SPEC §4). The Idempotency-Key is the request's own digest, so running the same
 * command again after a lost answer publishes nothing new.
 */
export async function submitRequest(options: SubmitOptions): Promise<{ requestId: string }> {
  const send = options.fetch ?? fetch;
  const base = options.intakeUrl.replace(/\/$/, "");
  const auth = { authorization: `Bearer ${options.apiKey}` };
  const source = await readFile(options.file, "utf8");
  const document = (
    extname(options.file) === ".json" ? JSON.parse(source) : parseYaml(source)
  ) as Record<string, unknown>;
  const { evidenceFiles, ...body } = document;
  const evidence = Array.isArray(body.evidence) ? [...(body.evidence as string[])] : [];
  for (const path of Array.isArray(evidenceFiles) ? (evidenceFiles as string[]) : []) {
    const full = resolve(dirname(options.file), path);
    const bytes = await readFile(full);
    const response = await send(`${base}/v1/evidence`, {
      method: "POST",
      headers: {
        ...auth,
        "content-type": mediaTypes[extname(full).toLowerCase()] ?? "application/octet-stream",
      },
      body: bytes,
    });
    if (!response.ok) throw new Error(`evidence ${path}: ${await problemText(response)}`);
    const stored = (await response.json()) as { evidenceId: string };
    options.print(`evidence ${path} → ${stored.evidenceId}`);
    evidence.push(stored.evidenceId);
  }
  const payload = JSON.stringify({ ...body, evidence });
  const response = await send(`${base}/v1/requests`, {
    method: "POST",
    headers: {
      ...auth,
      "content-type": "application/json",
      "idempotency-key": createHash("sha256").update(payload).digest("hex"),
    },
    body: payload,
  });
  if (!response.ok) throw new Error(`request: ${await problemText(response)}`);
  const accepted = (await response.json()) as { requestId: string };
  options.print(JSON.stringify(accepted, null, 2));
  return accepted;
}
