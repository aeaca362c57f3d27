import { z } from "zod";
import { defineEvent } from "../catalog/event-definition.js";
import { timestampSchema } from "../domain/identifiers.js";

/** Indexes and offsets can pass 2^53: decimal strings, read with BigInt. */
const decimalSchema = z.string().regex(/^(?:0|[1-9][0-9]*)$/);

export const auditEntryV1 = defineEvent({
  type: "audit.entry",
  major: 1,
  description:
    "One leaf of the audit Merkle tree: a record the pipeline carried, with its CloudEvent attributes and data.",
  keying: "none",
  schema: z.object({
    /** Position in the log (0-based); equals the Merkle leaf index. */
    index: decimalSchema,
    recordedAt: timestampSchema,
    source: z.object({
      topic: z.string().min(1).max(249),
      partition: z.number().int().min(0),
      offset: decimalSchema,
      key: z.string().nullable(),
    }),
    /** CloudEvents attributes without the `ce_` prefix (specversion, id, source, type, time, …). */
    attributes: z.record(z.string(), z.string()),
    /** The event data as carried (parsed JSON), personal data included: the log is access-controlled. */
    data: z.unknown(),
  }),
  keyOf: () => null,
  subjectOf: (data) => data.index,
});
export type AuditEntryV1 = z.output<typeof auditEntryV1.schema>;
