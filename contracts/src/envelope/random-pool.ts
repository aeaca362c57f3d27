import { randomFillSync } from "node:crypto";

/**
 * Cryptographically random bytes drawn from a refilled pool. One `randomBytes(24)` per event was
 * a fifth of intake's own CPU under load (a syscall-backed call each time); one fill now serves
 * hundreds of trace ids. Bytes are handed out once and never reused.
 */
export class RandomPool {
  private readonly pool: Buffer;
  private offset: number;

  constructor(size = 8192) {
    this.pool = Buffer.allocUnsafe(size);
    this.offset = size;
  }

  /** `length` fresh random bytes as lowercase hex. */
  hex(length: number): string {
    return this.take(length, (pool, start) => pool.toString("hex", start, start + length));
  }

  /** A uniform number in [0, 1), as `Math.random` gives, from one random byte pair. */
  fraction(): number {
    return this.take(2, (pool, start) => pool.readUInt16BE(start) / 65_536);
  }

  private take<T>(length: number, read: (pool: Buffer, start: number) => T): T {
    if (length > this.pool.length) throw new RangeError(`at most ${this.pool.length} bytes`);
    if (this.offset + length > this.pool.length) {
      randomFillSync(this.pool);
      this.offset = 0;
    }
    const start = this.offset;
    this.offset += length;
    return read(this.pool, start);
  }
}

/** The process-wide pool behind trace ids and request ids. */
export const randomPool = new RandomPool();
