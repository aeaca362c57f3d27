import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const serviceRoot = fileURLToPath(new URL("..", import.meta.url));
export const statusEntry = join(serviceRoot, "dist", "main.js");

/** The kill test runs the built service; a missing or stale dist would test other code. */
export function assertBuiltEntry(): void {
  if (!existsSync(statusEntry))
    throw new Error(`${statusEntry} is missing: run \`pnpm exec tsc -b services/status\` first`);
  const built = statSync(join(serviceRoot, "tsconfig.tsbuildinfo")).mtimeMs;
  const stale = readdirSync(join(serviceRoot, "src")).filter(
    (f) =>
      f.endsWith(".ts") &&
      !f.includes(".test") &&
      statSync(join(serviceRoot, "src", f)).mtimeMs > built,
  );
  if (stale.length > 0)
    throw new Error(
      `${statusEntry} was built before ${stale.join(", ")} changed: run \`pnpm exec tsc -b services/status\` first`,
    );
}

/** The status service as a child process; its output is kept to explain a failure. */
export class StatusChildProcess {
  private child: ChildProcess | undefined;
  readonly output: string[] = [];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> = Promise.resolve({
    code: null,
    signal: null,
  });

  constructor(private readonly env: Record<string, string>) {}

  start(): void {
    const child = spawn(process.execPath, [statusEntry], {
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
