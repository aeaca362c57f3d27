import { requestSubmissionBodySchema } from "@takedown/contracts";
import { requestHistorySchema, requestListSchema } from "@takedown/status";
import { z } from "zod";
import { ACTOR_HEADER } from "./actor-header.js";
import { previewBodySchema } from "./content-preview.js";
import {
  answerAcceptedSchema,
  evidenceStoredSchema,
  previewResultsSchema,
  problemSchema,
  requestStatusSchema,
  submissionAcceptedSchema,
  withdrawalAcceptedSchema,
  erasureAcceptedSchema,
} from "./http-schemas.js";
import { DEFAULT_MAX_IN_FLIGHT, DEFAULT_PUBLISH_TIMEOUT_MS } from "./intake-env.js";
import { answerBodySchema } from "./needs-info-answer.js";
import { erasureBodySchema } from "./request-erasure.js";
import { withdrawalBodySchema } from "./request-withdrawal.js";

function jsonSchema(schema: z.ZodType, io: "input" | "output"): Record<string, unknown> {
  const generated: Record<string, unknown> = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
  });
  // OpenAPI 3.1 components inherit the document's dialect; a $schema per component is noise.
  delete generated.$schema;
  return generated;
}

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
});
const json = (description: string, ref: string) => ({
  description,
  content: { "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } },
});
const errors = {
  "400": problem("Invalid body (the problem names the field)"),
  "401": problem("No valid organ API key"),
  "413": problem("Body too large"),
  "429": problem("Rate limit of the organ exceeded; see Retry-After"),
  "503": problem("Kafka or S3 unreachable; nothing was published; see Retry-After"),
};

/** The bounds an instance applies to the POSTs that publish, as served in its document. */
export interface PublishingBounds {
  maxInFlight: number;
  publishTimeoutMs: number;
}

/** The 503 answers of a POST that publishes: what each means and what a client should do. */
function publishingUnavailable(bounds: PublishingBounds) {
  return problem(
    [
      "See Retry-After. `code` tells which:",
      `INTAKE_OVERLOADED (type …/overloaded, Retry-After 1): ${bounds.maxInFlight} requests are already being validated or published; this one was refused at once and nothing was done.`,
      `INTAKE_DEADLINE_EXCEEDED (type …/deadline-exceeded, Retry-After 5): not completed within ${bounds.publishTimeoutMs} ms. The detail says whether the request may still be published; retry with the same Idempotency-Key to get the first answer rather than a second request (a request without a key may be published twice).`,
      "INTAKE_KAFKA_UNAVAILABLE / INTAKE_S3_UNAVAILABLE (Retry-After 5): the event log or evidence store failed; nothing was published.",
      "INTAKE_COMMIT_UNCERTAIN (type …/event-log-unavailable, Retry-After 2): the event log lost touch during the commit, so the request may have been published; a retry with the same Idempotency-Key first checks the log and gets the first answer if it was (without a key, a retry may publish it twice).",
    ].join(" "),
  );
}
const idempotencyKey = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  schema: { type: "string", minLength: 1, maxLength: 255 },
  description: "A retry with the same key and body returns the first answer and publishes nothing.",
};
const actor = {
  name: ACTOR_HEADER,
  in: "header",
  required: false,
  schema: { type: "string", pattern: "^(stf|key)_[A-Za-z0-9]{6,40}$" },
  description:
    "The pseudonymous staff account (stf_…) or key (key_…) acting; recorded as actorId in the events this call publishes. Malformed: 400 naming the header.",
};
const query = (name: string, schema: Record<string, unknown>, description: string) => ({
  name,
  in: "query",
  required: false,
  schema,
  description,
});
const requestIdParam = {
  name: "requestId",
  in: "path",
  required: true,
  schema: { type: "string", pattern: "^req_[0-7][0-9A-HJKMNP-TV-Z]{25}$" },
};

