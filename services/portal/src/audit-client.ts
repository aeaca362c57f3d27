import { createPortalError } from "./errors.js";

export interface AuditClientOptions {
  /** The audit API, e.g. http://127.0.0.1:8090. */
  baseUrl: string;
  timeoutMs: number;
  /** The portal's plain auditor key; read per call, so a key made after start is used. */
  auditorKey: () => Promise<string | undefined>;
}

/** One answer of the audit API, passed on as it came (the browser verifies what matters). */
export interface AuditAnswer {
  status: number;
  contentType: string;
  body: Buffer;
  treeSize?: string;
}

/**
 * The audit API over HTTP, as the portal's auditor: the key stays on the server. Answers are
 * relayed byte for byte, since the browser hashes leaves and checks signatures on exactly them.
 */
export class AuditClient {
  readonly #options: AuditClientOptions;

  constructor(options: AuditClientOptions) {
    this.#options = options;
  }

  /** An auditor route (`/v1/lookup`, `/v1/report`, …): with the portal's auditor key. */
  async asAuditor(path: string, query: URLSearchParams): Promise<AuditAnswer> {
    const key = await this.#options.auditorKey();
    if (key === undefined) throw createPortalError("PORTAL_NO_AUDIT_KEY");
    return this.#get(path, query, { authorization: `Bearer ${key}` });
  }

  /** A public route (`/v1/public/…`): no key, as anyone would call it. */
  async asPublic(path: string, query: URLSearchParams): Promise<AuditAnswer> {
    return this.#get(path, query, {});
  }

  async #get(
    path: string,
    query: URLSearchParams,
    headers: Record<string, string>,
  ): Promise<AuditAnswer> {
    const url = new URL(path, this.#options.baseUrl);
    url.search = query.toString();
    let response: Response;
    let body: Buffer;
    try {
      response = await fetch(url, {
        headers,
        signal: AbortSignal.timeout(this.#options.timeoutMs),
      });
      body = Buffer.from(await response.arrayBuffer());
    } catch (error) {
      throw createPortalError("PORTAL_AUDIT_UNAVAILABLE", { detail: path, cause: error });
    }
    if (response.status >= 500)
      throw createPortalError("PORTAL_AUDIT_UNAVAILABLE", {
        detail: `${path}: HTTP ${response.status}`,
      });
    const treeSize = response.headers.get("x-audit-tree-size");
    return {
      status: response.status,
      contentType: response.headers.get("content-type") ?? "application/octet-stream",
      body,
      ...(treeSize === null ? {} : { treeSize }),
    };
  }
}
