import { createHash } from "node:crypto";

/**
 * mulberry32 behind a few helpers: one seed gives one sequence, so a fuzz run that found
 * something can be repeated exactly with the seed it printed.
 */
export class SeededRandom {
  private state: number;

  constructor(readonly seed: string) {
    this.state = createHash("sha256").update(seed).digest().readUInt32BE(0);
  }

  /** In [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** An integer in [0, below). */
  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }

  bytes(length: number): Buffer {
    const buffer = Buffer.alloc(length);
    for (let i = 0; i < length; i += 4) {
      const word = (this.next() * 4_294_967_296) >>> 0;
      for (let j = 0; j < 4 && i + j < length; j++) buffer[i + j] = (word >>> (8 * j)) & 0xff;
    }
    return buffer;
  }

  /** A string of `length` characters drawn from `alphabet`. */
  text(length: number, alphabet: string): string {
    let result = "";
    for (let i = 0; i < length; i++) result += alphabet[this.int(alphabet.length)] ?? "";
    return result;
  }
}
