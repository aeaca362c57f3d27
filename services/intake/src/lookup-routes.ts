import type { FastifyInstance } from "fastify";
import { isTakedownError } from "@takedown/errors";
import {
  decodeListCursor,
  requestListQuerySchema,
  type RequestList,
  type RequestListQuery,
} from "@takedown/status";
import type { ContentPreview } from "./content-preview.js";
import { createIntakeError } from "./errors.js";
import { fieldError } from "./problem-handler.js";

export interface LookupRoutesOptions {
  preview: ContentPreview;
  /** The organ's requests, from the status service's store. */
  list: (organId: string, query: RequestListQuery) => Promise<RequestList>;
}

/**
 * Reads that publish nothing and so need no Kafka: the preview of URLs before a request, and
 * the organ's list of requests. Neither is admitted through the load shedder, like GET by id.
 */
export function lookupRoutes(options: LookupRoutesOptions) {
  return (app: FastifyInstance): void => {
    app.post("/v1/preview", async (request) => options.preview.preview(request.body));

    app.get("/v1/requests", async (request) => {
      const parsed = requestListQuerySchema.safeParse(request.query);
      if (!parsed.success)
        throw fieldError(
          "INTAKE_INVALID_QUERY",
          parsed.error.issues.map((issue) => ({
            field:
              issue.code === "unrecognized_keys"
                ? issue.keys.join(", ")
                : issue.path.map(String).join(".") || "query",
            message: issue.code === "unrecognized_keys" ? "unknown query parameter" : issue.message,
          })),
        );
      const query = parsed.data;
      if (query.cursor !== undefined && decodeListCursor(query.cursor) === undefined)
        throw fieldError("INTAKE_INVALID_QUERY", [
          { field: "cursor", message: "not a cursor this list gave" },
        ]);
      if (query.from !== undefined && query.to !== undefined && query.from >= query.to)
        throw fieldError("INTAKE_INVALID_QUERY", [
          { field: "to", message: "must be later than from" },
        ]);
      try {
        return await options.list(request.organ.id, query);
      } catch (error) {
        throw isTakedownError(error) && error.retryable
          ? createIntakeError("INTAKE_STATUS_UNAVAILABLE", { detail: error.message, cause: error })
          : error;
      }
    });
  };
}
