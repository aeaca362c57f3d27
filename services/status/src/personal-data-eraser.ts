import { createEvent, dossierIdOf, encodeEvent, type AnyTakedownEvent } from "@takedown/contracts";
import type { RecordWriter } from "@takedown/kafka";
import type { Logger } from "@takedown/logger";
import {
  deleteObject,
  deletePrefix,
  dossierObjectKeys,
  evidenceObjectKey,
  type S3Client,
} from "@takedown/s3";
import type { ErasureIndex, LiveTarget } from "./erasure-index.js";
import { evidenceToDelete } from "./evidence-references.js";
import { retentionDueAt } from "./retention-due.js";

export const ERASER_SOURCE = "/takedown/status";

export interface PersonalDataEraserOptions {
  erasures: ErasureIndex;
  /** False until the store holds everything committed before start (see StoreFeeder). */
  storeReady: () => boolean;
  s3: S3Client;
  bucket: string;
  /** Where the retention sweep's target.erased go (takedown.targets.v1). */
  writer: Pick<RecordWriter, "start" | "stop" | "send">;
  targetsTopic: string;
  retentionMs: number;
  intervalMs: number;
  logger: Logger;
  now?: () => Date;
}

/**
 * Deletes personal data from S3 (issue 13). Each sweep (every `intervalMs`, and once at start):
 * 1. Retention: a request all of whose targets are done (withdrawn, or their case closed) for
 *    `retentionMs` gets target.erased (cause retention) on the targets topic.
 * 2. Purge: for every erased request not yet purged, deletes its dossier prefix (secret first)
 *    and each of its evidence objects no live request names, then marks it purged.
 * All state is in the store, which is rebuilt from Kafka: a restart (or a lost store) only
 * repeats idempotent deletes. The erasure itself is the event; this only carries it out.
 */
export class PersonalDataEraser {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  /** Retention erasures sent but not yet read back into the store: not sent twice meanwhile. */
  private readonly sent = new Set<string>();

  constructor(private readonly options: PersonalDataEraserOptions) {}

  async start(): Promise<void> {
    await this.options.writer.start();
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
    await this.options.writer.stop();
  }

  /** One sweep; exported for tests that must not wait for the timer. */
  async sweep(): Promise<{ retained: string[]; purged: string[] }> {
    if (!this.options.storeReady()) return { retained: [], purged: [] };
    const retained = await this.retain();
    const purged: string[] = [];
    for (const requestId of this.options.erasures.pendingPurges(100)) {
      await this.purge(requestId);
      purged.push(requestId);
    }
    return { retained, purged };
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.sweep()
        .then(() => undefined)
        .catch((error: unknown) => {
          // Retried next sweep; S3 or the broker being away is no reason for a person to act yet.
          this.options.logger.warn({ err: error }, "erasure sweep failed; retrying");
        })
        .finally(() => this.schedule(this.options.intervalMs));
    }, delayMs);
    this.timer.unref();
  }

  private async retain(): Promise<string[]> {
    const now = (this.options.now ?? (() => new Date()))();
    const events: AnyTakedownEvent[] = [];
    const due: string[] = [];
    for (const [requestId, targets] of this.options.erasures.liveRequests()) {
      if (this.sent.has(requestId)) continue;
      const dueAt = retentionDueAt(targets, this.options.retentionMs);
      if (dueAt === undefined || dueAt > now) continue;
      due.push(requestId);
      events.push(...targets.map((target) => retentionEvent(target, now)));
    }
    if (events.length === 0) return [];
    await this.options.writer.send(this.options.targetsTopic, events.map(encodeEvent));
    for (const requestId of due) this.sent.add(requestId);
    this.options.logger.info({ requests: due.length, targets: events.length }, "retention erased");
    return due;
  }

  private async purge(requestId: string): Promise<void> {
    const { s3, bucket, erasures } = this.options;
    const dossierId = dossierIdOf(requestId);
    const dossierObjects = await deletePrefix(s3, bucket, dossierObjectKeys.prefix(dossierId), {
      first: dossierObjectKeys.secret(dossierId),
    });
    const own = erasures.evidenceOf(requestId);
    const gone = evidenceToDelete(own, (id) => erasures.referencesOf(id));
    for (const evidenceId of gone) await deleteObject(s3, bucket, evidenceObjectKey(evidenceId));
    erasures.markPurged(requestId, (this.options.now ?? (() => new Date()))());
    this.sent.delete(requestId);
    this.options.logger.info(
      {
        requestId,
        dossierObjects,
        evidenceDeleted: gone.length,
        evidenceKept: own.length - gone.length,
      },
      "personal data erased from S3",
    );
  }
}

function retentionEvent(target: LiveTarget, now: Date): AnyTakedownEvent {
  const erasedAt = now.toISOString();
  return createEvent(
    "target.erased",
    {
      requestId: target.requestId,
      targetId: target.targetId,
      organId: target.organId,
      contentKey: target.contentKey,
      cause: "retention",
      erasedBy: "retention",
      reason: "retention_expired",
      erasedAt,
    },
    { source: ERASER_SOURCE, id: `${target.targetId}/erased`, time: erasedAt },
  );
}
