import { encodeEvent } from "@takedown/contracts";
import { syntheticTargets } from "@takedown/dedup";
import type { BareKafka as Kafka } from "@takedown/kafka/bare-client";
import { SyntheticHistory, type ExpectedTarget } from "@takedown/status";

export interface HistoryTopics {
  targets: string;
  cases: string;
  notices: string;
  responses: string;
}

export interface HistorySummary {
  targets: number;
  cases: number;
  events: number;
  bytes: number;
  seconds: number;
  samples: ExpectedTarget[];
}

/** Per send: well under the broker's 1 MiB per partition batch with 6 partitions. */
const CHUNK = 1500;
const IN_FLIGHT = 4;

/**
 * Writes a pipeline's worth of history straight onto the topics the status is built from, with
 * the contracts' encoders: dedup's synthetic targets (3.3 per URL, as in bench/dedup) and, from
 * the status package's SyntheticHistory, their cases, notices, states and answers.
 */
export async function writeHistory(options: {
  kafka: Kafka;
  topics: HistoryTopics;
  targets: number;
  runId: string;
  samples: number;
  onProgress?: (written: number) => void;
}): Promise<HistorySummary> {
  const started = performance.now();
  const urls = Math.ceil(options.targets / 3.3);
  const history = new SyntheticHistory();
  const producer = options.kafka.producer();
  await producer.connect();
  const sampleEvery = Math.max(1, Math.floor(options.targets / options.samples));
  const sampled: { requestId: string; targetId: string; organId: string; contentKey: string }[] =
    [];
  let events = 0;
  let bytes = 0;
  const pending = new Set<Promise<unknown>>();
  try {
    for (let first = 0; first < options.targets; first += CHUNK) {
      const targets = syntheticTargets({
        count: Math.min(CHUNK, options.targets - first),
        first,
        urls,
        runId: options.runId,
      });
      for (const [i, target] of targets.entries())
        if ((first + i) % sampleEvery === 0 && sampled.length < options.samples)
          sampled.push(target.data);
      const made = history.events(targets);
      const topicMessages = (["targets", "cases", "notices", "responses"] as const).map((name) => ({
        topic: options.topics[name],
        messages: made[name].map((event) => {
          const record = encodeEvent(event);
          bytes += record.value.length;
          return record;
        }),
      }));
      events += topicMessages.reduce((sum, t) => sum + t.messages.length, 0);
      const sent = producer.sendBatch({ topicMessages, acks: 1 });
      pending.add(sent);
      void sent.finally(() => pending.delete(sent)).catch(() => undefined);
      if (pending.size >= IN_FLIGHT) await Promise.race(pending);
      options.onProgress?.(first + targets.length);
    }
    await Promise.all(pending);
  } finally {
    await producer.disconnect();
  }
  return {
    targets: options.targets,
    cases: history.caseCount,
    events,
    bytes,
    seconds: (performance.now() - started) / 1000,
    samples: sampled.map((s) => history.expected(s)),
  };
}
