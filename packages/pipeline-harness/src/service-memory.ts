/** A service's memory after a full garbage collection, read through its inspector. */
export interface MemorySample {
  /** Resident set size, bytes. */
  rss: number;
  heapUsed: number;
  /** Buffers and other memory outside the V8 heap. */
  external: number;
}

/**
 * Asks a Node process started with `--inspect=127.0.0.1:0` (its "Debugger listening on ws://…"
 * URL) to collect garbage twice, then reads process.memoryUsage(): the heap that is still
 * referenced, not what the collector has not got round to yet.
 */
export async function sampleMemoryAfterGc(
  inspectorUrl: string,
  timeoutMs = 60_000,
): Promise<MemorySample> {
  const socket = new WebSocket(inspectorUrl);
  const pending = new Map<number, (result: unknown) => void>();
  let nextId = 1;
  const failed = new Promise<never>((_resolve, reject) => {
    socket.addEventListener("error", () => reject(new Error(`inspector ${inspectorUrl} failed`)));
    setTimeout(() => reject(new Error(`inspector ${inspectorUrl} timed out`)), timeoutMs).unref();
  });
  failed.catch(() => undefined);
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
  });
  const call = (method: string, params: Record<string, unknown> = {}) =>
    Promise.race([
      failed,
      new Promise<unknown>((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        socket.send(JSON.stringify({ id, method, params }));
      }),
    ]);
  try {
    await Promise.race([
      failed,
      new Promise((resolve) => socket.addEventListener("open", resolve, { once: true })),
    ]);
    await call("HeapProfiler.collectGarbage");
    await call("HeapProfiler.collectGarbage");
    const result = (await call("Runtime.evaluate", {
      expression: "JSON.stringify(process.memoryUsage())",
      returnByValue: true,
    })) as { result?: { value?: string } };
    const usage = JSON.parse(result.result?.value ?? "{}") as Partial<MemorySample>;
    return { rss: usage.rss ?? 0, heapUsed: usage.heapUsed ?? 0, external: usage.external ?? 0 };
  } finally {
    socket.close();
  }
}
