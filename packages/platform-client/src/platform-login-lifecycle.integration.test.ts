import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { platformRegistrySchema } from "@takedown/config";
import { noticesTopic, responsesTopic } from "@takedown/contracts";
import { createKafka, WireConnection, type ConsumedRecord } from "@takedown/kafka";
import { bareClientOf } from "@takedown/kafka/bare-client";
import { createLogger } from "@takedown/logger";
import { awaitCondition, randomName, startPrivateKafkaServer } from "@takedown/test-kit";
import { applyPlatformAccessStep } from "./platform-access-step.js";
import { PlatformCredentialStore } from "./platform-credential-store.js";
import { revokePlatformLogin, rotatePlatformLogin } from "./platform-login-lifecycle.js";

const logger = createLogger({ service: "platform-login-test", level: "silent" });
// The revocation makes the client log authentication errors on purpose.
const clientLogger = createLogger({ service: "platform-login-client", level: "silent" });
// The test broker's own bound; production's is 60 s (infra/kafka/kafka.sh). The live client logs
// in again 2 s before its session ends (kafkajs's default 10 s would be longer than the session).
const REAUTH_MS = 6000;

/** Logs in on the platforms' listener with a raw connection that never re-authenticates. */
function login(broker: string, ca: string, credentials: { username: string; password: string }) {
  return WireConnection.open({
    broker,
    clientId: "lifecycle-probe",
    timeoutMs: 60_000,
    login: credentials,
    tlsCa: ca,
  });
}

/** True once the broker has closed the connection (each call sends one small request). */
async function closedByBroker(connection: WireConnection): Promise<boolean> {
  try {
    await connection.requestApiVersions();
    return false;
  } catch {
    return connection.isClosed;
  }
}

