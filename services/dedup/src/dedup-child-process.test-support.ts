import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const serviceRoot = fileURLToPath(new URL("..", import.meta.url));
export const dedupEntry = join(serviceRoot, "dist", "main.js");

/**
 * The kill test runs the built service, the way `takedown up` does. A missing or stale dist
 * would test other code than the sources, so say how to rebuild instead of failing obscurely.
 */
export function assertBuiltEntry(): void {
  if (!existsSync(dedupEntry))
    throw new Error(`${dedupEntry} is missing: run \`npx tsc -b services/dedup\` first`);
  // tsc -b rewrites its build info on every build that saw a changed source, even when it
  // leaves an unchanged output file alone, so the build info's time is the build's time.
  const built = statSync(join(serviceRoot, "tsconfig.tsbuildinfo")).mtimeMs;
  const sources = readdirSync(join(serviceRoot, "src")).filter(
    (f) => f.endsWith(".ts") && !f.includes(".test"),
  );
  const stale = sources.filter((f) => statSync(join(serviceRoot, "src", f)).mtimeMs > built);
  if (stale.length > 0)
    throw new Error(
      `${dedupEntry} was built before ${stale.join(", ")} changed: run \`npx tsc -b services/dedup\` first`,
    );
}

/** The service as a child process; its output is kept to explain a failure. */
export class DedupChildProcess {
  private child: ChildProcess | undefined;
  readonly output: string[] = [];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> = Promise.resolve({
    code: null,
    signal: null,
  });

  constructor(private readonly env: Record<string, string>) {}

  start(): void {
    const child = spawn(process.execPath, [dedupEntry], {
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

  async kill(
    signal: NodeJS.Signals,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    this.child?.kill(signal);
    return this.exit;
  }

  get running(): boolean {
    return (
      this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null
    );
  }
}
