/** A kafkajs log entry as our logger writes it: a text message, the error apart, the rest as fields. */
export interface KafkajsLogLine {
  message: string;
  /** kafkajs' `error` field, or the message itself when kafkajs logged an Error as the message. */
  error?: unknown;
  fields: Record<string, unknown>;
}

/**
 * kafkajs mostly logs `(text, { error, … })`, but some paths log the Error itself as the message
 * (BrokerPool's findBroker on a failure it does not retry). pino writes an object message as
 * `"msg": {}`, which left an ERROR line with no text in the three-broker chaos run: such an
 * Error becomes the line's error, and its name and message the line's text.
 */
export function kafkajsLogLine(
  log: { message?: unknown } & Record<string, unknown>,
): KafkajsLogLine {
  const { message, error, ...fields } = log;
  if (message instanceof Error) {
    return {
      message: `${message.name}: ${message.message}`,
      error: error ?? message,
      fields,
    };
  }
  const text =
    typeof message === "string"
      ? message
      : message === undefined
        ? ""
        : // A number or an object: JSON says what it holds, where String() would say [object Object].
          (JSON.stringify(message) ?? "");
  return { message: text, ...(error !== undefined && { error }), fields };
}
