import { setTimeout as sleep } from "node:timers/promises";

/**
 * CPU milliseconds per second each process spends while nothing is sent: the polls, heartbeats
 * and timers every record's CPU figure also carries, which weigh more the lower the rate.
 */
export async function idleCpu(options: {
  seconds: number;
  cpu: () => Promise<Record<string, number>>;
}): Promise<Record<string, number>> {
  const before = await options.cpu();
  await sleep(options.seconds * 1000);
  const after = await options.cpu();
  const perSecond: Record<string, number> = {};
  for (const [name, seconds] of Object.entries(after)) {
    const start = before[name];
    // A process restarted in the window has counters that started over: no figure.
    if (start !== undefined && seconds >= start)
      perSecond[name] = ((seconds - start) * 1000) / options.seconds;
  }
  return perSecond;
}
