import { dossierIdOf } from "@takedown/contracts";
import type { OutputRecord } from "@takedown/kafka";
import { dossierObjectKeys, HeadObjectCommand, type S3Client } from "@takedown/s3";
import { describe, expect } from "vitest";
import { DossierStore } from "./dossier-store.js";
import { createIntakeError } from "./errors.js";
import { EventPublisher } from "./event-publisher.js";
import { EvidenceStore } from "./evidence-store.js";
import { IdempotencyStore } from "./idempotency-store.js";
import {
  intakeTest as test,
  quietLogger,
  readEvents,
  requestBody,
  testOrgans,
} from "./intake-harness.test-support.js";
import { LoadShedder } from "./load-shedder.js";
import { RequestIntake } from "./request-intake.js";
import { RequestProjection, type StatusSource } from "./request-projection.js";

/**
 * A publisher whose next commit reaches the broker but whose confirmation is lost on the way
 * back, as when the connection or the broker dies during EndTxn: the records are committed,
 * the caller hears INTAKE_COMMIT_UNCERTAIN. Everything else is the real producer on the broker.
 */
class LosingConfirmationPublisher extends EventPublisher {
  losesNext = 0;

  override async publish(records: readonly OutputRecord[], onCommit: () => void): Promise<void> {
    if (this.losesNext === 0) return super.publish(records, onCommit);
    this.losesNext -= 1;
    await super.publish(records, () => undefined);
    throw createIntakeError("INTAKE_COMMIT_UNCERTAIN", { detail: "confirmation lost (test)" });
  }
}

const unusedStatus: StatusSource = {
  record: () => Promise.reject(new Error("not asked in this test")),
  history: () => Promise.reject(new Error("not asked in this test")),
};

/** Intake's request logic on the test's topics and bucket; status is never asked here. */
function requestIntake(parts: {
  s3: S3Client;
  bucket: string;
  targetsTopic: string;
  publisher: EventPublisher;
  idempotency: IdempotencyStore;
}): RequestIntake {
  const { s3, bucket, targetsTopic, publisher, idempotency } = parts;
  return new RequestIntake({
    targetsTopic,
    publisher,
    evidence: new EvidenceStore({ s3, bucket }),
    dossiers: new DossierStore({ s3, bucket }),
    idempotency,
    projection: new RequestProjection({ source: unusedStatus }),
    now: () => new Date(),
  });
}

