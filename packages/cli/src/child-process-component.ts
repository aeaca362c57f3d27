import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

export interface Component {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Copies a child's output to ours, one prefixed line at a time, so interleaved logs stay readable. */
export function prefixLines(
  child: ChildProcess,
  name: string | undefined,
  print: (line: string) => void,
): void {
  const tag = name === undefined ? "" : `[${name}]`.padEnd(10);
  for (const stream of [child.stdout, child.stderr]) {
    if (stream === null) continue;
    createInterface({ input: stream }).on("line", (line) =>
      print(tag === "" ? line : `${tag} ${line}`),
    );
  }
}

/**
 * Runs a script to completion with prefixed output; rejects with its exit code. The script gets
 * a process group of its own, so a Ctrl-C in the terminal reaches only `takedown up`, which
 * decides what to stop; an abort ends the script's group and rejects with the abort reason.
 */
export async function runScript(options: {
  /** Prefix of each output line; none for scripts that tag their own lines. */
  name?: string;
  command: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  print: (line: string) => void;
  signal?: AbortSignal;
}): Promise<void> {
  options.signal?.throwIfAborted();
  const child = spawn(options.command, options.args, {
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  prefixLines(child, options.name, options.print);
  const onAbort = (): void => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      process.kill(-child.pid, "SIGTERM");
    }
  };
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once("error", reject);
      child.once("exit", resolve);
    });
    options.signal?.throwIfAborted();
    if (code !== 0)
      throw new Error(`${options.command} ${options.args.join(" ")} exited with ${code}`);
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
  }
}
