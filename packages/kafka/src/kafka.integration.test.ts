import { describe, expect } from "vitest";
import type { KafkaMessage } from "kafkajs";
import {
  awaitCondition,
  integrationTest as test,
  platformListenerCa,
  runInfraScript,
} from "@takedown/test-kit";
import { createKafka } from "./create-kafka.js";
import { applyTopics } from "./apply-topics.js";
import type { TopicSpec } from "./topic-plan.js";
import { bareClientOf } from "./bare-client.js";

/** A self-signed CA that signed nothing of ours (made for this test with openssl). */
const UNRELATED_CA = `-----BEGIN CERTIFICATE-----
MIIBjjCCATWgAwIBAgIURBvz0bExnDQQUX0P8BV0uhE+S0AwCgYIKoZIzj0EAwIw
HDEaMBgGA1UEAwwRdW5yZWxhdGVkIHRlc3QgQ0EwIBcNMjYxMjAxMTQ1ODA4WhgP
MjEyNjExMDcxNDU4MDhaMBwxGjAYBgNVBAMMEXVucmVsYXRlZCB0ZXN0IENBMFkw
EwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqChh10eQgQ/pdrGDqFAPEhDxpRn0w1Hc
KUosEjL+klkgV6QR76ILmH0i+l7NeJSMxyClCfjySxf07g/8n/HxWqNTMFEwHQYD
VR0OBBYEFK/dbNqthGiDtYD4+N7Wh/DJvq7dMB8GA1UdIwQYMBaAFK/dbNqthGiD
tYD4+N7Wh/DJvq7dMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDRwAwRAIg
bYuFffVPHH/P7g3D2Oci8B/hbPT8JzDo3n57ByE8kdkCICqIRuonmwsgYBOYCrSs
QkLoMnvwVLibgeRh7UE6REHZ
-----END CERTIFICATE-----
`;

