import type { Readable } from "node:stream";
import type { z } from "zod";
import { createPortalError } from "./errors.js";
import {
  answerAcceptedSchema,
  evidenceStoredSchema,
  previewAnswerSchema,
  problemSchema,
  requestHistorySchema,
  requestListSchema,
  requestStatusSchema,
  submissionAcceptedSchema,
  withdrawalAcceptedSchema,
  type IntakeProblem,
  type RequestListQuery,
} from "./intake-contract.js";

/** Who calls: the organ whose key is used and the staff account that acted (`stf_…`). */
export interface IntakeCaller {
  apiKey: string;
  actor: string;
}

/** Intake's answer: its body when it succeeded, its problem (passed to the SPA) when it refused. */
export type IntakeResult<T> =
  | { ok: true; status: number; body: T }
  | { ok: false; status: number; problem: IntakeProblem; retryAfter?: string };

interface Call {
  method: "GET" | "POST";
  path: string;
  caller: IntakeCaller;
  json?: unknown;
  stream?: { body: Readable; contentType: string; contentLength?: string };
  idempotencyKey?: string;
}

/**
 * Typed client of the intake API (SPEC §4) for the portal's backend: every call carries the
 * organ's key and `Takedown-Actor`, every answer is checked against its schema, and an intake
 * that cannot be reached or times out is PORTAL_INTAKE_UNAVAILABLE (retryable).
 */
export class IntakeClient {
  constructor(private readonly options: { baseUrl: string; timeoutMs: number }) {}

  preview(caller: IntakeCaller, urls: string[]) {
    return this.#call(
      { method: "POST", path: "/v1/preview", caller, json: { urls } },
      previewAnswerSchema,
    );
  }

  listRequests(caller: IntakeCaller, query: RequestListQuery) {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(query))
      if (value !== undefined) search.set(name, String(value));
    const suffix = search.size > 0 ? `?${search.toString()}` : "";
    return this.#call({ method: "GET", path: `/v1/requests${suffix}`, caller }, requestListSchema);
  }

  request(caller: IntakeCaller, requestId: string) {
    return this.#call(
      { method: "GET", path: `/v1/requests/${encodeURIComponent(requestId)}`, caller },
      requestStatusSchema,
    );
  }

  history(caller: IntakeCaller, requestId: string) {
    return this.#call(
      { method: "GET", path: `/v1/requests/${encodeURIComponent(requestId)}/history`, caller },
      requestHistorySchema,
    );
  }

  submit(caller: IntakeCaller, body: unknown, idempotencyKey: string | undefined) {
    return this.#call(
      {
        method: "POST",
        path: "/v1/requests",
        caller,
        json: body,
        ...(idempotencyKey && { idempotencyKey }),
      },
      submissionAcceptedSchema,
    );
  }

  withdraw(caller: IntakeCaller, requestId: string, idempotencyKey: string | undefined) {
    return this.#call(
      {
        method: "POST",
        path: `/v1/requests/${encodeURIComponent(requestId)}/withdraw`,
        caller,
        json: {},
        ...(idempotencyKey && { idempotencyKey }),
      },
      withdrawalAcceptedSchema,
    );
  }

  answer(
    caller: IntakeCaller,
    requestId: string,
    body: unknown,
    idempotencyKey: string | undefined,
  ) {
    return this.#call(
      {
        method: "POST",
        path: `/v1/requests/${encodeURIComponent(requestId)}/answers`,
        caller,
        json: body,
        ...(idempotencyKey && { idempotencyKey }),
      },
      answerAcceptedSchema,
    );
  }

  uploadEvidence(caller: IntakeCaller, stream: NonNullable<Call["stream"]>) {
    return this.#call(
      { method: "POST", path: "/v1/evidence", caller, stream },
      evidenceStoredSchema,
    );
  }

  async #call<S extends z.ZodType>(call: Call, schema: S): Promise<IntakeResult<z.output<S>>> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${call.caller.apiKey}`,
      "takedown-actor": call.caller.actor,
      accept: "application/json, application/problem+json",
    };
    if (call.idempotencyKey !== undefined) headers["idempotency-key"] = call.idempotencyKey;
    let body: RequestInit["body"];
    if (call.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(call.json);
    } else if (call.stream !== undefined) {
      headers["content-type"] = call.stream.contentType;
      if (call.stream.contentLength !== undefined)
        headers["content-length"] = call.stream.contentLength;
      body = call.stream.body;
    }
    let response: Response;
    try {
      response = await fetch(new URL(call.path, this.options.baseUrl), {
        method: call.method,
        headers,
        ...(body === undefined ? {} : { body }),
        ...(call.stream === undefined ? {} : { duplex: "half" }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      throw createPortalError("PORTAL_INTAKE_UNAVAILABLE", {
        detail: `${call.method} ${call.path}`,
        cause: error,
      });
    }
    const text = await response.text().catch((error: unknown) => {
      throw createPortalError("PORTAL_INTAKE_UNAVAILABLE", { detail: call.path, cause: error });
    });
    let json: unknown;
    try {
      json = text === "" ? undefined : JSON.parse(text);
    } catch (error) {
      throw createPortalError("PORTAL_INTAKE_ANSWER_INVALID", {
        detail: `${call.path}: ${response.status} not JSON`,
        cause: error,
      });
    }
    if (!response.ok) {
      const problem = problemSchema.safeParse(json);
      const retryAfter = response.headers.get("retry-after") ?? undefined;
      return {
        ok: false,
        status: response.status,
        problem: problem.success ? problem.data : { status: response.status },
        ...(retryAfter === undefined ? {} : { retryAfter }),
      };
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw createPortalError("PORTAL_INTAKE_ANSWER_INVALID", {
        detail: `${call.path}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
      });
    return { ok: true, status: response.status, body: parsed.data };
  }
}
