import { readdir, readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadAuditSettings } from "@takedown/audit-tools";
import { envSchema, loadEnvConfig, parseConfigFile } from "@takedown/config";
import { loadServiceKafkaConfig } from "@takedown/kafka";
import { pipelineServices } from "./pipeline-up.js";

const repo = fileURLToPath(new URL("../../..", import.meta.url));

interface ComposeService {
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

/** Compose's interpolation as `docker compose` does it with a .env that sets every secret. */
function interpolate(value: string): string {
  return value.replace(
    /\$\{([A-Z0-9_]+)(?::([?-])([^}]*))?\}/g,
    (_all, name: string, kind, rest) =>
      kind === "-" ? String(rest) : `${name.toLowerCase()}-from-dotenv`,
  );
}

async function readCompose(): Promise<Record<string, ComposeService>> {
  const text = await readFile(join(repo, "docker-compose.yml"), "utf8");
  const document = parse(text, { merge: true }) as { services: Record<string, ComposeService> };
  return document.services;
}

function environmentOf(service: ComposeService): Record<string, string> {
  return Object.fromEntries(
    Object.entries(service.environment ?? {}).map(([name, value]) => [name, interpolate(value)]),
  );
}

async function serviceDirectories(): Promise<string[]> {
  const entries = await readdir(join(repo, "services"), { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && existsSync(join(repo, "services", e.name, "package.json")))
    .map((e) => e.name)
    .sort();
}

/** The variables of the shared schema that have no default: compose must set them. */
const requiredSharedVariables = Object.entries(envSchema.shape)
  .filter(([, schema]) => !schema.safeParse(undefined).success)
  .map(([name]) => name);

describe("docker-compose.yml", () => {
  it("runs every service under services/, each through the entry that hands it its principal", async () => {
    const compose = await readCompose();
    const names = await serviceDirectories();
    expect(names.length).toBeGreaterThan(0);
    // `takedown up` starts the same set: a new service must be added to both.
    expect(names).toEqual([...pipelineServices].sort());
    for (const name of names) {
      const service = compose[name];
      expect(service, `compose service ${name}`).toBeDefined();
      expect(service?.command).toEqual(["sh", "infra/docker/service-entry.sh", name]);
      expect(service?.depends_on?.init?.condition).toBe("service_completed_successfully");
    }
  });

  it("sets every variable the services' config schemas require, and their settings parse", async () => {
    const compose = await readCompose();
    const principals = parseConfigFile(
      "principals.yaml",
      await readFile(join(repo, "config", "principals.yaml"), "utf8"),
      "config/principals.yaml",
    );
    expect(requiredSharedVariables).toContain("S3_ACCESS_KEY_ID");
    for (const name of await serviceDirectories()) {
      const env = environmentOf(compose[name] ?? {});
      for (const variable of requiredSharedVariables)
        expect(env[variable], `${name}: ${variable}`).toBeTruthy();
      expect(() => loadEnvConfig(env), name).not.toThrow();
      // The cluster's admin stays in the init container.
      expect(env.KAFKA_ADMIN_PASSWORD, `${name} must not get the admin password`).toBeUndefined();
      const principal = principals.principals.find((p) => p.service === name);
      if (principal !== undefined) {
        // KAFKA_PASSWORD comes from the entry script; everything else from compose.
        const kafka = loadServiceKafkaConfig({ ...env, KAFKA_PASSWORD: "generated" }, name);
        expect(kafka.brokers).toEqual(["kafka:9092"]);
      }
      // Published ports reach a service only when it listens beyond its own loopback.
      const prefix = name.toUpperCase();
      if ((compose[name]?.ports ?? []).length > 0) expect(env[`${prefix}_HOST`]).toBe("0.0.0.0");
      // The health check asks the port the service listens on.
      const probe = compose[name]?.healthcheck?.test.join(" ") ?? "";
      expect(probe, `${name} health check`).toContain(
        `http://127.0.0.1:${env[`${prefix}_PORT`] ?? "?"}/${name === "portal" ? "healthz" : "readyz"}`,
      );
    }
    expect(loadAuditSettings(environmentOf(compose.audit ?? {})).AUDIT_HOST).toBe("0.0.0.0");
    expect(environmentOf(compose.intake ?? {}).STATUS_URL).toBe("http://status:8085");
    expect(environmentOf(compose.portal ?? {}).INTAKE_URL).toBe("http://intake:8080");
    expect(environmentOf(compose.portal ?? {}).PORTAL_AUDIT_URL).toBe("http://audit:8090");
  });

  it("applies topics and principals with the admin login before any service starts", async () => {
    const compose = await readCompose();
    const init = compose.init;
    const env = environmentOf(init ?? {});
    expect(env.KAFKA_ADMIN_USER).toBe("takedown-admin");
    expect(env.KAFKA_ADMIN_PASSWORD).toBeTruthy();
    expect(init?.depends_on?.kafka?.condition).toBe("service_healthy");
    expect(init?.depends_on?.minio?.condition).toBe("service_healthy");
    const script = await readFile(join(repo, "infra", "docker", "compose-init.sh"), "utf8");
    expect(script).toContain("node dist/main.js topics apply");
    expect(script).toContain("ensurePortalIntakeKeys");
    expect(script).toContain("ensurePortalAuditorKey");
    // The broker formats with the same admin, or nobody could log in to create the rest.
    const kafka = environmentOf(compose.kafka ?? {});
    expect(kafka.KAFKA_ADMIN_USER).toBe(env.KAFKA_ADMIN_USER);
    expect(kafka.KAFKA_ADMIN_PASSWORD).toBe(env.KAFKA_ADMIN_PASSWORD);
  });
});
