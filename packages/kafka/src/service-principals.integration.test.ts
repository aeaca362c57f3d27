import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect } from "vitest";
import { principalCatalogSchema } from "@takedown/config";
import { awaitCondition, integrationTest as test, type InfraDescription } from "@takedown/test-kit";
import kafkajs, { type Admin } from "kafkajs";
import { createKafka } from "./create-kafka.js";
import { describeAclsOf } from "./acl-reconciler.js";
import { applyServiceAccess, readAccessConfig } from "./service-access-step.js";
import { bareClientOf } from "./bare-client.js";

const repo = fileURLToPath(new URL("../../..", import.meta.url));
const TOPICS = {
  targets: "takedown.targets.v1",
  cases: "takedown.cases.v1",
  auditLog: "takedown.audit.log.v1",
  noticesX: "takedown.notices.x.v1",
  idempotency: "takedown.intake.idempotency.v1",
};

/** The real topic names the principals are granted; made once, left for later runs. */
async function ensureTopics(admin: Admin): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = Object.values(TOPICS).filter((t) => !existing.has(t));
  if (missing.length > 0)
    await admin
      .createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: 1, replicationFactor: 1 })),
      })
      .catch((error: { type?: string }) => {
        if (error.type !== "TOPIC_ALREADY_EXISTS") throw error;
      });
}

function clientOf(infra: InfraDescription, service: string, suffix: string) {
  const login = infra.serviceLogins?.[service];
  if (login === undefined) throw new Error(`no login provisioned for ${service}`);
  return bareClientOf(
    createKafka({
      brokers: infra.kafkaBrokers,
      clientId: `${service}-${suffix}`,
      sasl: { mechanism: "scram-sha-512", ...login },
      // A fresh broker's transaction coordinator takes a moment to load; authorization errors
      // are not retried anyway.
      retries: 5,
    }),
  );
}

async function produce(
  infra: InfraDescription,
  service: string,
  topic: string,
  options: { transactionalId?: string; suffix: string },
): Promise<void> {
  const producer = clientOf(infra, service, options.suffix).producer(
    options.transactionalId === undefined
      ? { idempotent: true, allowAutoTopicCreation: false }
      : { transactionalId: options.transactionalId, maxInFlightRequests: 1, idempotent: true },
  );
  await producer.connect();
  try {
    if (options.transactionalId === undefined) {
      await producer.send({ topic, acks: -1, messages: [{ key: "k", value: "v" }] });
    } else {
      const transaction = await producer.transaction();
      try {
        await transaction.send({ topic, messages: [{ key: "k", value: "v" }] });
        await transaction.commit();
      } catch (error) {
        await transaction.abort().catch(() => undefined);
        throw error;
      }
    }
  } finally {
    await producer.disconnect();
  }
}

/** Reads one record's worth: the group join and the first fetch must both be authorised. */
async function consume(
  infra: InfraDescription,
  service: string,
  topic: string,
  groupId: string,
): Promise<void> {
  const consumer = clientOf(infra, service, groupId).consumer({ groupId });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = new Promise<void>((resolve, reject) => {
      // A fresh broker's group coordinator may still be loading: kafkajs restarts on that.
      consumer.on(consumer.events.CRASH, (event) => {
        if (!event.payload.restart) reject(event.payload.error);
      });
      void consumer
        .run({ eachMessage: () => Promise.resolve(resolve()) })
        .catch((error: unknown) => reject(error as Error));
    });
    await received;
  } finally {
    await consumer.disconnect();
  }
}

/** The broker's error type of a refused operation (kafkajs may wrap it once or aggregate it). */
async function refusal(operation: Promise<unknown>): Promise<string> {
  try {
    await operation;
  } catch (error) {
    const { type, cause, errors } = error as {
      type?: string;
      cause?: { type?: string };
      errors?: { type?: string }[];
    };
    return type ?? cause?.type ?? errors?.[0]?.type ?? String(error);
  }
  throw new Error("the operation was allowed");
}

