import { readFile } from "node:fs/promises";

/** Bytes a process has moved through read and write calls so far. */
export interface ProcessIo {
  readonly readBytes: number;
  readonly writtenBytes: number;
}

/**
 * From /proc/<pid>/io (rchar, wchar): every read and write call, sockets included, so for a
 * service that is its Kafka and HTTP traffic plus its log lines. Undefined once the process is
 * gone or the kernel does not say.
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
  if (!Number.isFinite(readBytes) || !Number.isFinite(writtenBytes)) return undefined;
  return { readBytes, writtenBytes };
}
