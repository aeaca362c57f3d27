/** Times one pass over the input: from the first committed batch to the one that completes it. */
export class ThroughputPass {
  private committed = 0;
  private firstBatch = 0;
  private startedAt = 0n;
  private finish: ((result: { records: number; seconds: number }) => void) | undefined;
  readonly done: Promise<{ records: number; seconds: number }>;

  constructor(private readonly expected: number) {
    this.done = new Promise((resolve) => (this.finish = resolve));
  }

  get finished(): boolean {
    return this.finish === undefined;
  }

  /** Call after every committed batch with its input record count. */
  committedBatch(records: number): "counted" | "after the end" {
    if (this.finish === undefined) return "after the end";
    if (this.committed === 0) {
      // Group join and the first fetch are start-up, not throughput: time from the first commit.
      this.startedAt = process.hrtime.bigint();
      this.firstBatch = records;
    }
    this.committed += records;
    if (this.committed >= this.expected && this.finish !== undefined) {
      const seconds = Number(process.hrtime.bigint() - this.startedAt) / 1e9;
      this.finish({ records: this.committed - this.firstBatch, seconds });
      this.finish = undefined;
    }
    return "counted";
  }
}
