import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import type { CheckResult } from "./pipeline-checks.js";

const run = promisify(execFile);

/** The checkpoint's tree size (line 2 of a C2SP note), or undefined when there is none yet. */
export async function archivedTreeSize(options: {
  auditUrl: string;
  auditorKey: string;
}): Promise<bigint | undefined> {
  try {
    const response = await fetch(`${options.auditUrl}/v1/checkpoint`, {
      headers: { authorization: `Bearer ${options.auditorKey}` },
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) return undefined;
    const size = (await response.text()).split("\n")[1];
    return size !== undefined && /^\d+$/.test(size) ? BigInt(size) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `takedown audit verify` (and `--completeness`, where the CLI has it) run as an auditor would,
 * against the run's S3 archive and broker. A CLI without the flag is reported as such, not as a
 * failure of the log.
 */
export async function runAuditVerify(options: {
  repo: string;
  env: NodeJS.ProcessEnv;
  completeness: boolean;
}): Promise<CheckResult> {
  const args = [join(options.repo, "packages", "cli", "dist", "main.js"), "audit", "verify"];
  if (options.completeness) args.push("--completeness");
  const name = options.completeness
    ? "takedown audit verify --completeness passes"
    : "takedown audit verify passes";
  try {
    const { stdout } = await run(process.execPath, args, {
      env: options.env,
      cwd: options.repo,
      maxBuffer: 64 * 1024 * 1024,
      timeout: 1_800_000,
    });
    return { name, ok: true, detail: stdout.trim().split("\n").at(-1) ?? "" };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; code?: number };
    const text = `${failed.stdout ?? ""}${failed.stderr ?? ""}`;
    if (options.completeness && /Unknown option '--completeness'/.test(text)) {
      return {
        name,
        ok: false,
        unavailable: true,
        detail: "not available: this CLI has no --completeness yet (wt-audit adds it)",
      };
    }
    const lines = text
      .split(/\r|\n/)
      .map((l) => l.trim())
      .filter((l) => l.length > 0 && !l.startsWith("verifying ["));
    return { name, ok: false, detail: `exit ${failed.code}: ${lines.slice(-3).join(" | ")}` };
  }
}
