import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import { setPriority } from "node:os";
import { createInterface } from "node:readline";
import { createHarnessError } from "./errors.js";
import { processCpuSeconds } from "./process-cpu.js";

export interface SupervisedServiceOptions {
  name: string;
  /** The service's dist/main.js. */
  entry: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Every incarnation's output is appended here. */
  logFile: string;
  /** A log message (`msg`) the service writes once it is started. */
  readyMessage: string;
  /** Extra node flags (e.g. --cpu-prof) for every incarnation. */
  nodeArgs?: readonly string[];
  /** Arguments after the entry. */
  args?: readonly string[];
  readyTimeoutMs?: number;
  /** Unix niceness of every incarnation, as `takedown up` sets it (serviceNiceness). */
  niceness?: number;
}

/** A process exit nobody asked for, with what the service logged last. */
export interface UnexpectedExit {
  service: string;
  incarnation: number;
  at: Date;
  code: number | null;
  signal: NodeJS.Signals | null;
  lastErrors: string[];
}

interface Incarnation {
  child: ChildProcess;
  number: number;
  ready: Promise<void>;
  exited: Promise<void>;
  expectedExit: boolean;
  cpuSeconds: number;
  started: boolean;
}

const RESTART_BACKOFF_MS = [500, 1000, 2000, 5000, 10_000];

/**
 * One pipeline service as a child process, supervised the way an operator's supervisor would:
 * an exit nobody asked for is recorded (with the service's last ERROR lines) and the service is
 * started again with backoff. The harness kills it on purpose with `kill`, which restarts it too.
 * CPU time is summed over every incarnation, sampled while it runs so a killed one still counts.
 */
export class SupervisedService {
  readonly unexpectedExits: UnexpectedExit[] = [];
  /** ERROR/FATAL log lines per message, over every incarnation. */
  readonly errorLines = new Map<string, number>();
  /** The running incarnation's inspector (with `--inspect` in nodeArgs), for memory samples. */
  inspectorUrl: string | undefined;
  private current: Incarnation | undefined;
  private incarnations = 0;
  private deadCpuSeconds = 0;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private sampler: NodeJS.Timeout | undefined;
  private recentErrors: string[] = [];
  private log: WriteStream | undefined;
  private consecutiveFailures = 0;

  constructor(private readonly options: SupervisedServiceOptions) {}

  get name(): string {
    return this.options.name;
  }

  get pid(): number | undefined {
    return this.current?.child.pid;
  }

  /** True while an incarnation runs that has reported itself started. */
  get serving(): boolean {
    return this.current?.started === true;
  }

  get restarts(): number {
    return Math.max(0, this.incarnations - 1);
  }

  /** Starts the first incarnation and waits until it reports itself started. */
  async start(): Promise<void> {
    this.stopping = false;
    this.log ??= createWriteStream(this.options.logFile, { flags: "a" });
    this.sampler ??= setInterval(() => void this.sampleCpu(), 1000).unref();
    this.launch();
    await this.ready(this.options.readyTimeoutMs ?? 90_000);
  }

  /**
   * Resolves when an incarnation has reported itself started; one that dies first is replaced by
   * the supervisor and awaited in turn, until `timeoutMs`.
   */
  async ready(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const current = this.current;
      if (current === undefined) {
        if (this.stopping) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      try {
        await current.ready;
        if (current === this.current) return;
      } catch (error) {
        if (current === this.current && current.child.exitCode === null) throw error;
      }
    }
    throw createHarnessError("HARNESS_SERVICE_NOT_READY", {
      detail: `${this.name} not started within ${timeoutMs} ms; see ${this.options.logFile}`,
    });
  }

