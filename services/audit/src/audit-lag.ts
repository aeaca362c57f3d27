import { TopicAdmin, type Kafka } from "@takedown/kafka";
import type { Logger } from "@takedown/logger";
import { Gauge } from "prom-client";
import type { Registry } from "prom-client";
import type { SourceCoverage } from "@takedown/audit-tools";

export interface AuditLagMonitorOptions {
  kafka: Kafka;
  logger: Logger;
  sourceTopics: readonly (string | RegExp)[];
  /** Leaves out topics the patterns match that are not pipeline topics (the log, the ticks). */
  isSourceTopic: (topic: string) => boolean;
  /** What the committed log covers now; undefined until the appender restored it. */
  coverage: () => SourceCoverage | undefined;
  registry: Registry;
  pollIntervalMs: number;
  /** Not ready once some partition's lag stayed above `maxLag` offsets… */
  maxLag: number;
  /** …for longer than this. */
  maxLagForMs: number;
  now?: () => number;
}

export interface AuditReadiness {
  readonly ready: boolean;
  /** The largest lag of a source partition, in offsets, at the last poll. */
  readonly maxLag: number;
  /** Since when the largest lag is above the bound (ISO time), if it is. */
  readonly lagOverBoundSince: string | null;
}

/**
 * Audit lag per source partition: offsets in the topic (up to its last stable offset) past the
 * next offset the committed log expects. Counted in offsets, so a partition's trailing
 * transaction marker or aborted records show as a small lag until the next record arrives.
 */
export class AuditLagMonitor {
  readonly #options: AuditLagMonitorOptions;
  readonly #log: Logger;
  readonly #lag: Gauge<"topic" | "partition">;
  readonly #overBound: Gauge;
  #admin: TopicAdmin | undefined;
  #timer: NodeJS.Timeout | undefined;
  #polling: Promise<void> | undefined;
  #maxLag = 0;
  #overSince: number | undefined;

  constructor(options: AuditLagMonitorOptions) {
    this.#options = options;
    this.#log = options.logger.child({ component: "audit-lag" });
    this.#lag = new Gauge({
      name: "takedown_audit_lag_offsets",
      help: "Offsets of a source partition not yet covered by the committed audit log",
      labelNames: ["topic", "partition"] as const,
      registers: [options.registry],
    });
    this.#overBound = new Gauge({
      name: "takedown_audit_lag_over_bound_seconds",
      help: "How long the largest audit lag has been above AUDIT_READY_MAX_LAG (0 when not)",
      registers: [options.registry],
      collect: () => {
        const since = this.#overSince;
        this.#overBound.set(since === undefined ? 0 : (this.#now() - since) / 1000);
      },
    });
  }

  async start(): Promise<void> {
    const admin = new TopicAdmin(this.#options.kafka);
    await admin.start();
    this.#admin = admin;
    await this.poll();
    this.#timer = setInterval(() => {
      this.#polling ??= this.poll().finally(() => (this.#polling = undefined));
    }, this.#options.pollIntervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#polling;
    await this.#admin?.stop();
    this.#admin = undefined;
  }

  readiness(): AuditReadiness {
    const since = this.#overSince;
    return {
      ready: since === undefined || this.#now() - since <= this.#options.maxLagForMs,
      maxLag: this.#maxLag,
      lagOverBoundSince: since === undefined ? null : new Date(since).toISOString(),
    };
  }

  /** Reads the topics' offsets once; a failure keeps the previous figures. */
  async poll(): Promise<void> {
    const admin = this.#admin;
    if (admin === undefined) return;
    try {
      const { sourceTopics, isSourceTopic } = this.#options;
      const topics = (await admin.listTopics()).filter(
        (topic) =>
          isSourceTopic(topic) &&
          sourceTopics.some((p) => (typeof p === "string" ? p === topic : p.test(topic))),
      );
      const coverage = this.#options.coverage();
      const lags: { topic: string; partition: number; lag: bigint }[] = [];
      for (const topic of topics) {
        for (const { partition, low, high } of await admin.watermarks(topic)) {
          const next = coverage?.next(topic, partition) ?? 0n;
          const from = next > low ? next : low;
          const lag = high - from;
          lags.push({ topic, partition, lag: lag > 0n ? lag : 0n });
        }
      }
      this.#lag.reset();
      let max = 0n;
      for (const { topic, partition, lag } of lags) {
        this.#lag.set({ topic, partition: String(partition) }, Number(lag));
        if (lag > max) max = lag;
      }
      this.#maxLag = Number(max);
      if (this.#maxLag <= this.#options.maxLag) this.#overSince = undefined;
      else this.#overSince ??= this.#now();
    } catch (error) {
      this.#log.warn({ err: error }, "audit lag not measured; will retry");
    }
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }
}
