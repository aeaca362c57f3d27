import { Agent, request } from "node:http";
import { connect } from "node:net";
import type { FuzzHttpRequest } from "./intake-fuzz-cases.js";

/** How one fuzz request ended: a status, a network error code, or "CLIENT" (unsendable). */
export interface FuzzHttpOutcome {
  /** `413`, `ECONNRESET`, `TIMEOUT`… */
  outcome: string;
  status?: number;
  /** For 4xx: whether the answer is RFC 9457 application/problem+json. */
  problem?: boolean;
}

/**
 * Sends fuzz requests over plain node:http with keep-alive (header values as latin-1 bytes, so
 * invalid UTF-8 reaches the server), and malformed HTTP over raw sockets. Never throws.
 */
export class FuzzHttpClient {
  private readonly agent: Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(
    baseUrl: string,
    private readonly options: { concurrency: number; timeoutMs: number; rawTimeoutMs: number },
  ) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  }

  /** Requests sent again because the kept-alive socket they went out on had been closed. */
  staleSocketRetries = 0;

  async send(fuzz: FuzzHttpRequest): Promise<FuzzHttpOutcome> {
    if (fuzz.raw !== undefined) return this.raw(fuzz.raw);
    const first = await this.http(fuzz);
    if (first.outcome !== "STALE_SOCKET") return first;
    // The server closed an idle kept-alive socket (or one it answered 413/431 on) as we wrote:
    // the request never reached it. Once more on a fresh socket; a second reset counts.
    this.staleSocketRetries += 1;
    const second = await this.http(fuzz);
    return second.outcome === "STALE_SOCKET" ? { outcome: "ECONNRESET" } : second;
  }

  close(): void {
    this.agent.destroy();
  }

  private http(fuzz: FuzzHttpRequest): Promise<FuzzHttpOutcome> {
    return new Promise((resolve) => {
      let settled = false;
      const done = (outcome: FuzzHttpOutcome) => {
        if (settled) return;
        settled = true;
        resolve(outcome);
      };
      let req;
      try {
        req = request({
          host: this.host,
          port: this.port,
          method: fuzz.method,
          path: fuzz.path,
          headers: {
            ...fuzz.headers,
            ...(fuzz.body === undefined ? {} : { "content-length": String(fuzz.body.length) }),
          },
          agent: this.agent,
        });
      } catch (error) {
        done({ outcome: `CLIENT:${(error as { code?: string }).code ?? "ERROR"}` });
        return;
      }
      req.setTimeout(this.options.timeoutMs, () => {
        req.destroy();
        done({ outcome: "TIMEOUT" });
      });
      req.on("response", (response) => {
        const status = response.statusCode ?? 0;
        const problem = String(response.headers["content-type"] ?? "").startsWith(
          "application/problem+json",
        );
        response.resume();
        response.on("end", () => done({ outcome: String(status), status, problem }));
        response.on("error", () => done({ outcome: String(status), status, problem }));
      });
      req.on("error", (error: NodeJS.ErrnoException) => {
        const stale = req.reusedSocket && (error.code === "ECONNRESET" || error.code === "EPIPE");
        done({ outcome: stale ? "STALE_SOCKET" : (error.code ?? error.name) });
      });
      // A server that answers before reading the whole body (413) may close while we write.
      req.end(fuzz.body);
    });
  }

  private raw(bytes: Buffer): Promise<FuzzHttpOutcome> {
    return new Promise((resolve) => {
      const socket = connect({ host: this.host, port: this.port });
      let head = "";
      const finish = (outcome: FuzzHttpOutcome) => {
        socket.destroy();
        resolve(outcome);
      };
      socket.setTimeout(this.options.rawTimeoutMs, () => finish({ outcome: "TIMEOUT" }));
      socket.on("connect", () => socket.write(bytes));
      socket.on("data", (chunk: Buffer) => {
        head += chunk.toString("latin1");
        const match = /^HTTP\/1\.[01] (\d{3})/.exec(head);
        if (match !== null && head.includes("\r\n\r\n")) {
          const status = Number(match[1]);
          const problem = /\r\ncontent-type: application\/problem\+json/i.test(head);
          finish({ outcome: String(status), status, problem });
        }
      });
      socket.on("end", () => finish({ outcome: head === "" ? "CLOSED" : "PARTIAL" }));
      socket.on("error", (error: NodeJS.ErrnoException) =>
        finish({ outcome: error.code ?? error.name }),
      );
    });
  }
}
