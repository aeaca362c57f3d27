import { FuzzHttpClient } from "./fuzz-http-client.js";
import {
  intakeFuzzRequest,
  type IntakeFuzzContext,
  type IntakeFuzzKind,
} from "./intake-fuzz-cases.js";
import type { SeededRandom } from "./seeded-random.js";

export interface IntakeFuzzResult {
  sent: number;
  seconds: number;
  /** `400`, `413`, `ECONNRESET`… → count. */
  outcomes: Record<string, number>;
  /** Per kind of malformed request, its outcomes. */
  byKind: Record<string, Record<string, number>>;
  /** 4xx answers that were not RFC 9457 problem+json, per kind. */
  nonProblem4xx: Record<string, number>;
  /** The first few 5xx (and their request numbers, to reproduce with the seed). */
  serverErrors: { n: number; kind: IntakeFuzzKind; outcome: string }[];
  staleSocketRetries: number;
}

/**
 * Sends the requests `from`…`to`-1 of the seeded sequence to intake, `concurrency` at a time,
 * until they are all answered or `deadline` (ms since the epoch) passes.
 */
export async function fuzzIntake(options: {
  intakeUrl: string;
  random: SeededRandom;
  context: IntakeFuzzContext;
  from: number;
  to: number;
  concurrency: number;
  deadline: number;
  result: IntakeFuzzResult;
}): Promise<void> {
  const { result, random } = options;
  const began = Date.now();
  const client = new FuzzHttpClient(options.intakeUrl, {
    concurrency: options.concurrency,
    // Long enough that a slow answer is an answer: a timeout would hide a 5xx behind it. Raw
    // messages that announce more body than they send are answered only at intake's own timeout.
    timeoutMs: 30_000,
    rawTimeoutMs: 3_000,
  });
  let next = options.from;
  const count = (table: Record<string, number>, key: string) => {
    table[key] = (table[key] ?? 0) + 1;
  };
  const worker = async () => {
    while (next < options.to && Date.now() < options.deadline) {
      const n = next++;
      // Drawn in order, whatever the concurrency: the seed alone decides request n.
      const request = intakeFuzzRequest(random, n, options.context);
      const answer = await client.send(request);
      result.sent += 1;
      count(result.outcomes, answer.outcome);
      count((result.byKind[request.kind] ??= {}), answer.outcome);
      if (
        answer.status !== undefined &&
        answer.status >= 400 &&
        answer.status < 500 &&
        answer.problem !== true
      )
        count(result.nonProblem4xx, request.kind);
      if (answer.status !== undefined && answer.status >= 500 && result.serverErrors.length < 20)
        result.serverErrors.push({ n, kind: request.kind, outcome: answer.outcome });
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  } finally {
    result.staleSocketRetries += client.staleSocketRetries;
    client.close();
    result.seconds += (Date.now() - began) / 1000;
  }
}

export function emptyIntakeResult(): IntakeFuzzResult {
  return {
    sent: 0,
    seconds: 0,
    outcomes: {},
    byKind: {},
    nonProblem4xx: {},
    serverErrors: [],
    staleSocketRetries: 0,
  };
}