describe("platform login lifecycle on a broker with connections.max.reauth.ms", () => {
  it("rotation overlaps old and new logins for the window; a revoked user is disconnected within the bound and cannot log in again", async () => {
    const server = await startPrivateKafkaServer({
      settings: { KAFKA_PLATFORMS_REAUTH_MS: String(REAUTH_MS) },
    });
    const dataDir = await mkdtemp(join(tmpdir(), "platform-login-"));
    const id = randomName("p").replace("-", "");
    const platforms = platformRegistrySchema.parse({
      platforms: [
        { id, names: { ja: id, en: id }, domains: [`${id}.jp`], kafkaUser: `platform-${id}` },
      ],
    });
    const asAdmin = bareClientOf(
      createKafka({ brokers: server.brokers, clientId: "admin", sasl: server.sasl }),
    );
    const admin = asAdmin.admin();
    const producer = asAdmin.producer();
    const common = {
      brokers: server.brokers,
      admin: { username: server.sasl.username, password: server.sasl.password },
      platforms,
      dataDir,
      logger,
    };
    const broker = server.saslBrokers[0]!;
    const opened: WireConnection[] = [];
    const open = async (credentials: { username: string; password: string }) => {
      const connection = await login(broker, server.saslCa, credentials);
      opened.push(connection);
      return connection;
    };
    let consumer: ReturnType<typeof asAdmin.consumer> | undefined;
    try {
      await admin.connect();
      await admin.createTopics({
        waitForLeaders: true,
        topics: [noticesTopic(id), responsesTopic(id)].map((topic) => ({
          topic,
          numPartitions: 1,
        })),
      });
      await applyPlatformAccessStep({ ...common, print: () => undefined });
      const first = await new PlatformCredentialStore(dataDir).get(id);
      // SCRAM credentials reach the broker through the metadata log.
      const probe = await awaitCondition(() => open(first), { what: "first login" });
      // The broker states the bound itself: the session it grants lasts no longer.
      expect(probe.sessionLifetimeMs).toBeGreaterThan(0);
      expect(probe.sessionLifetimeMs).toBeLessThanOrEqual(REAUTH_MS);

      // Rotation: the new generation's user works at once and the old one still does.
      const rotated = await rotatePlatformLogin({
        ...common,
        platformId: id,
        overlapMs: 3_600_000,
      });
      expect(rotated.username).toBe(`platform-${id}.2`);
      expect(rotated.previousValidUntil).toBeDefined();
      const second = { username: rotated.username, password: rotated.password };
      await awaitCondition(() => open(second), { what: "second generation's login" });
      await open(first);
      expect((await new PlatformCredentialStore(dataDir).get(id)).username).toBe(rotated.username);
      // After the window (the apply runs as if an hour later) the old user is gone, the new stays.
      await applyPlatformAccessStep({
        ...common,
        print: () => undefined,
        now: () => new Date(Date.now() + 3_700_000),
      });
      await expect(open(first)).rejects.toThrow(/SCRAM login refused/);
      await open(second);

      // A fresh broker makes its offsets topic on the first FindCoordinator; the platform's
      // client (no retries, so that losing its login shows at once) must find it ready.
      await awaitCondition(
        async () => (await admin.describeGroups([`${id}.reader`])).groups.length === 1,
        { what: "group coordinator ready", timeoutMs: 60_000 },
      );
      // A live client of the new generation (kafkajs re-authenticates on its own) reads notices.
      const asPlatform = bareClientOf(
        createKafka({
          brokers: server.saslBrokers,
          clientId: `platform-${id}`,
          sasl: { mechanism: "scram-sha-512", ...second },
          tls: { ca: server.saslCa },
          retries: 0,
          reauthenticationThresholdMs: 2000,
          logger: clientLogger,
        }),
      );
      const seen: ConsumedRecord[] = [];
      const crashes: string[] = [];
      consumer = asPlatform.consumer({
        groupId: `${id}.reader`,
        retry: { retries: 0, restartOnFailure: () => Promise.resolve(false) },
      });
      consumer.on(consumer.events.CRASH, (event) => {
        crashes.push(`${event.payload.error.name}: ${event.payload.error.message}`);
      });
      await consumer.connect();
      await consumer.subscribe({ topic: noticesTopic(id), fromBeginning: true });
      await consumer.run({
        eachMessage: ({ message }) => Promise.resolve(void seen.push(message)),
      });
      await producer.connect();
      await producer.send({ topic: noticesTopic(id), messages: [{ key: "a", value: "1" }] });
      await awaitCondition(() => seen.length === 1, { what: "first notice read" }).catch(
        (error: unknown) => {
          throw new Error(`first notice not read; consumer crashes: ${crashes.join("; ")}`, {
            cause: error,
          });
        },
      );
      // A connection that never renews its login is closed by the broker once the bound passes...
      const idle = await open(second);
      await awaitCondition(() => closedByBroker(idle), {
        what: "the non-renewing connection closed",
        timeoutMs: 60_000,
        intervalMs: 250,
      });
      // ...while the renewing client, connected longer than that, still reads.
      await producer.send({ topic: noticesTopic(id), messages: [{ key: "b", value: "2" }] });
      await awaitCondition(() => seen.length === 2, { what: "second notice read after renewal" });
      expect(crashes).toEqual([]);

      // Revocation: the live client loses its connection at its next re-authentication...
      const revoked = await revokePlatformLogin({ ...common, platformId: id });
      expect(revoked.revoked).toEqual([rotated.username]);
      await awaitCondition(() => crashes.length > 0, {
        what: "the revoked platform's consumer cut off",
        timeoutMs: 60_000,
      });
      expect(crashes.join("\n")).toMatch(/SASL|[Aa]uthenticat/);
      // ...and neither generation can log in again.
      await expect(open(second)).rejects.toThrow(/SCRAM login refused/);
      await expect(open(first)).rejects.toThrow(/SCRAM login refused/);
      await expect(new PlatformCredentialStore(dataDir).get(id)).rejects.toThrow(/revoked/);
      // Applying the config again does not hand the revoked platform a login back.
      const printed: string[] = [];
      await applyPlatformAccessStep({ ...common, print: (line) => printed.push(line) });
      expect(printed.join("\n")).toContain(`revoked    platform-${id}`);
      await expect(open(second)).rejects.toThrow(/SCRAM login refused/);
    } finally {
      for (const connection of opened) connection.close();
      await consumer?.disconnect().catch(() => undefined);
      await producer.disconnect().catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
      await server.destroy();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});