describe("a commit whose confirmation was lost", () => {
  test("a retry with the same Idempotency-Key gets the first answer and publishes nothing new; the dossier stays", async ({
    kafka,
    admin,
    s3,
    bucket,
    createTopic,
    uniqueId,
  }) => {
    const targetsTopic = await createTopic({ name: "targets" });
    const idempotencyTopic = await createTopic({
      name: "idempotency",
      configs: { "cleanup.policy": "compact" },
    });
    const publisher = new LosingConfirmationPublisher({
      kafka,
      transactionalId: `intake-uncertain-${uniqueId}`,
      logger: quietLogger(),
    });
    const idempotency = new IdempotencyStore({ kafka, topic: idempotencyTopic });
    const intake = requestIntake({ s3, bucket, targetsTopic, publisher, idempotency });
    const shedder = new LoadShedder({ maxInFlight: 10, timeoutMs: 60_000 });
    const { registry } = await testOrgans();
    const organ = registry.organs[0]!;
    const body = requestBody({
      targets: [
        { url: "https://x.com/someone/status/1111111111" },
        { url: "https://x.com/someone/status/2222222222" },
      ],
    });
    const submit = async (idempotencyKey: string | undefined) => {
      const admission = shedder.enter();
      try {
        return await intake.submit(organ, body, { idempotencyKey, admission });
      } finally {
        admission.end();
      }
    };

    await publisher.start();
    await idempotency.start();
    try {
      publisher.losesNext = 1;
      await expect(submit("retry-me")).rejects.toMatchObject({ code: "INTAKE_COMMIT_UNCERTAIN" });
      const retried = await submit("retry-me");
      expect(retried.status).toBe(202);
      const { requestId } = retried.body as { requestId: string };

      // A later request is published, so the topic's end lies past anything a duplicate would add.
      const later = await submit("another-key");
      const { requestId: laterId } = later.body as { requestId: string };
      const events = await readEvents(kafka, admin, targetsTopic, 4);
      const requestIds = events.map(({ event }) => (event.data as { requestId: string }).requestId);
      expect(requestIds.sort()).toEqual([requestId, requestId, laterId, laterId].sort());

      // The request committed, so its dossier (the personal data) must not have been taken back.
      const dossierId = dossierIdOf(requestId);
      await expect(
        s3.send(
          new HeadObjectCommand({ Bucket: bucket, Key: dossierObjectKeys.secret(dossierId) }),
        ),
      ).resolves.toBeDefined();
    } finally {
      await publisher.stop();
    }
  });

  test("a retry that cannot read the changelog yet gets a 503 and stays uncertain; the next retry gets the first answer", async ({
    kafka,
    admin,
    s3,
    bucket,
    createTopic,
    uniqueId,
  }) => {
    const targetsTopic = await createTopic({ name: "targets" });
    const idempotencyTopic = await createTopic({
      name: "idempotency",
      configs: { "cleanup.policy": "compact" },
    });
    const publisher = new LosingConfirmationPublisher({
      kafka,
      transactionalId: `intake-unreadable-${uniqueId}`,
      logger: quietLogger(),
    });
    /** The broker away for one read, as kafkajs reports it: a connection error, not ours. */
    class OnceUnreadableStore extends IdempotencyStore {
      unreadable = 1;
      override catchUp(): Promise<void> {
        if (this.unreadable === 0) return super.catchUp();
        this.unreadable -= 1;
        const refused = Object.assign(new Error("Connection error: connect ECONNREFUSED"), {
          name: "KafkaJSConnectionError",
          retriable: true,
        });
        return Promise.reject(refused);
      }
    }
    const idempotency = new OnceUnreadableStore({ kafka, topic: idempotencyTopic });
    const intake = requestIntake({ s3, bucket, targetsTopic, publisher, idempotency });
    const shedder = new LoadShedder({ maxInFlight: 10, timeoutMs: 60_000 });
    const { registry } = await testOrgans();
    const organ = registry.organs[0]!;
    const body = requestBody();
    const submit = async (idempotencyKey = "unreadable") => {
      const admission = shedder.enter();
      try {
        return await intake.submit(organ, body, { idempotencyKey, admission });
      } finally {
        admission.end();
      }
    };

    await publisher.start();
    await idempotency.start();
    try {
      publisher.losesNext = 1;
      await expect(submit()).rejects.toMatchObject({ code: "INTAKE_COMMIT_UNCERTAIN" });
      // Before the fix this reached the problem handler raw and was answered 500.
      await expect(submit()).rejects.toMatchObject({ code: "INTAKE_KAFKA_UNAVAILABLE" });
      const retried = await submit();
      expect(retried.status).toBe(202);
      const { requestId } = retried.body as { requestId: string };
      // A later request is published, so the topic's end lies past anything a duplicate would add.
      const later = await submit("another-key");
      const { requestId: laterId } = later.body as { requestId: string };
      const events = await readEvents(kafka, admin, targetsTopic, 2);
      const requestIds = events.map(({ event }) => (event.data as { requestId: string }).requestId);
      expect(requestIds.sort()).toEqual([requestId, laterId].sort());
    } finally {
      await publisher.stop();
    }
  });

  test("without a key, the uncertain answer says a retry may publish twice (nothing is checked)", async ({
    kafka,
    s3,
    bucket,
    createTopic,
    uniqueId,
  }) => {
    const publisher = new LosingConfirmationPublisher({
      kafka,
      transactionalId: `intake-uncertain-nokey-${uniqueId}`,
      logger: quietLogger(),
    });
    const idempotencyTopic = await createTopic({ name: "idempotency" });
    const idempotency = new IdempotencyStore({ kafka, topic: idempotencyTopic });
    const intake = requestIntake({
      s3,
      bucket,
      targetsTopic: await createTopic({ name: "targets" }),
      publisher,
      idempotency,
    });
    const shedder = new LoadShedder({ maxInFlight: 10, timeoutMs: 60_000 });
    const organ = (await testOrgans()).registry.organs[0]!;
    await publisher.start();
    try {
      publisher.losesNext = 1;
      const admission = shedder.enter();
      const failure = await intake
        .submit(organ, requestBody(), { idempotencyKey: undefined, admission })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      admission.end();
      expect(failure).toMatchObject({ code: "INTAKE_COMMIT_UNCERTAIN", retryable: true });
      expect(String((failure as Error).message)).toMatch(/may have been published/);
    } finally {
      await publisher.stop();
    }
  });
});
