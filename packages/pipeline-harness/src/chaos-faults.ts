import type { ChaosAction } from "./chaos-plan.js";
import type { LoadDriver } from "./load-driver.js";
import type { PipelineUnderTest } from "./pipeline-under-test.js";
import type { ServiceName } from "./pipeline-services.js";

/** What a fault did, for the run's report. */
export interface FaultRecord {
  what: string;
  /** Seconds since the load started. */
  at: number;
  /** Until the faulted part served again. */
  recoveredAfterMs: number;
  error?: string;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Fires chaos actions against a running pipeline. Each service's kills run one after another
 * (a kill waits for the previous incarnation to have started), while different services, the
 * broker and S3 fail independently, so their outages overlap.
 */
export class ChaosFaults {
  readonly records: FaultRecord[] = [];
  readonly kills = new Map<ServiceName, number>();
  /** Idempotency keys of requests that were in flight when intake was killed. */
  readonly keysInFlightAtIntakeKill = new Set<string>();
  private readonly serviceQueues = new Map<ServiceName, Promise<void>>();
  /** Settles when a running S3 outage ends (at once when none runs). */
  private s3Back: Promise<void> = Promise.resolve();

  constructor(
    private readonly pipeline: PipelineUnderTest,
    private readonly driver: LoadDriver,
    private readonly startedAt: number,
  ) {}

  /** Starts the action; the returned promise settles when the faulted part is back. */
  fire(action: ChaosAction): Promise<void> {
    switch (action.kind) {
      case "kill":
        return this.kill(action.service);
      case "broker-crash":
        return this.record(
          `broker node ${action.node} SIGKILL, down ${action.downMs} ms`,
          async () => {
            await this.pipeline.cluster.killBroker(action.node);
            await pause(action.downMs);
            await this.pipeline.cluster.startBrokers();
          },
        );
      case "s3-outage":
        return this.record(`S3 stopped for ${action.downMs} ms`, async () => {
          let markBack: () => void = () => undefined;
          this.s3Back = new Promise((resolve) => (markBack = resolve));
          await this.pipeline.cluster.stopS3();
          await pause(action.downMs / 3);
          // Intake and audit killed while S3 is away must start without it, or wait for it.
          const restarted = [
            this.kill("intake", { untilS3: true }),
            this.kill("audit", { untilS3: true }),
          ];
          await pause((2 * action.downMs) / 3);
          await this.pipeline.cluster.startS3().finally(markBack);
          await Promise.all(restarted);
        });
    }
  }

  /** SIGKILL (intake: while requests are in flight), then restart; queued per service. */
  kill(service: ServiceName, options: { untilS3?: boolean } = {}): Promise<void> {
    const previous = this.serviceQueues.get(service) ?? Promise.resolve();
    const next = previous.then(() =>
      this.record(`${service} SIGKILL`, async () => {
        const supervised = this.pipeline.services.services[service];
        await supervised.ready();
        let note = "";
        if (service === "intake") {
          const deadline = Date.now() + 10_000;
          while (this.driver.inFlightKeys.size === 0 && Date.now() < deadline) await pause(2);
          for (const key of this.driver.inFlightKeys) this.keysInFlightAtIntakeKill.add(key);
          note = ` with ${this.driver.inFlightKeys.size} request(s) in flight`;
        }
        this.kills.set(service, (this.kills.get(service) ?? 0) + 1);
        await supervised.kill();
        if (options.untilS3 === true) {
          note += " during the S3 outage";
          await this.s3Back;
        }
        await supervised.ready();
        return note;
      }),
    );
    this.serviceQueues.set(service, next);
    return next;
  }

  private async record(what: string, work: () => Promise<string | void>): Promise<void> {
    const began = Date.now();
    const record: FaultRecord = {
      what,
      at: Math.round((began - this.startedAt) / 100) / 10,
      recoveredAfterMs: 0,
    };
    this.records.push(record);
    try {
      const note = await work();
      if (typeof note === "string") record.what += note;
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
    }
    record.recoveredAfterMs = Date.now() - began;
  }
}
