import { z } from "zod";
import { defineEvent } from "../catalog/event-definition.js";
import { timestampSchema } from "../domain/identifiers.js";

const decimalSchema = z.string().regex(/^(?:0|[1-9][0-9]*)$/);
const base64Schema = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);

/** Where the rejected record was read, with its exact bytes so it can be replayed or audited. */
export const rejectedRecordSchema = z.object({
  topic: z.string().min(1).max(249),
  partition: z.number().int().min(0),
  /** Kafka offsets are int64: kept as a decimal string. */
  offset: decimalSchema,
  /** Kafka record timestamp (ms since epoch, decimal string) when known. */
  timestamp: decimalSchema.optional(),
  keyBase64: base64Schema.nullable(),
  valueBase64: base64Schema.nullable(),
  headers: z.array(z.object({ key: z.string(), valueBase64: base64Schema })),
});

/** A zod issue flattened for the wire. */
export const rejectionIssueSchema = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  code: z.string(),
  message: z.string(),
});

export const recordRejectedV1 = defineEvent({
  type: "record.rejected",
  major: 1,
  description: "A service could not process a record and set it aside, with the reason.",
  keying: "original-key",
  schema: z.object({
    original: rejectedRecordSchema,
    reason: z.object({
      /** A decode rejection code (UNKNOWN_TYPE, INVALID_DATA, …) or a service's own code. */
      code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
      message: z.string().max(10_000),
      issues: z.array(rejectionIssueSchema).optional(),
    }),
    /** The service that rejected it (intake, dedup, routing, audit, …). */
    rejectedBy: z.string().min(1).max(64),
    rejectedAt: timestampSchema,
  }),
  keyOf: (data) =>
    data.original.keyBase64 === null
      ? null
      : Buffer.from(data.original.keyBase64, "base64").toString("utf8"),
  subjectOf: (data) => `${data.original.topic}/${data.original.partition}/${data.original.offset}`,
});
export type RecordRejectedV1 = z.output<typeof recordRejectedV1.schema>;
