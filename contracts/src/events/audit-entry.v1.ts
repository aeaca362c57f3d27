import { z } from "zod";
import { defineEvent } from "../catalog/event-definition.js";
import { timestampSchema } from "../domain/identifiers.js";

/** Indexes and offsets can pass 2^53: decimal strings, read with BigInt. */
const decimalSchema = z.string().regex(/^(?:0|[1-9][0-9]*)$/);
const topicNameSchema = z.string().min(1).max(249);

/**
 * What the log covers of each source partition when the entry was appended: every committed
 * record of the partition below `next` is in the log (at an earlier index). Topic names and
 * offsets only, so no personal data. Added to v1 as an optional field (v1.1): older readers
 * ignore it and see an ordinary entry.
 */
const watermarkSchema = z.object({
  topics: z.array(
    z.object({
      topic: topicNameSchema,
      partitions: z.array(
        z.object({
          partition: z.number().int().min(0),
          /** The next offset the log expects; "0" when nothing of the partition was read yet. */
          next: decimalSchema,
        }),
      ),
    }),
  ),
});

export const auditEntryV1 = defineEvent({
  type: "audit.entry",
  major: 1,
  description:
    "One leaf of the audit Merkle tree: a record the pipeline carried, with its CloudEvent attributes and data; an entry with a watermark states which source offsets the log covers.",
  keying: "none",
  schema: z.object({
    /** Position in the log (0-based); equals the Merkle leaf index. */
    index: decimalSchema,
    recordedAt: timestampSchema,
    source: z.object({
      topic: topicNameSchema,
      partition: z.number().int().min(0),
      offset: decimalSchema,
      key: z.string().nullable(),
    }),
    /** CloudEvents attributes without the `ce_` prefix (specversion, id, source, type, time, …). */
    attributes: z.record(z.string(), z.string()),
    /** The event data as carried (parsed JSON), personal data included: the log is access-controlled. */
    data: z.unknown(),
    /**
     * Set on the audit service's own watermark entries (their source is its tick record, their
     * data null): the offsets covered so far, per source topic-partition.
     */
    watermark: watermarkSchema.optional(),
  }),
  keyOf: () => null,
  subjectOf: (data) => data.index,
});
export type AuditEntryV1 = z.output<typeof auditEntryV1.schema>;
export type AuditWatermarkV1 = z.output<typeof watermarkSchema>;