  private launch(): Incarnation {
    const number = ++this.incarnations;
    const child = spawn(
      process.execPath,
      [...(this.options.nodeArgs ?? []), this.options.entry, ...(this.options.args ?? [])],
      {
        env: this.options.env,
        cwd: this.options.cwd,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    this.log?.write(
      `--- ${this.name} incarnation ${number} pid ${child.pid} at ${new Date().toISOString()}\n`,
    );
    const niceness = this.options.niceness ?? 0;
    if (niceness !== 0 && child.pid !== undefined) {
      try {
        setPriority(child.pid, niceness);
      } catch (error) {
        this.log?.write(`--- niceness ${niceness} not applied: ${String(error)}\n`);
      }
    }
    let markReady: () => void = () => undefined;
    let failReady: (error: Error) => void = () => undefined;
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    ready.catch(() => undefined);
    const timer = setTimeout(
      () =>
        failReady(
          createHarnessError("HARNESS_SERVICE_NOT_READY", {
            detail: `${this.name} (incarnation ${number}) after ${this.options.readyTimeoutMs ?? 90_000} ms; see ${this.options.logFile}`,
          }),
        ),
      this.options.readyTimeoutMs ?? 90_000,
    ).unref();
    for (const stream of [child.stdout, child.stderr]) {
      if (stream === null) continue;
      createInterface({ input: stream }).on("line", (line) => {
        this.log?.write(`${line}\n`);
        const inspector = /^Debugger listening on (ws:\/\/\S+)/.exec(line);
        if (inspector !== null) this.inspectorUrl = inspector[1];
        const entry = parseLogLine(line);
        if (entry === undefined) {
          // A crash before the logger exists prints plain text: keep the lines that say what.
          if (/error|cannot|refused|unavailable|ENOENT|ECONN/i.test(line) && !/^\s+at /.test(line))
            this.recentErrors = [...this.recentErrors.slice(-4), line.trim().slice(0, 300)];
          return;
        }
        if (entry.msg === this.options.readyMessage) {
          clearTimeout(timer);
          this.consecutiveFailures = 0;
          incarnation.started = true;
          markReady();
        }
        if (entry.level === "error" || entry.level === "fatal") {
          const text = `${entry.msg}${entry.error === undefined ? "" : `: ${entry.error}`}`.slice(
            0,
            300,
          );
          this.errorLines.set(text, (this.errorLines.get(text) ?? 0) + 1);
          this.recentErrors = [...this.recentErrors.slice(-4), text];
        }
      });
    }
    const incarnation: Incarnation = {
      child,
      number,
      ready,
      expectedExit: false,
      cpuSeconds: 0,
      started: false,
      exited: new Promise<void>((resolve) => {
        child.once("exit", (code, signal) => {
          clearTimeout(timer);
          failReady(new Error(`${this.name} exited before it was ready`));
          this.deadCpuSeconds += incarnation.cpuSeconds;
          if (this.current === incarnation) this.current = undefined;
          if (!incarnation.expectedExit) this.onUnexpectedExit(incarnation, code, signal);
          resolve();
        });
      }),
    };
    this.current = incarnation;
    return incarnation;
  }

  private onUnexpectedExit(
    incarnation: Incarnation,
    code: number | null,
    signal: NodeJS.Signals | null,
  ): void {
    this.unexpectedExits.push({
      service: this.name,
      incarnation: incarnation.number,
      at: new Date(),
      code,
      signal,
      lastErrors: [...this.recentErrors],
    });
    if (this.stopping) return;
    const delay =
      RESTART_BACKOFF_MS[Math.min(this.consecutiveFailures, RESTART_BACKOFF_MS.length - 1)] ??
      10_000;
    this.consecutiveFailures += 1;
    this.restartTimer = setTimeout(() => {
      if (!this.stopping && this.current === undefined) this.launch();
    }, delay);
  }

  private async sampleCpu(): Promise<void> {
    const current = this.current;
    const pid = current?.child.pid;
    if (current === undefined || pid === undefined) return;
    const seconds = await processCpuSeconds(pid);
    if (seconds !== undefined && current === this.current) current.cpuSeconds = seconds;
  }

  /** CPU seconds over every incarnation so far. */
  async cpuSeconds(): Promise<number> {
    await this.sampleCpu();
    return this.deadCpuSeconds + (this.current?.cpuSeconds ?? 0);
  }

  /**
   * Kills the running incarnation (SIGKILL by default, as a crash) and launches a new one after
   * `restartAfterMs`; `ready()` then tells when it has started.
   */
  async kill(options: { signal?: NodeJS.Signals; restartAfterMs?: number } = {}): Promise<void> {
    const current = this.current;
    if (current === undefined) return;
    await this.sampleCpu();
    current.expectedExit = true;
    current.child.kill(options.signal ?? "SIGKILL");
    await current.exited;
    await new Promise((resolve) => setTimeout(resolve, options.restartAfterMs ?? 500));
    if (!this.stopping && this.current === undefined) this.launch();
  }

  /** SIGTERM (then SIGKILL after the grace) and no more restarts. */
  async stop(graceMs = 15_000): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const current = this.current;
    if (current !== undefined) {
      await this.sampleCpu();
      current.expectedExit = true;
      current.child.kill("SIGTERM");
      const timer = setTimeout(() => current.child.kill("SIGKILL"), graceMs);
      await current.exited;
      clearTimeout(timer);
    }
    clearInterval(this.sampler);
    this.sampler = undefined;
    await new Promise<void>((resolve) =>
      this.log === undefined ? resolve() : this.log.end(resolve),
    );
    this.log = undefined;
  }
}

function parseLogLine(line: string): { level: string; msg: string; error?: string } | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    const entry = JSON.parse(line) as {
      level?: unknown;
      msg?: unknown;
      err?: { message?: unknown };
    };
    const level = typeof entry.level === "string" ? entry.level : String(entry.level);
    const msg = typeof entry.msg === "string" ? entry.msg : "";
    const error = typeof entry.err?.message === "string" ? entry.err.message : undefined;
    return error === undefined ? { level, msg } : { level, msg, error };
  } catch {
    return undefined;
  }
}
