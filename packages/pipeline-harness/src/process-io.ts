import { readFile } from "node:fs/promises";

/** Bytes a process has moved through read and write calls so far, and how many calls. */
export interface ProcessIo {
  readonly readBytes: number;
  readonly writtenBytes: number;
  /**
   * Read and write system calls (syscr, syscw): on loopback each write also costs the writer the
   * receiver's wake-up, so the count matters next to the bytes.
   */
  readonly readCalls: number;
  readonly writeCalls: number;
}

/**
 * From /proc/<pid>/io (rchar, wchar, syscr, syscw): every read and write call, sockets included,
 * so for a service that is its Kafka and HTTP traffic plus its log lines. Undefined once the
 * process is gone or the kernel does not say.
 */
export async function processIo(pid: number): Promise<ProcessIo | undefined> {
  let text: string;
  try {
    text = await readFile(`/proc/${pid}/io`, "utf8");
  } catch {
    return undefined;
  }
  return parseProcessIo(text);
}

export function parseProcessIo(text: string): ProcessIo | undefined {
  const fields = new Map(
    text
      .trim()
      .split("\n")
      .map((line) => line.split(":").map((part) => part.trim()) as [string, string]),
  );
  const readBytes = Number(fields.get("rchar"));
  const writtenBytes = Number(fields.get("wchar"));
  const readCalls = Number(fields.get("syscr"));
  const writeCalls = Number(fields.get("syscw"));
  if (![readBytes, writtenBytes, readCalls, writeCalls].every(Number.isFinite)) return undefined;
  return { readBytes, writtenBytes, readCalls, writeCalls };
}
