import type { ProcessorHealth } from "@takedown/kafka";
import { processorMetricsText } from "./prometheus-text.js";
import { assessReadiness, defaultReadinessPolicy, type ReadinessPolicy } from "./readiness.js";

export interface OperationalEndpointsOptions {
  /** Every transactional processor of the service, as it stands now. */
  processors: () => readonly ProcessorHealth[];
  /** The Kafka client's counts of expected conditions (kafkaClientLog(kafka).expectedConditions). */
  kafkaConditions?: () => Readonly<Record<string, number>>;
  readiness?: Partial<ReadinessPolicy>;
}

export interface OperationalResponse {
  status: number;
  contentType: string;
  body: string;
}

const JSON_TYPE = "application/json; charset=utf-8";
export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/**
 * /healthz, /readyz and /metrics of a service built on transactional processors, independent of
 * the HTTP server: dedup and routing serve them with OperationalServer, audit from its API.
 * /healthz fails only for a processor that gave up (the process is about to exit); /readyz also
 * for a consumer not running or stalled with lag.
 */
export class OperationalEndpoints {
  readonly paths = ["/healthz", "/readyz", "/metrics"] as const;
  private readonly policy: ReadinessPolicy;

  constructor(private readonly options: OperationalEndpointsOptions) {
    this.policy = { ...defaultReadinessPolicy, ...options.readiness };
  }

  respond(path: string): OperationalResponse | undefined {
    switch (path) {
      case "/healthz": {
        const failed = this.options.processors().filter((p) => p.state === "failed");
        const status = failed.length === 0 ? "ok" : "failed";
        return json(failed.length === 0 ? 200 : 503, {
          status,
          ...(failed.length === 0 ? {} : { failed: failed.map((p) => p.groupId) }),
        });
      }
      case "/readyz": {
        const readiness = assessReadiness(this.options.processors(), this.policy);
        return json(readiness.ready ? 200 : 503, readiness);
      }
      case "/metrics":
        return {
          status: 200,
          contentType: PROMETHEUS_CONTENT_TYPE,
          body: this.metricsText(),
        };
      default:
        return undefined;
    }
  }

  /** The Prometheus lines alone, for a service that adds them to its own /metrics. */
  metricsText(): string {
    return processorMetricsText(this.options.processors(), this.options.kafkaConditions?.() ?? {});
  }
}

function json(status: number, body: unknown): OperationalResponse {
  return { status, contentType: JSON_TYPE, body: JSON.stringify(body) };
}
