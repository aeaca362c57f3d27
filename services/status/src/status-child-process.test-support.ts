import { fileURLToPath } from "node:url";
import { BuiltServiceProcess, assertServiceBuilt } from "@takedown/test-kit";

const serviceRoot = fileURLToPath(new URL("..", import.meta.url));

/** Fails with how to rebuild when the status service's dist is missing or older than its sources. */
export function assertBuiltEntry(): void {
  assertServiceBuilt(serviceRoot);
}

/** The built status service as a child process. */
export class StatusChildProcess extends BuiltServiceProcess {
  constructor(env: Record<string, string>) {
    super(serviceRoot, env);
  }
}
