import { createHash } from "node:crypto";

/** How one HTTP attempt ended: an answer, or a network failure named by its code. */
export type AttemptOutcome =
  | { kind: "answer"; status: number; body: unknown; retryAfterSeconds?: number }
  | { kind: "network"; code: string };

/** The fixed, valid parts of every harness request (no personal data, so none can leak). */
export const REQUEST_TEMPLATE = {
  category: "defamation",
  classification: "rights_infringement",
  legalBasis: "pla_art3_2_1",
  requestedAction: "remove",
  description: "負荷試験の依頼です (load test request)",
  language: "ja",
} as const;

/** A minimal PNG signature: intake sniffs evidence, so the bytes must look like what they claim. */
export function evidenceBytes(seed: string): Buffer {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, createHash("sha256").update(seed).digest()]);
}

/** The network error code behind a failed fetch (undici puts it on the cause). */
export function networkCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; name?: unknown } }).cause;
  if (typeof cause?.code === "string") return cause.code;
  const name = (error as { name?: unknown }).name;
  if (name === "TimeoutError" || name === "AbortError") return "TIMEOUT";
  if (typeof cause?.name === "string") return cause.name;
  return typeof name === "string" ? name : "UNKNOWN";
}

/** One POST to intake; never throws. */
export async function postToIntake(options: {
  url: string;
  apiKey: string;
  body: Buffer | string;
  contentType: string;
  idempotencyKey?: string;
  timeoutMs: number;
}): Promise<AttemptOutcome> {
  try {
    const response = await fetch(options.url, {
      method: "POST",
      headers: {
        authorization: `Bearer ${options.apiKey}`,
        "content-type": options.contentType,
        ...(options.idempotencyKey === undefined
          ? {}
          : { "idempotency-key": options.idempotencyKey }),
      },
      body: options.body,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Kept as text: a non-JSON answer is reported as it came.
    }
    const retryAfter = Number(response.headers.get("retry-after"));
    return {
      kind: "answer",
      status: response.status,
      body,
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
    };
  } catch (error) {
    return { kind: "network", code: networkCode(error) };
  }
}

/** Uploads one evidence file for an organ, retrying until intake and S3 answer. */
export async function uploadEvidence(options: {
  intakeUrl: string;
  apiKey: string;
  bytes: Buffer;
  timeoutMs?: number;
}): Promise<string> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let last: AttemptOutcome | undefined;
  while (Date.now() < deadline) {
    last = await postToIntake({
      url: `${options.intakeUrl}/v1/evidence`,
      apiKey: options.apiKey,
      body: options.bytes,
      contentType: "image/png",
      timeoutMs: 10_000,
    });
    if (last.kind === "answer" && (last.status === 201 || last.status === 200)) {
      const id = (last.body as { evidenceId?: unknown }).evidenceId;
      if (typeof id === "string") return id;
    }
    if (last.kind === "answer" && last.status < 500 && last.status !== 429) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`evidence upload failed: ${JSON.stringify(last)}`);
}
