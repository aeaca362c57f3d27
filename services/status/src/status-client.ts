import { createStatusError } from "./errors.js";
import {
  openContentAnswerSchema,
  requestListSchema,
  type RequestList,
  type RequestListQuery,
} from "./request-list.js";
import { requestHistorySchema, type RequestHistory } from "./request-history.js";
import {
  erasureTargetsSchema,
  statusRecordSchema,
  type ErasureTargets,
  type StatusRecord,
} from "./status-record.js";

export interface StatusClientOptions {
  /** The status service's base URL, e.g. http://127.0.0.1:8085. */
  baseUrl: string;
  timeoutMs?: number;
}

/** Intake's side of the status API: one lookup per call, over keep-alive connections. */
export class StatusClient {
  private readonly baseUrl: string;

  constructor(private readonly options: StatusClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
  }

  /**
   * The request's status for this organ; undefined when unknown or another organ's. Throws
   * STATUS_UNAVAILABLE (retryable) when the service cannot answer now.
   */
  async record(requestId: string, organId: string): Promise<StatusRecord | undefined> {
    const url = `${this.baseUrl}/v1/requests/${encodeURIComponent(requestId)}?organId=${encodeURIComponent(organId)}`;
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(this.options.timeoutMs ?? 2000) });
    } catch (error) {
      throw createStatusError("STATUS_UNAVAILABLE", { detail: "no answer", cause: error });
    }
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      throw createStatusError("STATUS_UNAVAILABLE", { detail: `HTTP ${response.status}` });
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      throw createStatusError("STATUS_UNAVAILABLE", { detail: "answer cut short", cause: error });
    }
    const parsed = statusRecordSchema.safeParse(body);
    if (!parsed.success || parsed.data.requestId !== requestId || parsed.data.organId !== organId)
      throw createStatusError("STATUS_ANSWER_INVALID", { detail: requestId });
    return parsed.data;
  }

  /** Each target's timeline; undefined when the request is unknown or another organ's. */
  async history(requestId: string, organId: string): Promise<RequestHistory | undefined> {
    const params = new URLSearchParams({ organId });
    const path = `/v1/requests/${encodeURIComponent(requestId)}/history?${params.toString()}`;
    const body = await this.call(path, undefined, { notFound: true });
    if (body === undefined) return undefined;
    const parsed = requestHistorySchema.safeParse(body);
    if (!parsed.success || parsed.data.requestId !== requestId)
      throw createStatusError("STATUS_ANSWER_INVALID", { detail: `${requestId} history` });
    return parsed.data;
  }

  /** A page of the organ's requests (the query as validated by requestListQuerySchema). */
  async list(organId: string, query: RequestListQuery): Promise<RequestList> {
    const params = new URLSearchParams({ organId });
    for (const [name, value] of Object.entries(query))
      if (value !== undefined) params.set(name, String(value));
    const body = await this.call(`/v1/requests?${params.toString()}`);
    const parsed = requestListSchema.safeParse(body);
    if (!parsed.success) throw createStatusError("STATUS_ANSWER_INVALID", { detail: "list" });
    return parsed.data;
  }

  /** The operator's erasure: each target of the request with the organ and key its event names. */
  async erasureTargets(requestId: string): Promise<ErasureTargets> {
    const body = await this.call(`/v1/requests/${encodeURIComponent(requestId)}/erasure-targets`);
    const parsed = erasureTargetsSchema.safeParse(body);
    if (!parsed.success) throw createStatusError("STATUS_ANSWER_INVALID", { detail: "targets" });
    return parsed.data;
  }

  /** Which of these content keys have a case that is not over. */
  async openContentKeys(contentKeys: readonly string[]): Promise<Set<string>> {
    const body = await this.call("/v1/content/open", { contentKeys });
    const parsed = openContentAnswerSchema.safeParse(body);
    if (!parsed.success) throw createStatusError("STATUS_ANSWER_INVALID", { detail: "open" });
    return new Set(parsed.data.open);
  }

  private async call(
    path: string,
    json?: unknown,
    options: { notFound?: boolean } = {},
  ): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 2000),
        ...(json !== undefined && {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(json),
        }),
      });
    } catch (error) {
      throw createStatusError("STATUS_UNAVAILABLE", { detail: "no answer", cause: error });
    }
    if (options.notFound === true && response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    if (response.status !== 200) {
      const text = await response.text().catch(() => "");
      // A 400 means intake asked something it should have refused itself: not worth a retry.
      throw createStatusError(
        response.status === 400 ? "STATUS_ANSWER_INVALID" : "STATUS_UNAVAILABLE",
        { detail: `HTTP ${response.status} ${text.slice(0, 200)}` },
      );
    }
    try {
      return await response.json();
    } catch (error) {
      throw createStatusError("STATUS_UNAVAILABLE", { detail: "answer cut short", cause: error });
    }
  }
}
