import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { PlatformDirectory, type OrganRegistry, type PlatformRegistry } from "@takedown/config";
import { kafkaClientLog, type Kafka } from "@takedown/kafka";
import type { Logger } from "@takedown/logger";
import {
  API_CONTENT_SECURITY_POLICY,
  installSecurityHeaders,
  kafkaClientMetricsText,
  type TlsCredentials,
} from "@takedown/operational-http";
import type { S3Client } from "@takedown/s3";
import { StatusClient } from "@takedown/status";
import { ContentPreview } from "./content-preview.js";
import { DossierStore } from "./dossier-store.js";
import { EventPublisher } from "./event-publisher.js";
import { evidenceRoutes } from "./evidence-routes.js";
import { EvidenceStore } from "./evidence-store.js";
import { IdempotencyStore } from "./idempotency-store.js";
import { IntakeMetrics } from "./intake-metrics.js";
import { installJsonBodyParser } from "./json-body-parser.js";
import { KafkaSide } from "./kafka-side.js";
import {
  DEFAULT_HTTP_REQUEST_TIMEOUT_MS,
  DEFAULT_MAX_EVENT_LOOP_DELAY_MS,
  DEFAULT_MAX_IN_FLIGHT,
  DEFAULT_PUBLISH_TIMEOUT_MS,
} from "./intake-env.js";
import { LoadShedder } from "./load-shedder.js";
import { lookupRoutes } from "./lookup-routes.js";
import { buildOpenApiDocument } from "./openapi-document.js";
import { operationalRoutes } from "./operational-routes.js";
import { organAuth } from "./organ-auth-plugin.js";
import { OrganAuthenticator } from "./organ-authenticator.js";
import { OrganRateLimiter } from "./organ-rate-limiter.js";
import { installProblemHandling } from "./problem-handler.js";
import { RequestIntake } from "./request-intake.js";
import { RequestProjection } from "./request-projection.js";
import { requestRoutes } from "./request-routes.js";

export interface IntakeTopics {
  /** takedown.targets.v1: where target.submitted / target.withdrawn go. */
  targets: string;
  /** takedown.intake.idempotency.v1 (compacted). */
  idempotency: string;
}

export interface IntakeDeps {
  logger: Logger;
  kafka: Kafka;
  s3: S3Client;
  organs: OrganRegistry;
  /**
   * The organs with their current keys when the keys changed since the last call (main.ts: the
   * local key file's watch); asked before every /v1 authentication, so a key revoked by
   * `takedown credentials revoke organ-key` gets 401 from the next request on.
   */
  reloadOrgans?: () => Promise<OrganRegistry | undefined>;
  /** platforms.yaml: the preview names the platform routing would notify. */
  platforms: PlatformRegistry;
  topics: IntakeTopics;
  evidenceBucket: string;
  transactionalId: string;
  /** The status service that answers GET /v1/requests/{id} (services/status). */
  statusUrl: string;
  statusTimeoutMs?: number;
  /** How long a GET answer is reused; 0 asks the status service every time. */
  statusCacheTtlMs?: number;
  maxEvidenceBytes?: number;
  maxJsonBytes?: number;
  maxJsonDepth?: number;
  lingerMs?: number;
  /** POSTs validated or published at once; more get 503 overloaded (default 256). */
  maxInFlight?: number;
  /** Shed while the event loop lags more than this (default 500 ms; 0 = only the count). */
  maxEventLoopDelayMs?: number;
  /** How long an admitted POST may take before 503 deadline-exceeded (default 5000 ms). */
  publishTimeoutMs?: number;
  /** Time to receive a whole request, body included, before Node answers 408 (default 60 s). */
  httpRequestTimeoutMs?: number;
  idempotencyRetentionMs?: number;
  now?: () => Date;
  /** Process-wide metrics (memory, event loop); off in tests that build several apps. */
  defaultMetrics?: boolean;
  /** Serve HTTPS with this certificate (INTAKE_TLS_CERT_FILE / _KEY_FILE); else plain HTTP. */
  tls?: TlsCredentials;
}

