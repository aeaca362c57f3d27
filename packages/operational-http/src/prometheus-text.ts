import type { ConsumerState, ProcessorHealth } from "@takedown/kafka";

const STATES: readonly ConsumerState[] = ["starting", "running", "restarting", "failed", "stopped"];

type Labels = Record<string, string | number>;

function escape(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function sample(name: string, labels: Labels, value: number): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escape(String(v))}"`);
  return `${name}${pairs.length === 0 ? "" : `{${pairs.join(",")}}`} ${value}`;
}

/** Builds one exposition (text format 0.0.4): each family's HELP and TYPE once, then samples. */
class Exposition {
  private readonly families = new Map<string, { help: string; type: string; samples: string[] }>();

  add(name: string, type: "gauge" | "counter", help: string, labels: Labels, value: number) {
    let family = this.families.get(name);
    if (family === undefined) {
      family = { help, type, samples: [] };
      this.families.set(name, family);
    }
    family.samples.push(sample(name, labels, value));
  }

  /** Declares a family even without samples, so dashboards see it exists. */
  declare(name: string, type: "gauge" | "counter", help: string) {
    if (!this.families.has(name)) this.families.set(name, { help, type, samples: [] });
  }

  toString(): string {
    const lines: string[] = [];
    for (const [name, family] of this.families) {
      lines.push(`# HELP ${name} ${family.help}`, `# TYPE ${name} ${family.type}`);
      lines.push(...family.samples);
    }
    return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
  }
}

/**
 * Prometheus text for transactional processors and their Kafka client: consumer state, lag per
 * partition, last commit time, restarts, DLQ records by reason, and kafkajs' expected conditions.
 * Labels carry group, topic, partition and reason codes only, never record contents.
 */
export function processorMetricsText(
  processors: readonly ProcessorHealth[],
  kafkaConditions: Readonly<Record<string, number>> = {},
): string {
  const out = new Exposition();
  out.declare("takedown_dlq_records_total", "counter", "Records set aside in the DLQ, by reason");
  for (const health of processors) {
    const group = { group: health.groupId };
    for (const state of STATES)
      out.add(
        "takedown_consumer_state",
        "gauge",
        "1 for the consumer's current state",
        { ...group, state },
        health.state === state ? 1 : 0,
      );
    for (const p of health.partitions) {
      const labels = { ...group, topic: p.topic, partition: p.partition };
      if (p.lag !== null)
        out.add("takedown_consumer_lag", "gauge", "Records not yet processed", labels, p.lag);
      if (p.committedOffset !== null)
        out.add(
          "takedown_consumer_committed_offset",
          "gauge",
          "The group's committed offset (next record to process)",
          labels,
          Number(p.committedOffset),
        );
      if (p.highWatermark !== null)
        out.add(
          "takedown_consumer_high_watermark",
          "gauge",
          "The partition's end as last seen",
          labels,
          Number(p.highWatermark),
        );
    }
    if (health.lastCommitAt !== undefined)
      out.add(
        "takedown_consumer_last_commit_timestamp_seconds",
        "gauge",
        "When the processor last committed a transaction",
        group,
        health.lastCommitAt / 1000,
      );
    out.add(
      "takedown_consumer_restarts_total",
      "counter",
      "Restarts of the consumer (crash, unknown commit outcome, fencing)",
      group,
      health.restarts,
    );
    out.add(
      "takedown_consumer_transactions_total",
      "counter",
      "Transactions committed",
      group,
      health.transactions,
    );
    for (const [kind, count] of Object.entries(health.retries))
      out.add(
        "takedown_consumer_retries_total",
        "counter",
        "Batches tried again, after a transient fault or a failure that may be a poison record",
        { ...group, kind },
        count,
      );
    for (const [reason, count] of Object.entries(health.deadLetters))
      out.add(
        "takedown_dlq_records_total",
        "counter",
        "Records set aside in the DLQ, by reason",
        { ...group, reason },
        count,
      );
  }
  out.declare(
    "takedown_kafka_client_expected_conditions_total",
    "counter",
    "Conditions the Kafka client met and retried (logged at debug), by condition",
  );
  for (const [condition, count] of Object.entries(kafkaConditions))
    out.add(
      "takedown_kafka_client_expected_conditions_total",
      "counter",
      "Conditions the Kafka client met and retried (logged at debug), by condition",
      { condition },
      count,
    );
  return out.toString();
}
