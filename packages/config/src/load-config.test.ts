import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { isTakedownError } from "@takedown/errors";
import { loadConfig, parseConfigFile, readConfigFiles } from "./load-config.js";
import { loadEnvConfig } from "./env-config.js";

const shippedDir = fileURLToPath(new URL("../../../config", import.meta.url));
const secrets = { S3_ACCESS_KEY_ID: "id", S3_SECRET_ACCESS_KEY: "secret" };

function thrown(fn: () => unknown): Error & { code?: string; details?: Record<string, unknown> } {
  try {
    fn();
  } catch (error) {
    if (isTakedownError(error)) return error;
    throw error;
  }
  throw new Error("expected an error");
}

describe("loadEnvConfig", () => {
  it("gives every variable a working local default except the S3 secret pair", () => {
    const env = loadEnvConfig(secrets);
    expect(env.KAFKA_BROKERS).toEqual(["127.0.0.1:9092"]);
    expect(env.INTAKE_PORT).toBe(8080);
    expect(env.S3_ENDPOINT).toBe("http://127.0.0.1:9000");
    expect(env.LOG_LEVEL).toBe("info");
  });

  it("names the variable and the reason", () => {
    const error = thrown(() =>
      loadEnvConfig({ ...secrets, INTAKE_PORT: "80800", KAFKA_BROKERS: "a" }),
    );
    expect(error.code).toBe("CONFIG_INVALID_ENV");
    expect(error.message).toContain("environment: INTAKE_PORT:");
    expect(error.message).toContain("environment: KAFKA_BROKERS[0]: each broker must be host:port");
  });

  it("reports a missing secret by name", () => {
    expect(thrown(() => loadEnvConfig({})).message).toContain("S3_SECRET_ACCESS_KEY");
  });
});

describe("loadConfig", () => {
  it("loads the shipped config directory", async () => {
    const files = await readConfigFiles(shippedDir);
    const config = loadConfig({ env: secrets, files, configDir: shippedDir });
    expect(config.platforms.platforms.map((p) => p.id)).toContain("line-yahoo");
    expect(config.topics.topics.find((t) => t.name === "takedown.audit.log.v1")).toMatchObject({
      partitions: 1,
      retentionMs: -1,
    });
    const x = config.platforms.platforms.find((p) => p.id === "x");
    expect(x?.sla.default).toBe(7 * 24 * 3600 * 1000);
    expect(x?.sla.byAction.preserve_logs).toBe(3 * 24 * 3600 * 1000);
  });

  it("names the file, the field and the reason of a bad value", () => {
    const text = [
      "platforms:",
      "  - id: x",
      "    names: { ja: X, en: X }",
      "    domains: [x.com, 'Bad Host']",
      "    kafkaUser: platform-x",
    ].join("\n");
    const error = thrown(() =>
      parseConfigFile("platforms.yaml", text, "/etc/takedown/platforms.yaml"),
    );
    expect(error.code).toBe("CONFIG_INVALID_FILE");
    expect(error.message).toContain("/etc/takedown/platforms.yaml: platforms[0].domains[1]:");
    expect(error.message).toContain("lowercase host");
  });

  it("refuses unknown fields and a host owned by two platforms", () => {
    const text = [
      "platforms:",
      "  - { id: a1, names: { ja: A, en: A }, domains: [a.jp], kafkaUser: pa, colour: red }",
      "  - { id: b1, names: { ja: B, en: B }, domains: [a.jp], kafkaUser: pb }",
    ].join("\n");
    const message = thrown(() => parseConfigFile("platforms.yaml", text)).message;
    expect(message).toContain('platforms.yaml: platforms[0]: Unrecognized key: "colour"');
    expect(message).toContain("platforms[1].domains[0]: a.jp is already owned by platform a1");
  });

  it("names the file of a YAML syntax error", () => {
    const message = thrown(() =>
      parseConfigFile("topics.yaml", "defaults: [unclosed", "cfg/topics.yaml"),
    ).message;
    expect(message).toMatch(/^invalid config file: cfg\/topics\.yaml: \(yaml\):/);
  });

  it("names a missing file", () => {
    const error = thrown(() => loadConfig({ env: secrets, files: {}, configDir: "/nowhere" }));
    expect(error.code).toBe("CONFIG_MISSING_FILE");
    expect(error.message).toContain("/nowhere/topics.yaml");
  });
});
