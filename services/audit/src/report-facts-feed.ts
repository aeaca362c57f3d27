import { TILE_WIDTH } from "@takedown/transparency-log";
import { TransparencyFacts, parseAuditEntry } from "@takedown/audit-tools";
import type { ArchivedLogReader } from "@takedown/audit-tools";

const WIDTH = BigInt(TILE_WIDTH);

/**
 * The report figures of the archived log up to its latest checkpoint, kept between requests: each
 * request feeds only the entries appended since, in log order, into the same TransparencyFacts
 * that `takedown audit report` fills in one pass, so both give the same figures.
 */
export class ReportFactsFeed {
  readonly #reader: ArchivedLogReader;
  readonly #facts: TransparencyFacts;
  #size = 0n;
  #updating: Promise<unknown> = Promise.resolve();

  constructor(reader: ArchivedLogReader, organKinds?: ReadonlyMap<string, string>) {
    this.#reader = reader;
    this.#facts = new TransparencyFacts({ organKinds });
  }

  /** The facts of every entry of the latest checkpoint's tree, and that tree's size. */
  current(): Promise<{ facts: TransparencyFacts; treeSize: bigint }> {
    // One update at a time: two would add the same entries twice.
    const run = this.#updating.then(() => this.#catchUp());
    this.#updating = run.catch(() => undefined);
    return run;
  }

  async #catchUp(): Promise<{ facts: TransparencyFacts; treeSize: bigint }> {
    const { checkpoint } = await this.#reader.latestCheckpoint();
    for (let start = this.#size; start < checkpoint.size;) {
      const end =
        (start / WIDTH + 1n) * WIDTH < checkpoint.size
          ? (start / WIDTH + 1n) * WIDTH
          : checkpoint.size;
      const entries = await this.#reader.entries(start, end, checkpoint.size);
      for (const bytes of entries) this.#facts.add(parseAuditEntry(bytes));
      this.#size = end;
      start = end;
    }
    return { facts: this.#facts, treeSize: this.#size };
  }
}
