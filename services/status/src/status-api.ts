import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
} from "fastify";
import { organIdSchema, requestIdSchema } from "@takedown/contracts";
import type { Logger } from "@takedown/logger";
import { API_CONTENT_SECURITY_POLICY, installSecurityHeaders } from "@takedown/operational-http";
import { openContentQuerySchema, requestListQuerySchema } from "./request-list.js";
import type { StatusMetrics } from "./status-metrics.js";
import type { StatusStore } from "./status-store.js";

export interface StatusApiOptions {
  store: StatusStore;
  metrics: StatusMetrics;
  logger: Logger;
  /** True once the store holds everything committed before start, and while it keeps up. */
  ready: () => boolean;
  /** /readyz: the store, its reader and the updater (default: the store alone). */
  readiness?: () => { ready: boolean } & Record<string, unknown>;
  /** Prometheus lines added to /metrics (the updater's lag, commits and restarts). */
  metricsText?: () => string;
  port: number;
  host: string;
}

function problem(status: number, code: string, detail: string) {
  return { type: "about:blank", title: code, status, detail, code };
}

/**
 * The status service's HTTP side, for intake only (no organ credentials here: intake
 * authenticates the organ and names it): `GET /v1/requests/{id}?organId=…` answers the
 * request's status, or 404 when the request is unknown or another organ's; `…/history` each
 * target's timeline, with the same 404.
 */
export class StatusApi {
  readonly app: FastifyInstance;
  private address: string | undefined;

  constructor(private readonly options: StatusApiOptions) {
    const loggerInstance: FastifyBaseLogger = options.logger;
    const app = Fastify({
      loggerInstance,
      logController: new LogController({ disableRequestLogging: true }),
    });
    this.app = app;
    installSecurityHeaders(app, {
      contentSecurityPolicy: API_CONTENT_SECURITY_POLICY,
      // Loopback, for intake only, yet the answers are organs' requests all the same.
      noStore: (path) => path.startsWith("/v1/"),
    });
    const { store, metrics } = options;

    app.get<{ Params: { requestId: string }; Querystring: { organId?: string } }>(
      "/v1/requests/:requestId",
      (request, reply) => {
        const began = performance.now();
        const { requestId } = request.params;
        const organId = request.query.organId;
        if (!organIdSchema.safeParse(organId).success)
          return reply
            .code(400)
            .type("application/problem+json")
            .send(problem(400, "STATUS_ORGAN_REQUIRED", "organId must name the asking organ"));
        if (!options.ready())
          return reply
            .code(503)
            .header("retry-after", "2")
            .type("application/problem+json")
            .send(problem(503, "STATUS_NOT_READY", "the status store is catching up"));
        const record = requestIdSchema.safeParse(requestId).success
          ? store.record(requestId, organId ?? "")
          : undefined;
        metrics.lookups.observe(
          { outcome: record === undefined ? "not_found" : "found" },
          (performance.now() - began) / 1000,
        );
        if (record === undefined)
          return reply
            .code(404)
            .type("application/problem+json")
            .send(problem(404, "STATUS_NOT_FOUND", requestId));
        return reply.send(record);
      },
    );
    // Every lookup below needs a store that has caught up; the organ's id where it is organ-wide.
    const refuse = (reply: FastifyReply, organId: string | undefined, needsOrgan: boolean) => {
      if (needsOrgan && !organIdSchema.safeParse(organId).success)
        return reply
          .code(400)
          .type("application/problem+json")
          .send(problem(400, "STATUS_ORGAN_REQUIRED", "organId must name the asking organ"));
      if (!options.ready())
        return reply
          .code(503)
          .header("retry-after", "2")
          .type("application/problem+json")
          .send(problem(503, "STATUS_NOT_READY", "the status store is catching up"));
      return undefined;
    };

    app.get<{ Params: { requestId: string }; Querystring: { organId?: string } }>(
      "/v1/requests/:requestId/history",
      (request, reply) => {
        const { organId } = request.query;
        const refused = refuse(reply, organId, true);
        if (refused !== undefined) return refused;
        const { requestId } = request.params;
        const history = requestIdSchema.safeParse(requestId).success
          ? store.history(requestId, organId ?? "")
          : undefined;
        if (history === undefined)
          return reply
            .code(404)
            .type("application/problem+json")
            .send(problem(404, "STATUS_NOT_FOUND", requestId));
        return reply.send(history);
      },
    );

    // The operator's `takedown erase` (issue 13): what each target's target.erased names. No
    // organ filter: the operator may erase any request; this API listens on loopback only.
    app.get<{ Params: { requestId: string } }>(
      "/v1/requests/:requestId/erasure-targets",
      (request, reply) => {
        const { requestId } = request.params;
        const targets = requestIdSchema.safeParse(requestId).success
          ? store.erasures.targetsOf(requestId)
          : [];
        if (targets.length === 0)
          return reply
            .code(404)
            .type("application/problem+json")
            .send(problem(404, "STATUS_NOT_FOUND", requestId));
        return reply.send({ requestId, targets });
      },
    );

    app.get<{ Querystring: Record<string, string | undefined> }>(
      "/v1/requests",
      (request, reply) => {
        const { organId, ...filters } = request.query;
        const refused = refuse(reply, organId, true);
        if (refused !== undefined) return refused;
        const began = performance.now();
        const query = requestListQuerySchema.safeParse(filters);
        const list = query.success ? store.list(organId ?? "", query.data) : undefined;
        metrics.lookups.observe({ outcome: "list" }, (performance.now() - began) / 1000);
        if (list === undefined)
          return reply
            .code(400)
            .type("application/problem+json")
            .send(
              problem(
                400,
                "STATUS_QUERY_INVALID",
                query.success
                  ? "cursor: not a cursor of this list"
                  : query.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
              ),
            );
        return reply.send(list);
      },
    );

    app.post("/v1/content/open", (request, reply) => {
      const refused = refuse(reply, undefined, false);
      if (refused !== undefined) return refused;
      const query = openContentQuerySchema.safeParse(request.body);
      if (!query.success)
        return reply
          .code(400)
          .type("application/problem+json")
          .send(problem(400, "STATUS_QUERY_INVALID", query.error.message));
      return reply.send({ open: store.openContentKeys(query.data.contentKeys) });
    });

    app.get("/healthz", () => ({ status: "ok" }));
    app.get("/readyz", (_request, reply) => {
      const readiness = options.readiness?.() ?? { ready: options.ready(), store: options.ready() };
      return reply.code(readiness.ready ? 200 : 503).send(readiness);
    });
    app.get("/metrics", async (_request, reply) => {
      const own = await metrics.registry.metrics();
      const more = options.metricsText?.() ?? "";
      return reply
        .type(metrics.registry.contentType)
        .send(more === "" ? own : `${own.trimEnd()}\n${more}`);
    });
  }

  /** Listens; resolves to the base URL (port 0 picks a free port). */
  async start(): Promise<string> {
    this.address = await this.app.listen({ port: this.options.port, host: this.options.host });
    return this.address;
  }

  get url(): string {
    if (this.address === undefined) throw new Error("the status API is not listening");
    return this.address;
  }

  async stop(): Promise<void> {
    await this.app.close();
    this.address = undefined;
  }
}
