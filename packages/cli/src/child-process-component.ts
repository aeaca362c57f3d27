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

/** Runs a script to completion with prefixed output; rejects with its exit code. */
export async function runScript(options: {
  /** Prefix of each output line; none for scripts that tag their own lines. */
  name?: string;
  command: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  print: (line: string) => void;
}): Promise<void> {
  const child = spawn(options.command, options.args, {
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  prefixLines(child, options.name, options.print);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", resolve);
  });
  if (code !== 0)
    throw new Error(`${options.command} ${options.args.join(" ")} exited with ${code}`);
}

/** A long-running Node service of the pipeline, stopped with SIGTERM then SIGKILL. */
export class ServiceProcess implements Component {
  private child: ChildProcess | undefined;

  constructor(
    readonly name: string,
    private readonly options: {
      entry: string;
      env: NodeJS.ProcessEnv;
      print: (line: string) => void;
      stopTimeoutMs?: number;
    },
  ) {}

  start(): Promise<void> {
    const child = spawn(process.execPath, [this.options.entry], {
      env: this.options.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    prefixLines(child, this.name, this.options.print);
    child.once("exit", (code, signal) => {
      if (this.child === child) {
        this.options.print(`[${this.name}] exited (${signal ?? `code ${code}`})`);
        this.child = undefined;
      }
    });
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child === undefined || child.exitCode !== null) return;
    this.child = undefined;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), this.options.stopTimeoutMs ?? 10_000);
    await exited;
    clearTimeout(timer);
  }
}
