import type { ConsumedRecord, RecordToSend } from "@takedown/kafka";

/**
 * Deadline ticks are routing's own records on its internal re-keyed responses topic, one per
 * partition: reading a tick in the same consume-transform-produce loop as the responses lets an
 * escalation commit in the same transaction as the state it changes. A header marks them, so
 * they are never mistaken for CloudEvents.
 */
const TICK_HEADER = "takedown-routing-tick";

export function deadlineTickMessage(partition: number, time: Date): RecordToSend {
  return {
    partition,
    key: `tick-${partition}`,
    value: time.toISOString(),
    headers: { [TICK_HEADER]: "1" },
  };
}

/** The time a tick stands for, or undefined when the record is not a tick. */
export function tickTimeOf(message: Pick<ConsumedRecord, "headers" | "value">): Date | undefined {
  if (message.headers?.[TICK_HEADER] === undefined || message.value === null) return undefined;
  const time = new Date(message.value.toString("utf8"));
  return Number.isNaN(time.getTime()) ? undefined : time;
}