describe("Kafka broker", () => {
  test("round-trips records with an idempotent producer and acks=all", async ({
    kafka,
    createTopic,
    uniqueId,
  }) => {
    const topic = await createTopic({ name: "roundtrip", partitions: 3 });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const sent = Array.from({ length: 50 }, (_, i) => ({
      key: `key-${i % 7}`,
      value: JSON.stringify({ n: i }),
      headers: { ce_type: "jp.takedown.test.v1" },
    }));
    // One send for the whole batch: kafkajs makes one request per awaited send.
    const metadata = await producer.send({ topic, acks: -1, messages: sent });
    expect(metadata.every((m) => m.errorCode === 0)).toBe(true);
    await producer.disconnect();

    const received: KafkaMessage[] = [];
    const consumer = kafka.consumer({ groupId: `test-${uniqueId}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        received.push(message);
        return Promise.resolve();
      },
    });
    await awaitCondition(() => received.length >= sent.length, { what: "all records consumed" });
    await consumer.disconnect();

    const values = received
      .map((m) => JSON.parse(m.value!.toString()) as { n: number })
      .map((v) => v.n);
    expect(values.sort((a, b) => a - b)).toEqual(sent.map((_, i) => i));
    expect(received[0]?.headers?.ce_type?.toString()).toBe("jp.takedown.test.v1");
    // Equal keys land on one partition, so per-key order holds.
    const byKey = new Map<string, number[]>();
    for (const m of received) {
      const list = byKey.get(m.key!.toString()) ?? [];
      list.push((JSON.parse(m.value!.toString()) as { n: number }).n);
      byKey.set(m.key!.toString(), list);
    }
    for (const list of byKey.values()) expect(list).toEqual([...list].sort((a, b) => a - b));
  });

  test("topics apply creates, then changes nothing the second time, then repairs drift", async ({
    admin,
    uniqueId,
  }) => {
    const specs: TopicSpec[] = [
      {
        name: `test.apply.${uniqueId}.a.v1`,
        partitions: 3,
        replicationFactor: 1,
        configs: { "cleanup.policy": "delete", "retention.ms": "-1" },
      },
      {
        name: `test.apply.${uniqueId}.b.v1`,
        partitions: 3,
        replicationFactor: 1,
        configs: { "cleanup.policy": "compact", "retention.ms": "-1" },
      },
    ];
    try {
      const first = await applyTopics(admin, specs);
      expect(first.changes.map((c) => c.change)).toEqual(["created", "created"]);
      const second = await applyTopics(admin, specs);
      expect(second.changes).toEqual([]);
      expect(second.unchanged).toEqual(specs.map((s) => s.name));

      const grown = specs.map((s, i) =>
        i === 0
          ? { ...s, partitions: 4 }
          : { ...s, configs: { ...s.configs, "retention.ms": "86400000" } },
      );
      const third = await applyTopics(admin, grown);
      expect(third.changes).toEqual([
        { topic: specs[0]!.name, change: "partitions", detail: "3 → 4" },
        { topic: specs[1]!.name, change: "configs", detail: "retention.ms=86400000" },
      ]);
      expect((await applyTopics(admin, grown)).changes).toEqual([]);

      const shrink = applyTopics(admin, [{ ...grown[0]!, partitions: 2 }]);
      await expect(shrink).rejects.toMatchObject({ code: "KAFKA_PARTITIONS_CANNOT_SHRINK" });
    } finally {
      await admin.deleteTopics({ topics: specs.map((s) => s.name) });
    }
  });

  test("a SCRAM user authenticates on the SASL listener and a wrong password is refused", async ({
    infra,
    uniqueId,
  }) => {
    if (infra.local === undefined)
      throw new Error("this test creates SCRAM users through infra/kafka/kafka.sh");
    const username = `platform-${uniqueId}`;
    await runInfraScript(infra.local, "kafka", ["add-scram-user", username, "right-password"]);

    const ok = bareClientOf(
      createKafka({
        brokers: infra.kafkaSaslBrokers,
        clientId: username,
        sasl: { mechanism: "scram-sha-512", username, password: "right-password" },
        tls: { ca: platformListenerCa(infra) },
        retries: 0,
      }),
    ).admin();
    // SCRAM credentials propagate through the metadata log; wait for the broker to know them.
    await awaitCondition(
      async () => {
        await ok.connect();
        return true;
      },
      { what: "SCRAM login", timeoutMs: 15_000 },
    );
    // Authenticated but without ACLs: the user sees no topics at all.
    expect(await ok.listTopics()).toEqual([]);
    await ok.disconnect();

    const wrong = bareClientOf(
      createKafka({
        brokers: infra.kafkaSaslBrokers,
        clientId: username,
        sasl: { mechanism: "scram-sha-512", username, password: "wrong-password" },
        tls: { ca: platformListenerCa(infra) },
        retries: 0,
      }),
    ).admin();
    await expect(wrong.connect()).rejects.toMatchObject({ name: "KafkaJSSASLAuthenticationError" });

    // The platforms' listener is TLS: a client that does not trust the local CA is refused
    // before it sends its name, and one that speaks plain TCP gets nowhere either.
    const untrusted = bareClientOf(
      createKafka({
        brokers: infra.kafkaSaslBrokers,
        clientId: username,
        sasl: { mechanism: "scram-sha-512", username, password: "right-password" },
        tls: { ca: UNRELATED_CA },
        retries: 0,
      }),
    ).admin();
    const refused = await untrusted.connect().then(
      () => "connected",
      (error: Error & { originalError?: Error; cause?: Error }) =>
        [error.message, error.originalError?.message, error.cause?.message].join(" "),
    );
    expect(refused).toMatch(/certificate|self.signed/i);
    const plain = bareClientOf(
      createKafka({
        brokers: infra.kafkaSaslBrokers,
        clientId: username,
        sasl: { mechanism: "scram-sha-512", username, password: "right-password" },
        retries: 0,
      }),
    ).admin();
    await expect(plain.connect()).rejects.toMatchObject({
      name: expect.stringMatching(/^KafkaJS/) as unknown,
    });
  });
});
