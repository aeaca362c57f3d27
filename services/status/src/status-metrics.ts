import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** Prometheus metrics of one status app, on a registry of its own so tests can run several. */
export class StatusMetrics {
  readonly registry = new Registry();
  readonly folded = new Counter({
    name: "status_updater_records_total",
    help: "Source records folded into status facts (committed), by topic",
    labelNames: ["topic"] as const,
    registers: [this.registry],
  });
  readonly facts = new Counter({
    name: "status_updater_facts_total",
    help: "Status facts written to the state topic (committed)",
    registers: [this.registry],
  });
  readonly skipped = new Counter({
    name: "status_updater_skipped_total",
    help: "Source records that could not be decoded and were not folded",
    registers: [this.registry],
  });
  readonly applied = new Counter({
    name: "status_store_records_total",
    help: "Records applied to the status store, by topic",
    labelNames: ["topic"] as const,
    registers: [this.registry],
  });
  readonly readerRestarts = new Counter({
    name: "status_store_reader_restarts_total",
    help: "Consumers of the store's reader that died and were replaced",
    registers: [this.registry],
  });
  readonly lookups = new Histogram({
    name: "status_lookup_duration_seconds",
    help: "Time to answer one request status from the store, by outcome",
    labelNames: ["outcome"] as const,
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1],
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics === true) collectDefaultMetrics({ register: this.registry });
  }
}
