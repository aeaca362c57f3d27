import { isTakedownError } from "@takedown/errors";
import type { Logger } from "@takedown/logger";
import Fastify from "fastify";
import {
  API_CONTENT_SECURITY_POLICY,
  installSecurityHeaders,
  type TlsCredentials,
} from "@takedown/operational-http";
import type { FastifyInstance } from "fastify";
import type { ArchivedLogReader } from "@takedown/audit-tools";
import type { Auditor } from "@takedown/local-keys";
import { parseAuditEntry } from "@takedown/audit-tools";
import { decimal, invalid, problem } from "./api-query.js";
import { registerLookupRoutes } from "./lookup-routes.js";
import { registerPublicRoutes } from "./public-routes.js";
import { ReportFactsFeed } from "./report-facts-feed.js";

/** Finds the auditor of an `Authorization` header (an ApiKeyAuthenticator in the service). */
export interface AuditorAuthenticator {
  authenticate(authorization: string | undefined): Promise<Auditor | undefined>;
}

export interface AuditApiOptions {
  reader: ArchivedLogReader;
  /** Only hashes of the auditors' keys are stored (see auditor-keys.ts). */
  auditors: AuditorAuthenticator;
  logger: Logger;
  /** The log's public key, published at GET /v1/public/log. */
  verifierKey: string;
  origin: string;
  /** organ id → kind (organs.yaml) for the report's organ-kind rows. */
  organKinds?: ReadonlyMap<string, string>;
  /** Public report: counts below this are withheld (default 5). */
  publicMinCell?: number;
  port: number;
  host?: string;
  /** Serve HTTPS with this certificate (AUDIT_TLS_CERT_FILE / _KEY_FILE); else plain HTTP. */
  tls?: TlsCredentials;
  /**
   * GET /healthz, GET /readyz (503 when not ready) and GET /metrics (Prometheus text): the
   * appender's processor health joined with the log's lag behind its sources (app.ts).
   */
  operations?: {
    health: () => { ok: boolean; body: unknown };
    metrics: () => Promise<{ contentType: string; body: string }>;
    readiness: () => { ready: boolean };
  };
}

const MAX_ENTRIES = 1000;
const b64 = (hash: Uint8Array): string => Buffer.from(hash).toString("base64");

/**
 * Read-only audit API for auditors (`Authorization: Bearer <key>`): latest checkpoint, entries by
 * range, inclusion proofs by index or event id, consistency proofs. Everything is served from
 * the S3 archive, so what an auditor checks here is what anyone can fetch from the tiles.
 */
export class AuditApi {
  readonly #options: AuditApiOptions;
  readonly #app: FastifyInstance;
  #address: string | undefined;

