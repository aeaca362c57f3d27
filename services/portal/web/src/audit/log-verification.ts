import {
  openLogKey,
  verifyCheckpoint,
  verifyCheckpointConsistency,
  verifyEntryInclusion,
  type EntryWithProof,
  type LogKey,
  type VerifiedCheckpoint,
  type VerifiedClaim,
} from "@takedown/log-verification-web";
import type { AuditLogInfo } from "../../../src/bff-contract.js";
import { auditJson, auditText } from "./audit-fetch.js";
import { lastSeenCheckpoint, rememberCheckpoint } from "./checkpoint-memory.js";

/** One entry of GET /api/audit/lookup, as the audit API serves it. */
export interface LookedUpEntry extends EntryWithProof {
  index: string;
  leaf: string;
  entry: { recordedAt?: string; attributes?: Record<string, string> };
}

export interface LookupAnswer {
  treeSize: string;
  checkpoint: string | null;
  entries: LookedUpEntry[];
  truncated: boolean;
}

export type Consistency =
  | { kind: "first-visit" }
  | { kind: "same" }
  | { kind: "ok"; previousSize: string; claims: readonly VerifiedClaim[] }
  | { kind: "failed"; previousSize: string; code: string; message: string };

export type CheckpointCheck =
  | { ok: true; key: LogKey; verifierKey: string; checkpoint: VerifiedCheckpoint }
  | { ok: false; code: string; message: string; claims: readonly VerifiedClaim[] };

/** The pinned key and a checkpoint note, verified here; `scope` picks the auditor or public routes. */
export async function checkCheckpoint(scope: "audit" | "public"): Promise<CheckpointCheck> {
  const info = await auditJson<AuditLogInfo>(`/api/${scope}/log`);
  const note = await auditText(`/api/${scope}/checkpoint`);
  const key = await openLogKey(info.verifierKey);
  // The key's name is the log's origin (C2SP): a valid signature over another log proves nothing.
  const verdict = await verifyCheckpoint(note, key, { origin: key.name });
  if (!verdict.ok)
    return { ok: false, code: verdict.code, message: verdict.message, claims: verdict.verified };
  return { ok: true, key, verifierKey: info.verifierKey, checkpoint: verdict.value };
}

/**
 * Proves `current` extends the checkpoint this browser saw last, and remembers `current` only
 * when it does (or when there was none).
 */
export async function checkConsistency(
  key: LogKey,
  verifierKey: string,
  current: VerifiedCheckpoint,
): Promise<Consistency> {
  const stored = lastSeenCheckpoint(verifierKey);
  if (stored === undefined) {
    rememberCheckpoint(verifierKey, current.note);
    return { kind: "first-visit" };
  }
  const previous = await verifyCheckpoint(stored, key, { origin: key.name });
  if (!previous.ok) {
    // What this browser stored no longer verifies: start over from the current checkpoint.
    rememberCheckpoint(verifierKey, current.note);
    return { kind: "first-visit" };
  }
  const older = previous.value;
  if (older.note === current.note) return { kind: "same" };
  const previousSize = older.size.toString();
  let proof: string[] = [];
  if (older.size > 0n && older.size < current.size) {
    const answer = await auditJson<{ proof: string[] }>(
      `/api/audit/consistency?from=${older.size}&to=${current.size}`,
    );
    proof = answer.proof;
  }
  const verdict = await verifyCheckpointConsistency(older, current, proof);
  if (!verdict.ok)
    return { kind: "failed", previousSize, code: verdict.code, message: verdict.message };
  rememberCheckpoint(verifierKey, current.note);
  return { kind: "ok", previousSize, claims: verdict.verified };
}

export interface ProvenEntry {
  entry: LookedUpEntry;
  ok: boolean;
  code?: string;
  claims: readonly VerifiedClaim[];
}

/**
 * Looks entries up and verifies each inclusion proof here against the checkpoint of the same
 * size, itself verified with the pinned key.
 */
export async function lookUpAndProve(
  key: LogKey,
  query: string,
): Promise<{ answer: LookupAnswer; checkpoint: CheckpointCheck; entries: ProvenEntry[] }> {
  const answer = await auditJson<LookupAnswer>(`/api/audit/lookup?${query}`);
  const verdict =
    answer.checkpoint === null
      ? ({ ok: false, code: "NO_CHECKPOINT", message: "no checkpoint", verified: [] } as const)
      : await verifyCheckpoint(answer.checkpoint, key, { origin: key.name });
  if (!verdict.ok)
    return {
      answer,
      checkpoint: {
        ok: false,
        code: verdict.code,
        message: verdict.message,
        claims: verdict.verified,
      },
      entries: answer.entries.map((entry) => ({ entry, ok: false, claims: [] })),
    };
  const entries: ProvenEntry[] = [];
  for (const entry of answer.entries) {
    const proven = await verifyEntryInclusion(verdict.value, {
      ...entry,
      treeSize: answer.treeSize,
    });
    entries.push(
      proven.ok
        ? { entry, ok: true, claims: proven.verified }
        : { entry, ok: false, code: proven.code, claims: proven.verified },
    );
  }
  return {
    answer,
    checkpoint: { ok: true, key, verifierKey: "", checkpoint: verdict.value },
    entries,
  };
}