/** OpenAPI 3.1 of SPEC §4, generated from the zod schemas the service validates with. */
export function buildOpenApiDocument(
  bounds: PublishingBounds = {
    maxInFlight: DEFAULT_MAX_IN_FLIGHT,
    publishTimeoutMs: DEFAULT_PUBLISH_TIMEOUT_MS,
  },
): Record<string, unknown> {
  return {
    openapi: "3.1.0",
    info: {
      title: "Takedown relay intake API",
      version: "1.0.0",
      description: `POST /v1/requests and POST /v1/requests/{requestId}/withdraw are bounded: at most ${bounds.maxInFlight} are validated or published at once (more get 503 overloaded at once), and each is answered within ${bounds.publishTimeoutMs} ms (else 503 deadline-exceeded). Send an Idempotency-Key so that a retry after a 503 can never publish a request twice.`,
    },
    components: {
      securitySchemes: { organKey: { type: "http", scheme: "bearer" } },
      schemas: {
        RequestSubmission: jsonSchema(requestSubmissionBodySchema, "input"),
        Withdrawal: jsonSchema(withdrawalBodySchema, "input"),
        EvidenceStored: jsonSchema(evidenceStoredSchema, "output"),
        SubmissionAccepted: jsonSchema(submissionAcceptedSchema, "output"),
        WithdrawalAccepted: jsonSchema(withdrawalAcceptedSchema, "output"),
        RequestStatus: jsonSchema(requestStatusSchema, "output"),
        Preview: jsonSchema(previewBodySchema, "input"),
        PreviewResults: jsonSchema(previewResultsSchema, "output"),
        RequestList: jsonSchema(requestListSchema, "output"),
        RequestHistory: jsonSchema(requestHistorySchema, "output"),
        Answer: jsonSchema(answerBodySchema, "input"),
        AnswerAccepted: jsonSchema(answerAcceptedSchema, "output"),
        Erasure: jsonSchema(erasureBodySchema, "input"),
        ErasureAccepted: jsonSchema(erasureAcceptedSchema, "output"),
        Problem: jsonSchema(problemSchema, "output"),
      },
    },
    security: [{ organKey: [] }],
    paths: {
      "/v1/evidence": {
        post: {
          operationId: "uploadEvidence",
          parameters: [idempotencyKey],
          requestBody: {
            required: true,
            content: { "*/*": { schema: { type: "string", format: "binary" } } },
          },
          responses: {
            "201": json("Stored (or already stored) under its SHA-256", "EvidenceStored"),
            "415": problem("Declared media type contradicts the contents"),
            ...errors,
          },
        },
      },
      "/v1/preview": {
        post: {
          operationId: "previewUrls",
          requestBody: {
            required: true,
            content: { "application/json": { schema: { $ref: "#/components/schemas/Preview" } } },
          },
          responses: {
            "200": json(
              "Per URL, in order: canonical form, the platform that would be notified (null: triage) and whether a case is open for it, never whose. A URL that cannot be submitted carries its problem instead.",
              "PreviewResults",
            ),
            "400": errors["400"],
            "401": errors["401"],
            "503": problem("Case status unavailable for now; see Retry-After"),
          },
        },
      },
      "/v1/requests": {
        get: {
          operationId: "listRequests",
          parameters: [
            query(
              "state",
              { type: "string" },
              "Requests with at least one target in this state (a case state, or submitted: not on a case yet)",
            ),
            query("platform", { type: "string" }, "Requests with a target routed to this platform"),
            query("category", { type: "string" }, "Requests of this category"),
            query("from", { type: "string", format: "date-time" }, "Submitted at or after"),
            query("to", { type: "string", format: "date-time" }, "Submitted before"),
            query("cursor", { type: "string" }, "nextCursor of the previous page"),
            query("limit", { type: "integer", minimum: 1, maximum: 200, default: 50 }, "Page size"),
          ],
          responses: {
            "200": json(
              "The organ's own requests, newest first; counts: targets per state over all requests the filters other than state match",
              "RequestList",
            ),
            "400": problem("Invalid query (the problem names the parameter)"),
            "401": errors["401"],
            "503": problem("Request status unavailable for now; see Retry-After"),
          },
        },
        post: {
          operationId: "submitRequest",
          parameters: [idempotencyKey],
          requestBody: {
            required: true,
            content: {
              "application/json": { schema: { $ref: "#/components/schemas/RequestSubmission" } },
            },
          },
          responses: {
            "202": {
              ...json("Accepted; one target.submitted per target published", "SubmissionAccepted"),
              headers: { Location: { schema: { type: "string" } } },
            },
            "422": problem("Unknown evidence, refused URL, or Idempotency-Key reused"),
            ...errors,
            "503": publishingUnavailable(bounds),
          },
        },
      },
      "/v1/requests/{requestId}": {
        get: {
          operationId: "getRequest",
          parameters: [requestIdParam],
          responses: {
            "200": json("The request and its targets' cases", "RequestStatus"),
            "401": errors["401"],
            "404": problem("No such request of this organ"),
            "503": problem("Request status unavailable for now; see Retry-After"),
          },
        },
      },
      "/v1/requests/{requestId}/history": {
        get: {
          operationId: "getRequestHistory",
          parameters: [requestIdParam],
          responses: {
            "200": json(
              "Per target, oldest first: submitted, case opened or merged (the case's earlier steps are not shown), notices issued and revised with their deadline, state changes with the platform's action and reason code, withdrawal; deadline: the platform's answer deadline while the case waits for an answer",
              "RequestHistory",
            ),
            "401": errors["401"],
            "404": problem("No such request of this organ"),
            "503": problem("Request status unavailable for now; see Retry-After"),
          },
        },
      },
      "/v1/requests/{requestId}/withdraw": {
        post: {
          operationId: "withdrawRequest",
          parameters: [requestIdParam, idempotencyKey],
          requestBody: {
            required: false,
            content: {
              "application/json": { schema: { $ref: "#/components/schemas/Withdrawal" } },
            },
          },
          responses: {
            "202": json("target.withdrawn published for every open target", "WithdrawalAccepted"),
            "404": problem("No such request of this organ"),
            "409": problem("Already withdrawn"),
            ...errors,
            "503": publishingUnavailable(bounds),
          },
        },
      },
      "/v1/requests/{requestId}/answers": {
        post: {
          operationId: "answerQuestion",
          parameters: [requestIdParam, idempotencyKey, actor],
          requestBody: {
            required: true,
            content: { "application/json": { schema: { $ref: "#/components/schemas/Answer" } } },
          },
          responses: {
            "202": json(
              "The message is stored as text/plain evidence; target.info_provided published. The platform gets a revised notice and the case returns to notified.",
              "AnswerAccepted",
            ),
            "404": problem("No such request of this organ"),
            "409": problem("The target's case is not in needs_info"),
            "422": problem("Unknown evidence or Idempotency-Key reused"),
            ...errors,
            "503": publishingUnavailable(bounds),
          },
        },
      },
      "/v1/requests/{requestId}/erase": {
        post: {
          operationId: "eraseRequest",
          description:
            "Erases the personal data of the organ's own request (issue 13): target.erased is published per target, the dossier (description, notes, legal-basis text, contact, victim) and its commitment secret are deleted before the answer, and within ERASURE_SWEEP_INTERVAL_MS (default 60 s) the status service deletes every evidence object no live request names. Platforms' links then answer 404. The request, its targets and cases stay, shown with erased: true. Erasing again answers the same and publishes nothing.",
          parameters: [requestIdParam, idempotencyKey, actor],
          requestBody: {
            required: false,
            content: { "application/json": { schema: { $ref: "#/components/schemas/Erasure" } } },
          },
          responses: {
            "202": json("target.erased published for every target", "ErasureAccepted"),
            "404": problem("No such request of this organ"),
            "422": problem("reason is not an erasure reason code"),
            ...errors,
            "503": publishingUnavailable(bounds),
          },
        },
      },
      "/healthz": {
        get: { security: [], responses: { "200": { description: "The process is alive" } } },
      },
      "/readyz": {
        get: {
          security: [],
          responses: {
            "200": { description: "Kafka and S3 reachable, state restored" },
            "503": { description: "Not ready" },
          },
        },
      },
      "/metrics": {
        get: { security: [], responses: { "200": { description: "Prometheus text format" } } },
      },
    },
  };
}