  constructor(options: AuditApiOptions) {
    this.#options = options;
    this.#app = Fastify({
      logger: false,
      ...(options.tls === undefined
        ? {}
        : { https: { cert: options.tls.cert, key: options.tls.key } }),
    });
    installSecurityHeaders(this.#app, {
      contentSecurityPolicy: API_CONTENT_SECURITY_POLICY,
      // What an auditor reads with a key; the public report and log description may be cached.
      noStore: (path) => path.startsWith("/v1/") && !path.startsWith("/v1/public/"),
    });
    this.#routes();
  }

  /** The listening address, e.g. http://127.0.0.1:8090. */
  get address(): string | undefined {
    return this.#address;
  }

  async start(): Promise<void> {
    this.#address = await this.#app.listen({
      port: this.#options.port,
      host: this.#options.host ?? "127.0.0.1",
    });
  }

  async stop(): Promise<void> {
    await this.#app.close();
  }

  #routes(): void {
    const app = this.#app;
    const reader = this.#options.reader;
    const auditors = this.#options.auditors;
    const operations = this.#options.operations;
    app.get("/healthz", async (_request, reply) => {
      if (operations === undefined) return { status: "ok" };
      const health = operations.health();
      return reply.code(health.ok ? 200 : 503).send(health.body);
    });
    if (operations !== undefined) {
      app.get("/readyz", async (_request, reply) => {
        const readiness = operations.readiness();
        return reply.code(readiness.ready ? 200 : 503).send(readiness);
      });
      app.get("/metrics", async (_request, reply) => {
        const { contentType, body } = await operations.metrics();
        return reply.type(contentType).send(body);
      });
    }
    app.addHook("onRequest", async (request, reply) => {
      // Only the aggregate report and how to verify the log are public.
      if (!request.url.startsWith("/v1/") || request.url.startsWith("/v1/public/")) return;
      if ((await auditors.authenticate(request.headers.authorization)) === undefined) {
        reply.header("www-authenticate", 'Bearer realm="takedown-audit"');
        await problem(reply, 401, "unauthorized", "a valid auditor API key is required");
      }
    });
    app.setErrorHandler(async (error, _request, reply) => {
      if (isTakedownError(error) && error.code === "AUDIT_INVALID_QUERY") {
        const field = error.details["field"];
        return problem(
          reply,
          400,
          "invalid query",
          error.message,
          field === undefined ? {} : { field },
        );
      }
      if (isTakedownError(error) && error.code === "AUDIT_NO_CHECKPOINT")
        return problem(reply, 404, "no checkpoint", error.message);
      this.#options.logger.error({ err: error }, "audit api request failed");
      return problem(reply, 503, "archive unavailable", "the audit archive could not be read");
    });

    app.get("/v1/checkpoint", async (_request, reply) => {
      const { note } = await reader.latestCheckpoint();
      return reply.type("text/plain; charset=utf-8").send(note);
    });

    app.get<{ Querystring: { start?: string; end?: string } }>("/v1/entries", async (request) => {
      const { checkpoint } = await reader.latestCheckpoint();
      const start = decimal(request.query.start, "start");
      const end = decimal(request.query.end, "end", checkpoint.size);
      const capped = end - start > BigInt(MAX_ENTRIES) ? start + BigInt(MAX_ENTRIES) : end;
      const entries = await reader.entries(start, capped, checkpoint.size);
      return {
        treeSize: checkpoint.size.toString(),
        entries: entries.map((bytes) => parseAuditEntry(bytes)),
        next: capped < end ? capped.toString() : null,
      };
    });

    app.get<{ Querystring: { index?: string; eventId?: string; size?: string } }>(
      "/v1/proofs/inclusion",
      async (request, reply) => {
        const { checkpoint, note } = await reader.latestCheckpoint();
        const size = decimal(request.query.size, "size", checkpoint.size);
        let index: bigint | undefined;
        if (request.query.eventId !== undefined) {
          index = await reader.indexOfEvent(request.query.eventId, size);
          if (index === undefined)
            return problem(reply, 404, "unknown event", "no entry records this event id");
        } else index = decimal(request.query.index, "index");
        const proof = await reader.inclusionProof(index, size);
        return {
          index: index.toString(),
          treeSize: size.toString(),
          leafHash: b64(proof.leafHash),
          proof: proof.proof.map(b64),
          checkpoint: size === checkpoint.size ? note : null,
        };
      },
    );

    app.get<{ Querystring: { from?: string; to?: string } }>(
      "/v1/proofs/consistency",
      async (request) => {
        const { checkpoint } = await reader.latestCheckpoint();
        const from = decimal(request.query.from, "from");
        const to = decimal(request.query.to, "to", checkpoint.size);
        if (to > checkpoint.size)
          invalid(`to ${to} is past the checkpoint size ${checkpoint.size}`, "to");
        const proof = await reader.consistencyProof(from, to);
        return {
          from: from.toString(),
          to: to.toString(),
          proof: proof.map(b64),
          // The signed notes of both sizes where the archive keeps them, to verify against.
          fromCheckpoint: await reader.checkpointNoteAt(from),
          toCheckpoint: await reader.checkpointNoteAt(to),
        };
      },
    );

    const feed = new ReportFactsFeed(reader, this.#options.organKinds);
    registerLookupRoutes(app, { reader, feed, maxEntries: MAX_ENTRIES });
    registerPublicRoutes(app, {
      reader,
      feed,
      verifierKey: this.#options.verifierKey,
      origin: this.#options.origin,
      minCell: this.#options.publicMinCell ?? 5,
    });
  }
}
