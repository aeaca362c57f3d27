import { execFile } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import type { InfraDescription } from "./infra-description.js";

const run = promisify(execFile);

/**
 * Ports handed out below Linux's ephemeral range (32768–60999). A port the kernel chose with
 * listen(0) had just been free in that range, where every outgoing connection and every other
 * listen(0) also draws, so between this check and the server's bind one of them could take it.
 * listen(0) can also hand the same just-closed port to two calls in a row, one service's port
 * becoming another's. (A CI run failed with a test's intake port answered by something that
 * closed the connection unread, as a Kafka listener does with HTTP.)
 */
const PORT_RANGE = { from: 20_000, to: 32_000 };

/** Never handed out twice by one process: a port is free until the server it is meant for binds. */
const handedOut = new Set<number>();

/** A TCP port free on loopback right now (the servers are told which ports to take). */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const port = PORT_RANGE.from + Math.floor(Math.random() * (PORT_RANGE.to - PORT_RANGE.from));
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    if (await bindable(port)) return port;
  }
  throw new Error(`no free port between ${PORT_RANGE.from} and ${PORT_RANGE.to}`);
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
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
