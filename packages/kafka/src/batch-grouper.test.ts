import { describe, expect, it } from "vitest";
import { BatchGrouper } from "./batch-grouper.js";

interface Item {
  topic: string;
  partition: number;
}

const item = (topic: string, partition: number): Item => ({ topic, partition });

describe("BatchGrouper", () => {
  it("runs what was submitted side by side as one group, one group at a time", async () => {
    const groups: string[][] = [];
    let running = 0;
    let overlapped = false;
    const grouper = new BatchGrouper<Item>(async (items) => {
      running += 1;
      overlapped ||= running > 1;
      groups.push(items.map((i) => `${i.topic}/${i.partition}`));
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
      return items.map(() => true);
    });
    const first = [0, 1, 2].map((p) => grouper.submit(item("t", p)));
    // Submitted while the first group runs: they wait and form the next group together.
    await new Promise((resolve) => setTimeout(resolve, 1));
    const second = [3, 4].map((p) => grouper.submit(item("t", p)));
    expect(await Promise.all([...first, ...second])).toEqual([true, true, true, true, true]);
    expect(groups).toEqual([
      ["t/0", "t/1", "t/2"],
      ["t/3", "t/4"],
    ]);
    expect(overlapped).toBe(false);
  });

  it("never puts two batches of one partition number in a group, whatever their topic", async () => {
    const groups: string[][] = [];
    const grouper = new BatchGrouper<Item>((items) => {
      groups.push(items.map((i) => `${i.topic}/${i.partition}`));
      return Promise.resolve(items.map(() => true));
    });
    await Promise.all([
      grouper.submit(item("cases", 0)),
      grouper.submit(item("responses", 0)),
      grouper.submit(item("cases", 1)),
    ]);
    expect(groups).toEqual([["cases/0", "cases/1"], ["responses/0"]]);
  });

  it("hands each batch its own outcome, and a group's failure to every batch of it", async () => {
    const failing = new Error("restart required");
    const grouper = new BatchGrouper<Item>((items) =>
      items.some((i) => i.partition === 9)
        ? Promise.reject(failing)
        : Promise.resolve(items.map((i) => i.partition % 2 === 0)),
    );
    expect(await Promise.all([0, 1].map((p) => grouper.submit(item("t", p))))).toEqual([
      true,
      false,
    ]);
    const failed = [8, 9].map((p) => grouper.submit(item("t", p)));
    for (const outcome of failed) await expect(outcome).rejects.toBe(failing);
    // A failed group does not stop the ones after it.
    expect(await grouper.submit(item("t", 2))).toBe(true);
  });
});
