import { z } from "zod";
import {
  caseIdMatchesContentKey,
  caseIdSchema,
  caseStateSchema,
  organIdSchema,
  targetIdSchema,
} from "@takedown/contracts";
import type { CaseRecord } from "./case-record.js";
import { createDedupError } from "./errors.js";

/**
 * The value of a `takedown.dedup.state.v1` record: plain JSON so an operator can read the state
 * of a content key with any Kafka tool. `v` lets a later layout be told apart on restore.
 */
const changelogValueSchema = z.strictObject({
  v: z.literal(1),
  caseId: caseIdSchema,
  state: caseStateSchema,
  members: z
    .array(
      z.strictObject({
        targetId: targetIdSchema,
        organId: organIdSchema,
        withdrawn: z.boolean().optional(),
      }),
    )
    .min(1),
  earlierTargetIds: z.array(targetIdSchema).optional(),
});

export function encodeChangelogValue(record: CaseRecord): Buffer {
  return Buffer.from(
    JSON.stringify({
      v: 1,
      caseId: record.caseId,
      state: record.state,
      members: record.members.map((m) =>
        m.withdrawn
          ? { targetId: m.targetId, organId: m.organId, withdrawn: true }
          : { targetId: m.targetId, organId: m.organId },
      ),
      ...(record.earlierTargetIds.length === 0
        ? {}
        : { earlierTargetIds: record.earlierTargetIds }),
    }),
  );
}

/** Throws DEDUP_STATE_CORRUPT: state that cannot be read must stop the service, not be guessed. */
export function decodeChangelogValue(contentKey: string, value: Buffer | null): CaseRecord {
  let json: unknown;
  try {
    json = JSON.parse(value === null ? "null" : value.toString("utf8"));
  } catch (error) {
    throw createDedupError("DEDUP_STATE_CORRUPT", { detail: contentKey, cause: error });
  }
  const parsed = changelogValueSchema.safeParse(json);
  if (!parsed.success)
    throw createDedupError("DEDUP_STATE_CORRUPT", {
      detail: `${contentKey}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    });
  if (!caseIdMatchesContentKey(parsed.data.caseId, contentKey))
    throw createDedupError("DEDUP_STATE_CORRUPT", {
      detail: `${parsed.data.caseId} is not a case of ${contentKey}`,
    });
  return {
    caseId: parsed.data.caseId,
    state: parsed.data.state,
    members: parsed.data.members.map((m) => ({
      targetId: m.targetId,
      organId: m.organId,
      withdrawn: m.withdrawn === true,
    })),
    earlierTargetIds: parsed.data.earlierTargetIds ?? [],
  };
}
