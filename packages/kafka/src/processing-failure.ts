/**
 * Why processing or writing a batch failed, which decides what happens next: a transient fault
 * is retried and never sent to the DLQ; anything else may be the record's fault, and a record
 * that fails every time is set aside so its partition moves on.
 */
export type FailureKind = "transient" | "deterministic";

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  type?: unknown;
  retryable?: unknown;
  retriable?: unknown;
  cause?: unknown;
  message?: unknown;
}

/** kafkajs errors that mean "the cluster, or the way to it, is not answering right now". */
const TRANSIENT_KAFKAJS = new Set([
  "KafkaJSNumberOfRetriesExceeded",
  "KafkaJSConnectionError",
  "KafkaJSConnectionClosedError",
  "KafkaJSRequestTimeoutError",
  "KafkaJSBrokerNotFound",
  "KafkaJSMetadataNotLoaded",
  "KafkaJSNoBrokerAvailableError",
  "KafkaJSLockTimeout",
  "KafkaJSTimeout",
]);

/** Socket failures surface raw from some clients; they say nothing about the record. */
const TRANSIENT_SYSTEM = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);

/** Broker refusals caused by what the records are, not by the broker's state. */
const RECORD_REFUSALS = new Set(["MESSAGE_TOO_LARGE", "RECORD_LIST_TOO_LARGE", "INVALID_RECORD"]);

function chainOf(error: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  let current: unknown = error;
  while (typeof current === "object" && current !== null && chain.length < 10) {
    chain.push(current);
    current = (current as ErrorLike).cause;
  }
  return chain;
}

/**
 * The first error in the cause chain that states its nature decides: our packages' `retryable`
 * (errors.ts), kafkajs' `retriable` and error names, or a socket error code.
 */
export function failureKind(error: unknown): FailureKind {
  for (const link of chainOf(error)) {
    if (typeof link.retryable === "boolean") return link.retryable ? "transient" : "deterministic";
    if (typeof link.name === "string" && TRANSIENT_KAFKAJS.has(link.name)) return "transient";
    if (link.retriable === true) return "transient";
    if (typeof link.code === "string" && TRANSIENT_SYSTEM.has(link.code)) return "transient";
  }
  return "deterministic";
}

/** True when the broker refused the records themselves (too large, malformed). */
export function isRecordRefusal(error: unknown): boolean {
  return chainOf(error).some(
    (link) => typeof link.type === "string" && RECORD_REFUSALS.has(link.type),
  );
}

/** A DLQ reason from an error: its stable code when it has one, its message for people. */
export function reasonOf(error: unknown): { code: string; message: string } {
  const chain = chainOf(error);
  const coded = chain.find(
    (link) =>
      (typeof link.code === "string" && /^[A-Z][A-Z0-9_]*$/.test(link.code)) ||
      (typeof link.type === "string" && /^[A-Z][A-Z0-9_]*$/.test(link.type)),
  );
  const code =
    coded === undefined
      ? "PROCESSING_FAILED"
      : typeof coded.code === "string" && /^[A-Z][A-Z0-9_]*$/.test(coded.code)
        ? coded.code
        : String(coded.type);
  const first = chain[0];
  const message =
    first === undefined
      ? String(error)
      : `${typeof first.name === "string" ? first.name : "Error"}: ${String(first.message)}`;
  return { code, message };
}
