/** p50, p99 and max of a list of durations (ms), or undefined for an empty list. */
export function latencyStats(
  durations: readonly number[],
): { p50: number; p99: number; max: number; count: number } | undefined {
  if (durations.length === 0) return undefined;
  const sorted = [...durations].sort((a, b) => a - b);
  const at = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? Number.NaN, count: sorted.length };
}
