import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateApiKey } from "@takedown/api-keys";
import type { OrganRegistry, PlatformRegistry } from "@takedown/config";
import { buildApp as buildIntake, type IntakeApp } from "@takedown/intake";
import type { Kafka } from "@takedown/kafka";
import { freePort } from "@takedown/local-infra";
import { createLogger } from "@takedown/logger";
import type { S3Client } from "@takedown/s3";
import { StaffStore } from "@takedown/staff-accounts";
import { buildApp as buildStatus, type StatusApp } from "@takedown/status";
import { buildApp, type PortalApp } from "./portal-app.js";
import { IntakeGate } from "./intake-gate.test-support.js";

export const PORTAL_ORGANS = ["organ-a", "organ-b"] as const;
export type PortalOrgan = (typeof PORTAL_ORGANS)[number];

export interface PortalStack {
  portal: PortalApp;
  staff: StaffStore;
  gate: IntakeGate;
  /** Moves the portal's clock (sessions) and the staff store's (lock-outs) forward. */
  clock: { skewMs: number };
  /** The pipeline's topics, for dedup and routing where a test runs them. */
  topics: PortalTopics;
  /** Intake as an organ's own client reaches it, with each organ's plain key. */
  intake: { url: string; keyOf: (organ: PortalOrgan) => string };
  stop(): Promise<void>;
}

export interface PortalTopics {
  targets: string;
  idempotency: string;
  cases: string;
  notices: string;
  responses: string;
  state: string;
}

const quiet = () => createLogger({ service: "portal-test", level: "warn" });

/** The built SPA: integration tests run after `pnpm run build`, as CI does. */
export const WEB_DIR = fileURLToPath(new URL("../dist/web", import.meta.url));

/**
 * Status, intake and the portal on the test's own topics and bucket, with intake behind a gate
 * the test can shut. Two organs, each with an intake key only the portal holds.
 */
export async function startPortalStack(options: {
  kafka: Kafka;
  s3: S3Client;
  bucket: string;
  uniqueId: string;
  createTopic: (request?: { name?: string; configs?: Record<string, string> }) => Promise<string>;
  sessionIdleMs: number;
  /** Default: none (no case reaches a platform). With one, its notices and responses topics. */
  platforms?: PlatformRegistry;
  platformTopics?: { notices: string; responses: string };
}): Promise<PortalStack> {
  const compact = { "cleanup.policy": "compact" };
  const topics: PortalTopics = {
    targets: await options.createTopic({ name: "targets" }),
    idempotency: await options.createTopic({ name: "idempotency", configs: compact }),
    cases: await options.createTopic({ name: "cases" }),
    notices: options.platformTopics?.notices ?? (await options.createTopic({ name: "notices" })),
    responses:
      options.platformTopics?.responses ?? (await options.createTopic({ name: "responses" })),
    state: await options.createTopic({ name: "status-state", configs: compact }),
  };
  const dir = await mkdtemp(join(tmpdir(), "portal-stack-"));
  const plainKeys = new Map<string, string>();
  const registry: OrganRegistry = { organs: [] };
  for (const id of PORTAL_ORGANS) {
    const key = await generateApiKey();
    plainKeys.set(id, key.plainKey);
    registry.organs.push({
      id,
      names: { ja: id === "organ-a" ? "東京法務局" : "福岡法務局", en: id },
      kind: "legal_affairs_bureau",
      apiKeys: [{ id: key.keyId, hash: key.hash, disabled: false }],
      rateLimit: { requestsPerMinute: 6000, burst: 600 },
      example: false,
    });
  }
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const status: StatusApp = buildStatus({
      kafka: options.kafka,
      logger: quiet(),
      topics: {
        targets: topics.targets,
        cases: topics.cases,
        notices: [topics.notices],
        responses: [topics.responses],
        state: topics.state,
      },
      dbPath: join(dir, "status.db"),
      groupId: `status-${options.uniqueId}`,
      instanceId: `status-${options.uniqueId}`,
      port: 0,
      host: "127.0.0.1",
    });
    stops.push(() => status.stop());
    await status.start();
    const intake: IntakeApp = buildIntake({
      logger: quiet(),
      kafka: options.kafka,
      s3: options.s3,
      organs: registry,
      // Unless given, no platform owns a host: those tests do not follow a case to a platform.
      platforms: options.platforms ?? { platforms: [] },
      topics: { targets: topics.targets, idempotency: topics.idempotency },
      evidenceBucket: options.bucket,
      transactionalId: `intake-${options.uniqueId}`,
      statusUrl: status.api.url,
    });
    stops.push(() => intake.stop());
    await intake.start();
    await intake.app.listen({ port: 0, host: "127.0.0.1" });
    const address = intake.app.server.address();
    if (address === null || typeof address === "string") throw new Error("intake not listening");
    const gate = new IntakeGate(await freePort(), address.port);
    await gate.open();
    stops.push(() => gate.shut());
    const clock = { skewMs: 0 };
    const now = () => Date.now() + clock.skewMs;
    const staff = StaffStore.open(join(dir, "portal.db"), {
      maxFailures: 3,
      now: () => new Date(now()),
    });
    stops.push(() => Promise.resolve(staff.close()));
    const portal = buildApp({
      logger: quiet(),
      staff,
      intakeUrl: `http://127.0.0.1:${gate.port}`,
      intakeTimeoutMs: 10_000,
      intakeKeyOf: (organId) => Promise.resolve(plainKeys.get(organId)),
      organNames: new Map(registry.organs.map((o) => [o.id, o.names])),
      webDir: WEB_DIR,
      port: 0,
      host: "127.0.0.1",
      sessionIdleMs: options.sessionIdleMs,
      now,
    });
    stops.push(() => portal.stop());
    await portal.start();
    return {
      portal,
      staff,
      gate,
      clock,
      topics,
      intake: {
        url: `http://127.0.0.1:${address.port}`,
        keyOf: (organ) => plainKeys.get(organ) ?? "",
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A staff account with its password set, as after its holder's set-up visit. */
export async function readyAccount(staff: StaffStore, organId: PortalOrgan, password: string) {
  const created = await staff.createAccount({ organId });
  await staff.completeSetup({
    accountId: created.account.id,
    setupSecret: created.setupSecret,
    password,
  });
  return created.account.id;
}
