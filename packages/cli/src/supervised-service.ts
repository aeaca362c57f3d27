import { spawn, type ChildProcess } from "node:child_process";
import { setPriority } from "node:os";
import { prefixLines, type Component } from "./child-process-component.js";
import { RestartBackoff, type RestartPolicy } from "./restart-backoff.js";

export interface SupervisedServiceOptions {
  entry: string;
  env: NodeJS.ProcessEnv;
  print: (line: string) => void;
  /** SIGTERM, then SIGKILL after this long. */
  stopTimeoutMs?: number;
  restartPolicy?: RestartPolicy;
  /** Unix niceness of every incarnation (serviceNiceness in @takedown/config); 0 by default. */
  niceness?: number;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

/**
 * A long-running Node service of the pipeline. When it exits on its own it is started again
 * after a backoff (RestartBackoff), and the exit and the restart are printed; `stop()` ends it
 * with SIGTERM (SIGKILL after a grace) and nothing restarts it afterwards.
 */
export class SupervisedService implements Component {
  readonly #options: SupervisedServiceOptions;
  readonly #backoff: RestartBackoff;
  #child: ChildProcess | undefined;
  #startedAt = 0;
  #restartTimer: NodeJS.Timeout | undefined;
  #stopping = false;
  /** If `takedown up` itself dies, its services must not outlive it. */
  readonly #onParentExit = (): void => {
    this.#child?.kill("SIGTERM");
  };

  constructor(
    readonly name: string,
    options: SupervisedServiceOptions,
  ) {
    this.#options = options;
    this.#backoff = new RestartBackoff(options.restartPolicy);
  }

  /** The running process's id; undefined between an exit and its restart. */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  start(): Promise<void> {
    this.#stopping = false;
    process.once("exit", this.#onParentExit);
    this.#spawn();
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#restartTimer);
    this.#restartTimer = undefined;
    process.removeListener("exit", this.#onParentExit);
    const child = this.#child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), this.#options.stopTimeoutMs ?? 10_000);
    await exited;
    clearTimeout(timer);
  }

  #spawn(): void {
    const tag = `[${this.name}]`.padEnd(10);
    // A process group of its own: a Ctrl-C in the terminal reaches only `takedown up`, which
    // stops the services in reverse order instead of all of them racing Kafka's shutdown.
    const child = spawn(process.execPath, [this.#options.entry], {
      env: this.#options.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    this.#child = child;
    this.#startedAt = performance.now();
    const niceness = this.#options.niceness ?? 0;
    if (niceness !== 0 && child.pid !== undefined) {
      try {
        setPriority(child.pid, niceness);
      } catch (error) {
        // Runs at the default priority instead: slower under load, still correct.
        this.#options.print(`${tag} niceness ${niceness} not applied: ${String(error)}`);
      }
    }
    const restarts = this.#backoff.restarts;
    this.#options.print(
      `${tag} ${restarts === 0 ? "started" : `restarted (restart ${restarts})`} pid ${child.pid ?? "?"}`,
    );
    prefixLines(child, this.name, this.#options.print);
    child.once("error", (error) => {
      this.#options.print(`${tag} could not be started: ${error.message}`);
    });
    child.once("exit", (code, signal) => {
      if (this.#child !== child) return;
      this.#child = undefined;
      const ran = performance.now() - this.#startedAt;
      const how = signal === null ? `code ${code}` : `signal ${signal}`;
      if (this.#stopping) {
        this.#options.print(`${tag} stopped (${how})`);
        return;
      }
      const delay = this.#backoff.nextDelay(ran);
      this.#restartTimer = setTimeout(() => {
        this.#restartTimer = undefined;
        if (!this.#stopping) this.#spawn();
      }, delay);
      this.#options.print(
        `${tag} exited (${how}) after ${seconds(ran)}; restarting in ${seconds(delay)}`,
      );
    });
  }
}
