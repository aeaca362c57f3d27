import { createRequire } from "node:module";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

/** The parts of kafkajs' internal RequestQueue (patches/kafkajs@2.2.4.patch) this test drives. */
interface RequestQueue {
  push(request: {
    entry: {
      correlationId: number;
      apiKey: number;
      apiName: string;
      apiVersion: number;
      resolve: () => void;
      reject: (error: Error) => void;
    };
    expectResponse: boolean;
    sendRequest: () => void;
  }): void;
  fulfillRequest(response: { correlationId: number; payload: Buffer; size: number }): void;
  checkPendingRequests(): void;
  maybeThrottle(ms: number): void;
  pending: unknown[];
}

const RequestQueue = createRequire(import.meta.url)(
  "kafkajs/src/network/requestQueue/index.js",
) as new (options: Record<string, unknown>) => RequestQueue;

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined };

function queue(): RequestQueue {
  return new RequestQueue({
    maxInFlightRequests: 1,
    requestTimeout: 30_000,
    enforceRequestTimeout: false,
    clientId: "test",
    broker: "127.0.0.1:9092",
    logger: quiet,
  });
}

const request = (correlationId: number, sent: number[]) => ({
  entry: {
    correlationId,
    apiKey: 3,
    apiName: "Metadata",
    apiVersion: 6,
    resolve: () => undefined,
    reject: () => undefined,
  },
  expectResponse: true,
  sendRequest: () => sent.push(correlationId),
});

describe("kafkajs RequestQueue timers (patched)", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("arms no timer while nothing waits: an idle connection does not wake the process", () => {
    const idle = queue();
    idle.checkPendingRequests();
    // Unpatched, every check armed a timer of at most 1 ms that checked and armed the next.
    expect(vi.getTimerCount()).toBe(0);
    const sent: number[] = [];
    idle.push(request(1, sent));
    idle.fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });
    expect(sent).toEqual([1]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("still sends a request that had to wait, when the one in flight is answered or a throttle ends", () => {
    const busy = queue();
    const sent: number[] = [];
    busy.push(request(1, sent));
    busy.push(request(2, sent));
    expect(sent).toEqual([1]);
    busy.fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });
    expect(sent).toEqual([1, 2]);
    busy.fulfillRequest({ correlationId: 2, payload: Buffer.alloc(0), size: 0 });

    busy.maybeThrottle(500);
    busy.push(request(3, sent));
    expect(sent).toEqual([1, 2]);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(500);
    expect(sent).toEqual([1, 2, 3]);
    expect(busy.pending).toEqual([]);
  });
});
