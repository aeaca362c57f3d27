import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** Prometheus metrics of one intake app, on a registry of its own so tests can run several. */
export class IntakeMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: "intake_http_requests_total",
    help: "HTTP requests by route and status",
    labelNames: ["method", "route", "status"] as const,
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: "intake_http_request_duration_seconds",
    help: "HTTP request latency by route",
    labelNames: ["method", "route"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly produceLatency = new Histogram({
    name: "intake_kafka_produce_duration_seconds",
    help: "Time from handing records to the producer to their transaction's commit",
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly batchSizes = new Histogram({
    name: "intake_kafka_transaction_groups",
    help: "HTTP requests coalesced into one Kafka transaction",
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 500],
    registers: [this.registry],
  });

  /** Read when /metrics is scraped; set by the app to its load shedder's count. */
  private readInFlight: () => number = () => 0;
  readonly inFlight = new Gauge({
    name: "intake_requests_in_flight",
    help: "POSTs being validated or published, including publishes that outlived a 503 answer",
    registers: [this.registry],
    collect: () => {
      this.inFlight.set(this.readInFlight());
    },
  });
  readonly maxInFlight = new Gauge({
    name: "intake_requests_in_flight_max",
    help: "The bound on intake_requests_in_flight (INTAKE_MAX_IN_FLIGHT)",
    registers: [this.registry],
  });
  readonly shed = new Counter({
    name: "intake_requests_shed_total",
    help: "POSTs refused with 503 overloaded because the in-flight bound was reached",
    registers: [this.registry],
  });
  readonly deadlines = new Counter({
    name: "intake_requests_deadline_exceeded_total",
    help: "Admitted POSTs answered 503 deadline-exceeded (INTAKE_PUBLISH_TIMEOUT_MS)",
    registers: [this.registry],
  });
  readonly lateCommits = new Counter({
    name: "intake_late_commits_total",
    help: "Publishes committed after their request's deadline; retries with the key get the answer",
    registers: [this.registry],
  });

  watchInFlight(read: () => number, max: number): void {
    this.readInFlight = read;
    this.maxInFlight.set(max);
  }

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics === true) collectDefaultMetrics({ register: this.registry });
  }
}
