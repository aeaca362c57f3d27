import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import type { OperationalEndpoints } from "./operational-endpoints.js";

export interface OperationalServerOptions {
  endpoints: OperationalEndpoints;
  /** 0 picks a free port (tests). */
  port: number;
  host?: string;
  logger: Logger;
}

/**
 * A small HTTP server for a service without an API of its own (dedup, routing): /healthz,
 * /readyz and /metrics for orchestrators and Prometheus, nothing else.
 */
export class OperationalServer {
  private server: Server | undefined;
  private boundPort: number | undefined;

  constructor(private readonly options: OperationalServerOptions) {}

  /** The listening address, e.g. http://127.0.0.1:8081, once started. */
  get address(): string | undefined {
    return this.boundPort === undefined
      ? undefined
      : `http://${this.options.host ?? "127.0.0.1"}:${this.boundPort}`;
  }

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      const path = (request.url ?? "/").split("?")[0] ?? "/";
      const answer =
        request.method === "GET" || request.method === "HEAD"
          ? this.options.endpoints.respond(path)
          : undefined;
      if (answer === undefined) {
        const status = request.method === "GET" || request.method === "HEAD" ? 404 : 405;
        response.writeHead(status, { "content-type": "application/problem+json" });
        response.end(
          JSON.stringify({
            type: "about:blank",
            title: status === 404 ? "not found" : "method not allowed",
            status,
            detail: `${request.method ?? "?"} ${path}: only GET /healthz, /readyz and /metrics`,
          }),
        );
        return;
      }
      response.writeHead(answer.status, { "content-type": answer.contentType });
      response.end(request.method === "HEAD" ? undefined : answer.body);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.options.port, this.options.host ?? "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    this.server = server;
    this.boundPort = (server.address() as AddressInfo).port;
    this.options.logger.info({ address: this.address }, "operational endpoints listening");
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.boundPort = undefined;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
