import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";

export interface ServiceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A service's built entry point: `<serviceRoot>/dist/main.js`. */
export function builtServiceEntry(serviceRoot: string): string {
  return join(serviceRoot, "dist", "main.js");
}

/**
 * Kill tests run the built service, the way `takedown up` does. A missing or stale dist would
 * test other code than the sources, so say how to rebuild instead of failing obscurely.
 */
export function assertServiceBuilt(serviceRoot: string): void {
  const entry = builtServiceEntry(serviceRoot);
  const rebuild = `run \`pnpm exec tsc -b services/${basename(serviceRoot)}\` first`;
  if (!existsSync(entry)) throw new Error(`${entry} is missing: ${rebuild}`);
  // tsc -b rewrites its build info on every build that saw a changed source, even when it
  // leaves an unchanged output file alone, so the build info's time is the build's time.
  const built = statSync(join(serviceRoot, "tsconfig.tsbuildinfo")).mtimeMs;
  const stale = readdirSync(join(serviceRoot, "src")).filter(
    (f) =>
      f.endsWith(".ts") &&
      !f.includes(".test") &&
      statSync(join(serviceRoot, "src", f)).mtimeMs > built,
  );
  if (stale.length > 0)
    throw new Error(`${entry} was built before ${stale.join(", ")} changed: ${rebuild}`);
}

/** A built service as a child process; its last output is kept to explain a failure. */
export class BuiltServiceProcess {
  private child: ChildProcess | undefined;
  readonly output: string[] = [];
  exit: Promise<ServiceExit> = Promise.resolve({ code: null, signal: null });

  constructor(
    private readonly serviceRoot: string,
    private readonly env: Record<string, string>,
  ) {}

  start(): void {
    const child = spawn(process.execPath, [builtServiceEntry(this.serviceRoot)], {
      env: { ...process.env, ...this.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString("utf8"));
      if (this.output.length > 200) this.output.shift();
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    this.exit = new Promise((resolve) =>
      child.once("exit", (code, signal) => resolve({ code, signal })),
    );
  }

  async kill(signal: NodeJS.Signals): Promise<ServiceExit> {
    this.child?.kill(signal);
    return this.exit;
  }

  get running(): boolean {
    return (
      this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null
    );
  }
}
