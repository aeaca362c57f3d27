import type { CaseRecord } from "./case-record.js";
import { CompactCaseCodec } from "./compact-case-codec.js";
import { OrganTable } from "./organ-table.js";
import { StagedCases } from "./staged-cases.js";

/**
 * The committed in-memory state: per assigned partition, content key → compact case record.
 * Keys are the 32 raw bytes of the content key as a Latin-1 string (half the hex text). Only
 * committed transactions change it (StagedCases.commit, restores), so a failed batch that is
 * read again starts from what the changelog holds.
 */
export class CaseStore {
  private readonly partitions = new Map<number, Map<string, string>>();
  private readonly codec = new CompactCaseCodec(new OrganTable());

  /** Partitions whose state is held, restored or empty. */
  heldPartitions(): number[] {
    return [...this.partitions.keys()].sort((a, b) => a - b);
  }

  holds(partition: number): boolean {
    return this.partitions.has(partition);
  }

  /** Starts holding a partition with no state (before its changelog is replayed into it). */
  resetPartition(partition: number): void {
    this.partitions.set(partition, new Map());
  }

  dropPartition(partition: number): void {
    this.partitions.delete(partition);
  }

  read(partition: number, contentKey: string): CaseRecord | undefined {
    const compact = this.partitions.get(partition)?.get(rawKeyOf(contentKey));
    return compact === undefined ? undefined : this.codec.decode(compact, contentKey);
  }

  write(partition: number, contentKey: string, record: CaseRecord): void {
    let cases = this.partitions.get(partition);
    if (cases === undefined) {
      cases = new Map();
      this.partitions.set(partition, cases);
    }
    cases.set(rawKeyOf(contentKey), this.codec.encode(record));
  }

  remove(partition: number, contentKey: string): void {
    this.partitions.get(partition)?.delete(rawKeyOf(contentKey));
  }

  /** A batch's view: its own changes first, then the committed state. */
  stage(partition: number): StagedCases {
    return new StagedCases({
      read: (contentKey) => this.read(partition, contentKey),
      commit: (changes) => {
        for (const [contentKey, record] of changes) this.write(partition, contentKey, record);
      },
    });
  }

  /** Content keys held across all partitions. */
  get size(): number {
    let total = 0;
    for (const cases of this.partitions.values()) total += cases.size;
    return total;
  }
}

function rawKeyOf(contentKey: string): string {
  return Buffer.from(contentKey, "hex").toString("latin1");
}
