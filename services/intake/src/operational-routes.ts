import type { FastifyInstance } from "fastify";
import type { EvidenceStore } from "./evidence-store.js";
import type { IntakeMetrics } from "./intake-metrics.js";
import type { KafkaSide } from "./kafka-side.js";

export interface OperationalRoutesOptions {
  kafkaSide: KafkaSide;
  evidence: EvidenceStore;
  metrics: IntakeMetrics;
  takeBatchSizes: () => number[];
  /** Prometheus lines kept outside the registry (the Kafka client's expected conditions). */
  extraMetrics?: () => string;
  openApi: Record<string, unknown>;
}

/** Unauthenticated routes for operators and orchestrators. */
export function operationalRoutes(options: OperationalRoutesOptions) {
  return (app: FastifyInstance): void => {
    app.get("/healthz", () => ({ status: "ok" }));

    app.get("/readyz", async (_request, reply) => {
      const [kafka, s3] = await Promise.all([
        options.kafkaSide.probe(),
        options.evidence.reachable(),
      ]);
      return reply.code(kafka && s3 ? 200 : 503).send({ kafka, s3 });
    });

    app.get("/metrics", async (_request, reply) => {
      for (const size of options.takeBatchSizes()) options.metrics.batchSizes.observe(size);
      return reply
        .type(options.metrics.registry.contentType)
        .send((await options.metrics.registry.metrics()) + (options.extraMetrics?.() ?? ""));
    });

    app.get("/openapi.json", () => options.openApi);
  };
}