export interface IntakeApp {
  app: FastifyInstance;
  metrics: IntakeMetrics;
  /** Connects to Kafka (retrying in the background when it is away) and readies the routes. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Builds the intake HTTP API on the given clients; main.ts wires real ones, tests unique topics. */
export function buildApp(deps: IntakeDeps): IntakeApp {
  const now = deps.now ?? (() => new Date());
  const metrics = new IntakeMetrics({ defaultMetrics: deps.defaultMetrics ?? false });
  const status = new StatusClient({
    baseUrl: deps.statusUrl,
    timeoutMs: deps.statusTimeoutMs ?? 2000,
  });
  const projection = new RequestProjection({
    source: status,
    cacheTtlMs: deps.statusCacheTtlMs ?? 1000,
  });
  const evidence = new EvidenceStore({
    s3: deps.s3,
    bucket: deps.evidenceBucket,
  });
  const dossiers = new DossierStore({ s3: deps.s3, bucket: deps.evidenceBucket });
  const publisher = new EventPublisher({
    kafka: deps.kafka,
    transactionalId: deps.transactionalId,
    logger: deps.logger,
    lingerMs: deps.lingerMs ?? 2,
    onCommitted: (seconds) => metrics.produceLatency.observe(seconds),
  });
  const idempotency = new IdempotencyStore({
    kafka: deps.kafka,
    topic: deps.topics.idempotency,
    retentionMs: deps.idempotencyRetentionMs ?? 48 * 3_600_000,
    now: () => now().getTime(),
  });
  const kafkaSide = new KafkaSide({
    kafka: deps.kafka,
    publisher,
    idempotency,
    logger: deps.logger,
  });
  const intake = new RequestIntake({
    targetsTopic: deps.topics.targets,
    publisher,
    evidence,
    dossiers,
    idempotency,
    projection,
    now,
    onLateCommit: () => metrics.lateCommits.inc(),
    onDossierEraseFailed: (requestId, error) =>
      deps.logger.warn(
        { requestId, err: error },
        "dossier delete after erasure failed; the status service's eraser retries it",
      ),
  });
  const shedder = new LoadShedder({
    maxInFlight: deps.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT,
    timeoutMs: deps.publishTimeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS,
    maxEventLoopDelayMs: deps.maxEventLoopDelayMs ?? DEFAULT_MAX_EVENT_LOOP_DELAY_MS,
    onShed: () => metrics.shed.inc(),
    onDeadline: () => metrics.deadlines.inc(),
  });
  metrics.watchShedder(shedder);

  // Typed as Fastify's logger interface so the app's type is the default FastifyInstance, which
  // the encapsulated route plugins take; pino's Logger would make it a distinct generic.
  const loggerInstance: FastifyBaseLogger = deps.logger;
  const app = Fastify({
    loggerInstance,
    bodyLimit: deps.maxJsonBytes ?? 1024 * 1024,
    // Node's own limit on receiving a request (408 after it): a client that trickles its body
    // cannot hold a connection for ever. Handling time is bounded by the load shedder instead.
    requestTimeout: deps.httpRequestTimeoutMs ?? DEFAULT_HTTP_REQUEST_TIMEOUT_MS,
    requestIdHeader: "x-request-id",
    // One line per /v1 call is written by the onResponse hook below, with the route and status.
    logController: new LogController({ disableRequestLogging: true }),
    ...(deps.tls === undefined ? {} : { https: { cert: deps.tls.cert, key: deps.tls.key } }),
  });
  installSecurityHeaders(app, {
    contentSecurityPolicy: API_CONTENT_SECURITY_POLICY,
    // Every /v1 answer is an organ's own requests, read with its key.
    noStore: (path) => path.startsWith("/v1/"),
  });
  installProblemHandling(app);
  installJsonBodyParser(app, {
    bodyLimit: deps.maxJsonBytes ?? 1024 * 1024,
    maxDepth: deps.maxJsonDepth ?? 16,
  });
  app.addHook("onResponse", (request, reply, done) => {
    const route = request.routeOptions.url ?? "unmatched";
    metrics.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    if (reply.statusCode >= 500 || route.startsWith("/v1"))
      request.log.info(
        { reqId: request.id, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
        "request done",
      );
    done();
  });

  const openApi = buildOpenApiDocument({
    maxInFlight: shedder.maxInFlight,
    publishTimeoutMs: deps.publishTimeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS,
  });
  void app.register(
    operationalRoutes({
      kafkaSide,
      evidence,
      metrics,
      openApi,
      takeBatchSizes: () => publisher.takeBatchSizes(),
      extraMetrics: () => kafkaClientMetricsText(kafkaClientLog(deps.kafka).expectedConditions()),
    }),
  );
  void app.register((v1, _options, done) => {
    organAuth({
      authenticator: new OrganAuthenticator({
        registry: deps.organs,
        ...(deps.reloadOrgans === undefined ? {} : { reload: deps.reloadOrgans }),
        // The keys in force stay; revoked keys could still work meanwhile, so someone must act.
        onReloadError: (error) =>
          deps.logger.error({ err: error }, "organ keys not re-read; the keys read before stay"),
      }),
      rateLimiter: new OrganRateLimiter(),
    })(v1);
    void v1.register(
      evidenceRoutes({ evidence, maxBytes: deps.maxEvidenceBytes ?? 25 * 1024 * 1024 }),
    );
    void v1.register(
      lookupRoutes({
        preview: new ContentPreview({
          directory: new PlatformDirectory(deps.platforms),
          openContentKeys: (keys) => status.openContentKeys(keys),
        }),
        list: (organId, query) => status.list(organId, query),
      }),
    );
    void v1.register(requestRoutes({ intake, projection, kafkaSide, shedder }));
    done();
  });

  return {
    app,
    metrics,
    start: async () => {
      shedder.start();
      await kafkaSide.start();
      await app.ready();
    },
    stop: async () => {
      await app.close();
      await kafkaSide.stop();
      shedder.stop();
    },
  };
}
