interface Waiting<T> {
  item: T;
  resolve: (value: boolean) => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers the batches kafkajs hands over side by side (eachBatch with several partitions
 * consumed concurrently) into groups that run one after another, never two at once: the
 * transactional producer has one transaction at a time. A group forms from what arrived by the
 * time the previous one ended, after the pending callbacks of the current fetch had their turn
 * (setImmediate), so one fetch's batches usually make one group. Two batches of one partition
 * number (co-partitioned topics share state per partition) never share a group.
 */
export class BatchGrouper<T extends { partition: number }> {
  private waiting: Waiting<T>[] = [];
  private queue: Promise<void> = Promise.resolve();
  private scheduled = false;

  constructor(private readonly runGroup: (items: T[]) => Promise<boolean[]>) {}

  /** Resolves with the item's outcome once its group ran; rejects if the group failed. */
  submit(item: T): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.queue = this.queue
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(() => this.runNext());
  }

  private async runNext(): Promise<void> {
    this.scheduled = false;
    const group: Waiting<T>[] = [];
    const later: Waiting<T>[] = [];
    const partitions = new Set<number>();
    for (const entry of this.waiting) {
      if (partitions.has(entry.item.partition)) later.push(entry);
      else {
        partitions.add(entry.item.partition);
        group.push(entry);
      }
    }
    this.waiting = later;
    if (later.length > 0) this.schedule();
    if (group.length === 0) return;
    try {
      const outcomes = await this.runGroup(group.map((entry) => entry.item));
      group.forEach((entry, index) => entry.resolve(outcomes[index] ?? false));
    } catch (error) {
      for (const entry of group) entry.reject(error);
    }
  }
}
