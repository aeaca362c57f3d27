import {
  NoteVerifier,
  TILE_WIDTH,
  TileHashReader,
  consistencyProof,
  decodeEntryBundle,
  inclusionProof,
  leafHash,
  openCheckpoint,
  tilePath,
} from "@takedown/transparency-log";
import type { Checkpoint, TileSource } from "@takedown/transparency-log";
import { parseAuditEntry } from "./audit-entry.js";
import { entryFacts } from "./entry-facts.js";
import { createAuditError } from "./errors.js";
import { CHECKPOINT_PATH, checkpointHistoryPath } from "./s3-archive.js";

const WIDTH = BigInt(TILE_WIDTH);

export interface LatestCheckpoint {
  readonly note: string;
  readonly checkpoint: Checkpoint;
}

/**
 * Read-only view of an archived log for auditors: the signed checkpoint, entries, and proofs
 * built from the published tiles alone, so serving them needs no access to the appender.
 */
export class ArchivedLogReader {
  readonly #source: TileSource;
  readonly #verifier: NoteVerifier;
  readonly #origin: string | undefined;
  /** ce_id → index for the entries scanned so far (the log is append-only). */
  readonly #eventIndex = new Map<string, bigint>();
  /** case id → indexes of the entries that name it, in log order. */
  readonly #caseIndex = new Map<string, bigint[]>();
  #scannedUpTo = 0n;
  #scanning: Promise<void> = Promise.resolve();

  constructor(options: { source: TileSource; verifierKey: string; origin?: string }) {
    this.#source = options.source;
    this.#verifier = NoteVerifier.fromVerifierKey(options.verifierKey);
    this.#origin = options.origin;
  }

  async latestCheckpoint(): Promise<LatestCheckpoint> {
    const bytes = await this.#source.read(CHECKPOINT_PATH);
    if (bytes === undefined) throw createAuditError("AUDIT_NO_CHECKPOINT");
    const note = Buffer.from(bytes).toString("utf8");
    const { checkpoint } = openCheckpoint(note, [this.#verifier], {
      ...(this.#origin === undefined ? {} : { origin: this.#origin }),
    });
    return { note, checkpoint };
  }

  /**
   * The signed note of the checkpoint of exactly `size` entries from the archive's history, if it
   * is kept there and verifies; null otherwise (sizes between checkpoints have none).
   */
  async checkpointNoteAt(size: bigint): Promise<string | null> {
    const bytes = await this.#source.read(checkpointHistoryPath(size));
    if (bytes === undefined) return null;
    const note = Buffer.from(bytes).toString("utf8");
    try {
      const { checkpoint } = openCheckpoint(note, [this.#verifier], {
        ...(this.#origin === undefined ? {} : { origin: this.#origin }),
      });
      return checkpoint.size === size ? note : null;
    } catch {
      return null;
    }
  }

  /** Entries [start, end) of the tree of `size`, as leaf bytes. */
  async entries(start: bigint, end: bigint, size: bigint): Promise<Uint8Array[]> {
    if (start < 0n || start > end || end > size) {
      throw createAuditError("AUDIT_INVALID_QUERY", {
        detail: `entries ${start}..${end} of ${size}`,
      });
    }
    const entries: Uint8Array[] = [];
    for (let bundle = start / WIDTH; bundle * WIDTH < end; bundle++) {
      const first = bundle * WIDTH;
      const width = size - first >= WIDTH ? TILE_WIDTH : Number(size - first);
      const bundleEntries = await this.#bundle(bundle, width);
      const from = start > first ? Number(start - first) : 0;
      const to = Number((end < first + WIDTH ? end : first + WIDTH) - first);
      entries.push(...bundleEntries.slice(from, to));
    }
    return entries;
  }

  async inclusionProof(
    index: bigint,
    size: bigint,
  ): Promise<{ leafHash: Uint8Array; proof: Uint8Array[] }> {
    if (index < 0n || index >= size) {
      throw createAuditError("AUDIT_INVALID_QUERY", {
        detail: `index ${index} not below size ${size}`,
      });
    }
    const [entry] = await this.entries(index, index + 1n, size);
    const proof = await inclusionProof(
      index,
      size,
      new TileHashReader({ treeSize: size, source: this.#source }),
    );
    return { leafHash: leafHash(entry as Uint8Array), proof };
  }

  async consistencyProof(oldSize: bigint, newSize: bigint): Promise<Uint8Array[]> {
    if (oldSize < 0n || oldSize > newSize) {
      throw createAuditError("AUDIT_INVALID_QUERY", { detail: `sizes ${oldSize} → ${newSize}` });
    }
    return consistencyProof(
      oldSize,
      newSize,
      new TileHashReader({ treeSize: newSize, source: this.#source }),
    );
  }

  /** Index of the entry recording the event with this ce_id, scanning new entries as needed. */
  async indexOfEvent(eventId: string, size: bigint): Promise<bigint | undefined> {
    const known = this.#eventIndex.get(eventId);
    if (known !== undefined && known < size) return known;
    await this.#scan(size);
    const index = this.#eventIndex.get(eventId);
    return index !== undefined && index < size ? index : undefined;
  }

  /** Indexes of every entry about this case (data.caseId), in log order, below `size`. */
  async indexesOfCase(caseId: string, size: bigint): Promise<bigint[]> {
    await this.#scan(size);
    return (this.#caseIndex.get(caseId) ?? []).filter((index) => index < size);
  }

  // Scans run one after another: two requests scanning the same range would index it twice.
  #scan(size: bigint): Promise<void> {
    const run = this.#scanning.then(() => this.#scanTo(size));
    this.#scanning = run.catch(() => undefined);
    return run;
  }

  async #scanTo(size: bigint): Promise<void> {
    for (let start = this.#scannedUpTo; start < size; start += WIDTH) {
      const end = start + WIDTH < size ? start + WIDTH : size;
      const entries = await this.entries(start, end, size);
      entries.forEach((bytes, i) => {
        const index = start + BigInt(i);
        const entry = parseAuditEntry(bytes);
        const id = entry.attributes["id"];
        if (id !== undefined && !this.#eventIndex.has(id)) this.#eventIndex.set(id, index);
        const caseId = entryFacts(entry).caseId;
        if (caseId !== undefined) {
          const indexes = this.#caseIndex.get(caseId) ?? [];
          indexes.push(index);
          this.#caseIndex.set(caseId, indexes);
        }
      });
      this.#scannedUpTo = end;
    }
  }

  async #bundle(bundle: bigint, width: number): Promise<Uint8Array[]> {
    const path = tilePath({ kind: "entries", index: bundle, width });
    let data = await this.#source.read(path);
    if (data === undefined && width < TILE_WIDTH)
      data = await this.#source.read(
        tilePath({ kind: "entries", index: bundle, width: TILE_WIDTH }),
      );
    if (data === undefined)
      throw createAuditError("AUDIT_ARCHIVE_UNAVAILABLE", { detail: `${path} is missing` });
    return decodeEntryBundle(data).slice(0, width);
  }
}
