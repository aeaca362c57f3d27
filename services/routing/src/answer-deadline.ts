import type { Platform } from "@takedown/config";
import type { RequestedAction } from "@takedown/contracts";

/**
 * The time a platform has to answer a case asking for these actions: the shortest window among
 * them, because an urgent action (log preservation: access logs are short-lived) cannot wait
 * for the slower ones.
 */
export function answerWindowMs(
  platform: Pick<Platform, "sla">,
  actions: readonly RequestedAction[],
): number {
  const windows = actions.map((action) => platform.sla.byAction[action] ?? platform.sla.default);
  return windows.length === 0 ? platform.sla.default : Math.min(...windows);
}

/**
 * The deadline as an RFC 3339 UTC time, counted from the time of the event that started the
 * clock (never from the processing time), so a replay or restart computes the same deadline.
 */
export function answerDeadline(startedAt: string, windowMs: number): string {
  const start = Date.parse(startedAt);
  if (Number.isNaN(start)) throw new RangeError(`not a timestamp: ${startedAt}`);
  return new Date(start + windowMs).toISOString();
}
