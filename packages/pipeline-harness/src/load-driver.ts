import { performance } from "node:perf_hooks";
import type { CorpusTarget } from "./alias-corpus.js";
import { postToIntake, REQUEST_TEMPLATE, type AttemptOutcome } from "./intake-client.js";
import { runPaced } from "./paced-runner.js";

export interface PlannedRequest {
  organId: string;
  idempotencyKey: string;
  targets: CorpusTarget[];
}

export interface AcceptedTarget {
  targetId: string;
  requestId: string;
  organId: string;
  canonicalUrl: string;
  /** performance.now() when the 202 arrived. */
  acceptedAt: number;
}

/** A request intake refused for good (a 4xx other than 429, or a 500 again and again). */
export interface RefusedRequest {
  idempotencyKey: string;
  status: number;
  problem: string;
}

export interface LoadDriverOptions {
  intakeUrl: string;
  apiKeys: Readonly<Record<string, string>>;
  evidenceId: string;
  /** Requests started per second (open loop); undefined sends as fast as `concurrency` allows. */
  ratePerSecond?: number;
  /** Requests in flight at most. */
  concurrency: number;
  attemptTimeoutMs?: number;
  /** A request still unanswered this long after its first attempt is given up. */
  giveUpAfterMs?: number;
  onAccepted?: (targets: readonly AcceptedTarget[]) => void;
}

/**
 * Sends planned requests to intake the way a careful organ client would: every request carries
 * an Idempotency-Key, and a network failure, 5xx or 429 is retried with the same key and body
 * (with backoff, honouring Retry-After) until it is answered. Counts every status and network
 * error it met, so a run can name what intake did under chaos.
 */
export class LoadDriver {
  readonly accepted: AcceptedTarget[] = [];
  readonly refused: RefusedRequest[] = [];
  readonly abandoned: string[] = [];
  /** `202`, `503`, `ECONNRESET`… → how many attempts ended so. */
  readonly outcomes = new Map<string, number>();
  /** 202s whose canonical URL differs from the corpus's own canonicalization. */
  readonly canonicalMismatches: string[] = [];
  /** Idempotency keys of the requests answered 202. */
  readonly acceptedKeys = new Set<string>();
  /** Idempotency keys of the requests being sent (or retried) right now. */
  readonly inFlightKeys = new Set<string>();
  retries = 0;
  /** Worst delay between a request's planned start and its actual start (open loop only). */
  worstStartLagMs = 0;

  constructor(private readonly options: LoadDriverOptions) {}

  /** Sends every request; resolves when each is answered, refused or given up. */
  async run(requests: readonly PlannedRequest[]): Promise<void> {
    const { worstStartLagMs } = await runPaced({
      count: requests.length,
      concurrency: this.options.concurrency,
      ...(this.options.ratePerSecond === undefined
        ? {}
        : { ratePerSecond: this.options.ratePerSecond }),
      send: (index) => this.send(requests[index]!),
    });
    this.worstStartLagMs = Math.max(this.worstStartLagMs, worstStartLagMs);
  }

  private async send(request: PlannedRequest): Promise<void> {
    const apiKey = this.options.apiKeys[request.organId];
    if (apiKey === undefined) throw new Error(`no API key for ${request.organId}`);
    const body = JSON.stringify({
      ...REQUEST_TEMPLATE,
      targets: request.targets.map((t) => ({ url: t.url })),
      evidence: [this.options.evidenceId],
    });
    const firstAttempt = performance.now();
    let serverErrors = 0;
    this.inFlightKeys.add(request.idempotencyKey);
    try {
      for (let attempt = 0; ; attempt += 1) {
        const outcome = await postToIntake({
          url: `${this.options.intakeUrl}/v1/requests`,
          apiKey,
          body,
          contentType: "application/json",
          idempotencyKey: request.idempotencyKey,
          timeoutMs: this.options.attemptTimeoutMs ?? 30_000,
        });
        const label = outcome.kind === "answer" ? String(outcome.status) : outcome.code;
        this.outcomes.set(label, (this.outcomes.get(label) ?? 0) + 1);
        if (outcome.kind === "answer" && outcome.status === 202) {
          this.accept(request, outcome.body);
          return;
        }
        // A 500 is a bug, not an outage: retried a few times in case it was a crash mid-answer.
        if (outcome.kind === "answer" && outcome.status === 500) serverErrors += 1;
        const refused =
          outcome.kind === "answer" &&
          ((outcome.status < 500 && outcome.status !== 429) || serverErrors > MAX_SERVER_ERRORS);
        if (outcome.kind === "answer" && refused) {
          this.refused.push({
            idempotencyKey: request.idempotencyKey,
            status: outcome.status,
            problem: JSON.stringify(outcome.body).slice(0, 500),
          });
          return;
        }
        if (performance.now() - firstAttempt > (this.options.giveUpAfterMs ?? 600_000)) {
          this.abandoned.push(request.idempotencyKey);
          return;
        }
        this.retries += 1;
        await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt, outcome)));
      }
    } finally {
      this.inFlightKeys.delete(request.idempotencyKey);
    }
  }

  private accept(request: PlannedRequest, body: unknown): void {
    const acceptedAt = performance.now();
    this.acceptedKeys.add(request.idempotencyKey);
    const answer = body as {
      requestId: string;
      targets: { targetId: string; canonicalUrl: string }[];
    };
    const targets = answer.targets.map((target, i) => {
      const expected = request.targets[i]?.canonicalUrl;
      if (expected !== target.canonicalUrl)
        this.canonicalMismatches.push(`${request.targets[i]?.url} → ${target.canonicalUrl}`);
      return {
        targetId: target.targetId,
        requestId: answer.requestId,
        organId: request.organId,
        canonicalUrl: target.canonicalUrl,
        acceptedAt,
      };
    });
    this.accepted.push(...targets);
    this.options.onAccepted?.(targets);
  }
}

const MAX_SERVER_ERRORS = 3;

function backoffMs(attempt: number, outcome: AttemptOutcome): number {
  if (outcome.kind === "answer" && outcome.retryAfterSeconds !== undefined)
    return outcome.retryAfterSeconds * 1000;
  const base = Math.min(2000, 100 * 2 ** attempt);
  return base / 2 + Math.random() * (base / 2);
}

/** Cuts the corpus into requests of `size` targets, alternating organs, each with its own key. */
export function planRequests(options: {
  targets: readonly CorpusTarget[];
  size: number;
  organs: readonly string[];
  keyPrefix: string;
}): PlannedRequest[] {
  const requests: PlannedRequest[] = [];
  for (let at = 0; at < options.targets.length; at += options.size) {
    const index = requests.length;
    requests.push({
      organId: options.organs[index % options.organs.length]!,
      idempotencyKey: `${options.keyPrefix}-${index}`,
      targets: options.targets.slice(at, at + options.size),
    });
  }
  return requests;
}
