import { execFile } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import type { InfraDescription } from "./infra-description.js";

const run = promisify(execFile);

/** A TCP port free on loopback right now (the servers are told which ports to take). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address !== null
          ? resolve(address.port)
          : reject(new Error("no free port")),
      );
    });
  });
}

/** Runs infra/<script>/<script>.sh with the folder's ports and data directory. */
export async function runInfraScript(
  local: NonNullable<InfraDescription["local"]>,
  script: "kafka" | "s3",
  args: readonly string[],
): Promise<string> {
  const path = join(local.repo, "infra", script, `${script}.sh`);
  const { stdout } = await run("bash", [path, ...args], {
    env: { ...process.env, ...local.env },
    // Above kafka.sh's own start timeout (180 s), so that its clearer error wins.
    timeout: 240_000,
  });
  return stdout;
}
