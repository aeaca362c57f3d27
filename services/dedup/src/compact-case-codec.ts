import { caseIdFor, caseStateSchema, type CaseState } from "@takedown/contracts";
import type { CaseMember, CaseRecord } from "./case-record.js";
import { createDedupError } from "./errors.js";
import type { OrganTable } from "./organ-table.js";
import { ULID_BYTES, readUlidBytes, writeUlidBytes } from "./ulid-binary.js";

const STATES: readonly CaseState[] = caseStateSchema.options;
const STATE_INDEX = new Map(STATES.map((state, index) => [state, index]));
const HEADER_BYTES = 1 + ULID_BYTES;
const ENTRY_BYTES = ULID_BYTES + 3;
const WITHDRAWN = 0x80;
/** In the organ slot: a target of the case before, not a member (the OrganTable never hands it out). */
const EARLIER = 0xffff;
const TARGET_ID = /^req_([0-9A-HJKMNP-TV-Z]{26})#([1-9][0-9]?|100)$/;

/**
 * A case record as one flat Latin-1 string of raw bytes, the cheapest value V8 keeps per map
 * entry (one header, no per-field objects):
 *   [state][case ULID ×16] then per target [request ULID ×16][target number | withdrawn 0x80][organ ×2]
 * The case id's content-key prefix is not stored: the map key already is the content key.
 */
export class CompactCaseCodec {
  private scratch = Buffer.alloc(HEADER_BYTES + 8 * ENTRY_BYTES);

  constructor(private readonly organs: OrganTable) {}

  encode(record: CaseRecord): string {
    const size =
      HEADER_BYTES + (record.members.length + record.earlierTargetIds.length) * ENTRY_BYTES;
    if (this.scratch.length < size) this.scratch = Buffer.alloc(size * 2);
    const bytes = this.scratch;
    const state = STATE_INDEX.get(record.state);
    if (state === undefined)
      throw createDedupError("DEDUP_STATE_LIMIT", { detail: `state ${record.state}` });
    bytes[0] = state;
    writeUlidBytes(record.caseId.slice(-26), bytes, 1);
    let at = HEADER_BYTES;
    for (const member of record.members) {
      writeTarget(bytes, at, member.targetId, member.withdrawn);
      bytes.writeUInt16BE(this.organs.intern(member.organId), at + ULID_BYTES + 1);
      at += ENTRY_BYTES;
    }
    for (const targetId of record.earlierTargetIds) {
      writeTarget(bytes, at, targetId, false);
      bytes.writeUInt16BE(EARLIER, at + ULID_BYTES + 1);
      at += ENTRY_BYTES;
    }
    // latin1 decoding yields a flat one-byte string, never a rope or a slice of the scratch.
    return bytes.toString("latin1", 0, size);
  }

  decode(compact: string, contentKey: string): CaseRecord {
    const bytes = Buffer.from(compact, "latin1");
    const state = STATES[bytes[0] ?? 255];
    if (state === undefined || (bytes.length - HEADER_BYTES) % ENTRY_BYTES !== 0)
      throw createDedupError("DEDUP_STATE_CORRUPT", { detail: "compact record" });
    const members: CaseMember[] = [];
    const earlierTargetIds: string[] = [];
    for (let at = HEADER_BYTES; at < bytes.length; at += ENTRY_BYTES) {
      const flags = bytes[at + ULID_BYTES] ?? 0;
      const targetId = `req_${readUlidBytes(bytes, at)}#${flags & ~WITHDRAWN}`;
      const organ = bytes.readUInt16BE(at + ULID_BYTES + 1);
      if (organ === EARLIER) earlierTargetIds.push(targetId);
      else
        members.push({
          targetId,
          organId: this.organs.organAt(organ),
          withdrawn: (flags & WITHDRAWN) !== 0,
        });
    }
    const caseId = caseIdFor(contentKey, readUlidBytes(bytes, 1));
    return { caseId, state, members, earlierTargetIds };
  }
}

function writeTarget(bytes: Buffer, at: number, targetId: string, withdrawn: boolean): void {
  const match = TARGET_ID.exec(targetId);
  if (match?.[1] === undefined || match[2] === undefined)
    throw createDedupError("DEDUP_STATE_LIMIT", { detail: `target id ${targetId}` });
  writeUlidBytes(match[1], bytes, at);
  bytes[at + ULID_BYTES] = Number(match[2]) | (withdrawn ? WITHDRAWN : 0);
}