describe("service principals (config/principals.yaml) on the real broker", () => {
  test("each service may do its job and is refused what belongs to another", async ({
    infra,
    admin,
    uniqueId,
  }) => {
    await ensureTopics(admin);
    // Something to read for the consumers below.
    await produce(infra, "intake", TOPICS.targets, { suffix: uniqueId });

    // intake writes targets, never cases, and only under its own transactional ids.
    await produce(infra, "intake", TOPICS.targets, {
      suffix: uniqueId,
      transactionalId: `takedown-intake-${uniqueId}`,
    });
    expect(await refusal(produce(infra, "intake", TOPICS.cases, { suffix: uniqueId }))).toBe(
      "TOPIC_AUTHORIZATION_FAILED",
    );
    const foreignTransaction = produce(infra, "intake", TOPICS.targets, {
      suffix: uniqueId,
      transactionalId: `takedown-dedup-${uniqueId}`,
    });
    // The broker answers FindCoordinator for a transactional id the user may not DESCRIBE with
    // TRANSACTIONAL_ID_AUTHORIZATION_FAILED, which kafkajs reports as "coordinator not found";
    // the same call under intake's own prefix succeeded just above.
    expect(await refusal(foreignTransaction)).toMatch(
      /TRANSACTIONAL_ID_AUTHORIZATION_FAILED|GroupCoordinatorNotFound/,
    );

    // dedup writes cases, never the audit log.
    await produce(infra, "dedup", TOPICS.cases, {
      suffix: uniqueId,
      transactionalId: `takedown-dedup-${uniqueId}`,
    });
    expect(await refusal(produce(infra, "dedup", TOPICS.auditLog, { suffix: uniqueId }))).toBe(
      "TOPIC_AUTHORIZATION_FAILED",
    );

    // routing writes a platform's notices; it may not read the audit log.
    await produce(infra, "routing", TOPICS.noticesX, {
      suffix: uniqueId,
      transactionalId: `takedown-routing-${uniqueId}`,
    });
    expect(
      await refusal(consume(infra, "routing", TOPICS.auditLog, `takedown-routing-${uniqueId}`)),
    ).toBe("TOPIC_AUTHORIZATION_FAILED");

    // audit alone writes the audit log; it may not write a platform's notices.
    await produce(infra, "audit", TOPICS.auditLog, {
      suffix: uniqueId,
      transactionalId: `takedown-audit-${uniqueId}`,
    });
    expect(await refusal(produce(infra, "audit", TOPICS.noticesX, { suffix: uniqueId }))).toBe(
      "TOPIC_AUTHORIZATION_FAILED",
    );
    await consume(infra, "audit", TOPICS.targets, `takedown-audit-${uniqueId}`);

    // status reads targets in its own groups, not in another service's (FindCoordinator refuses
    // the group, reported by kafkajs as "coordinator not found"); its eraser writes retention's
    // target.erased to targets, but it writes no cases.
    await consume(infra, "status", TOPICS.targets, `takedown-status-${uniqueId}`);
    expect(
      await refusal(consume(infra, "status", TOPICS.targets, `takedown-dedup-${uniqueId}`)),
    ).toMatch(/GROUP_AUTHORIZATION_FAILED|GroupCoordinatorNotFound/);
    await produce(infra, "status", TOPICS.targets, { suffix: uniqueId });
    expect(await refusal(produce(infra, "status", TOPICS.cases, { suffix: uniqueId }))).toBe(
      "TOPIC_AUTHORIZATION_FAILED",
    );

    // No service is a super user: none may create topics it was not granted.
    const asIntake = clientOf(infra, "intake", `admin-${uniqueId}`).admin();
    await asIntake.connect();
    try {
      const created = asIntake.createTopics({
        topics: [{ topic: `takedown.rogue${uniqueId}.v1` }],
      });
      expect(await refusal(created)).toBe("TOPIC_AUTHORIZATION_FAILED");
    } finally {
      await asIntake.disconnect();
    }
  });

  test("apply is idempotent, removes ACLs granted by hand and revokes services no longer declared", async ({
    infra,
    admin,
    uniqueId,
  }) => {
    const { platforms } = await readAccessConfig(join(repo, "config"));
    const user = (name: string) => `takedown-${name}-${uniqueId}`;
    const catalog = (services: string[]) =>
      principalCatalogSchema.parse({
        principals: services.map((service) => ({
          service,
          user: user(service),
          topics: [{ name: TOPICS.targets, operations: ["read"] }],
          groups: [`takedown-${service}`],
        })),
      });
    const dataDir = await mkdtemp(join(tmpdir(), "service-access-"));
    const apply = (services: string[]) =>
      applyServiceAccess({
        brokers: infra.kafkaBrokers,
        admin: infra.kafkaAdmin,
        principals: catalog(services),
        platforms,
        dataDir,
      });
    try {
      const first = await apply(["one", "two"]);
      expect(first.created).toHaveLength(6); // per user: DESCRIBE + READ targets, READ group
      const stored = await readFile(first.credentialsPath, "utf8");
      const again = await apply(["one", "two"]);
      expect({ created: again.created.length, removed: again.removed.length }).toEqual({
        created: 0,
        removed: 0,
      });
      expect(await readFile(first.credentialsPath, "utf8")).toBe(stored);

      // A hand-made grant (one writing the audit log) is removed by the next apply.
      const [sample] = await describeAclsOf(admin, user("one"));
      await admin.createAcls({
        acl: [
          { ...sample!, resourceName: TOPICS.auditLog, operation: kafkajs.AclOperationTypes.WRITE },
        ],
      });
      await awaitCondition(
        async () =>
          (await describeAclsOf(admin, user("one"))).some(
            (e) => e.resourceName === TOPICS.auditLog,
          ),
        { what: "the hand-made ACL to reach the broker", timeoutMs: 15_000 },
      );
      const repaired = await apply(["one", "two"]);
      expect(repaired.removed.map((e) => e.resourceName)).toEqual([TOPICS.auditLog]);

      // "two" leaves the config: its ACLs and its login are gone.
      const two = first.credentials.find((c) => c.service === "two")!;
      const dropped = await apply(["one"]);
      expect(dropped.revoked).toEqual([user("two")]);
      expect(await describeAclsOf(admin, user("two"))).toEqual([]);
      const asTwo = bareClientOf(
        createKafka({
          brokers: infra.kafkaBrokers,
          clientId: "revoked",
          sasl: { mechanism: "scram-sha-512", username: two.username, password: two.password },
          retries: 0,
        }),
      ).admin();
      await awaitCondition(
        async () => {
          try {
            await asTwo.connect();
            await asTwo.disconnect();
            return false;
          } catch (error) {
            return (error as { name?: string }).name === "KafkaJSSASLAuthenticationError";
          }
        },
        { what: "the revoked login to be refused", timeoutMs: 15_000 },
      );
    } finally {
      await applyServiceAccess({
        brokers: infra.kafkaBrokers,
        admin: infra.kafkaAdmin,
        principals: catalog([]),
        platforms,
        dataDir,
      }).catch(() => undefined);
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
