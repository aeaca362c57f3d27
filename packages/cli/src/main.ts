#!/usr/bin/env node
import { loadOperatorKafkaConfig, readAccessConfig, renderAccessListing } from "@takedown/kafka";
import { applyAccess } from "./access-apply.js";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadConfig, readConfigFiles } from "@takedown/config";
import { createLogger } from "@takedown/logger";
import { localEnvironment } from "./local-environment.js";
import { runAuditorAdd, runOrganAdd } from "./key-verbs.js";
import { runAuditorAccountAdd, runStaffAdd, runStaffRequireTotp } from "./staff-verbs.js";
import { runUp } from "./up-verb.js";
import { runErase } from "./erase-verb.js";
import { runTopicsApply } from "./topics-apply.js";
import { submitRequest } from "./submit-request.js";
import { runAuditCli } from "@takedown/audit-tools";
import { join } from "node:path";
import { runPlatformListen, runPlatformRespond } from "./platform-verbs.js";
import {
  credentialKinds,
  defaultOverlapMs,
  runCredentialVerb,
  type CredentialKind,
} from "./credential-verbs.js";
import { parseOverlap } from "./overlap-duration.js";

const repo = fileURLToPath(new URL("../../..", import.meta.url));
const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const note = (line: string): void => {
  process.stderr.write(`${line}\n`);
};
const usage = `usage: takedown <verb>
  up [--brokers 1|3] [--https]
                        start Kafka (3 nodes: replication factor 3, min ISR 2), S3, topics and
                        every service; Ctrl-C stops all. --https: intake, audit and portal
                        serve TLS with a certificate from the local CA (.data/tls/ca.pem)
  topics apply [--dry-run]
                        create or update topics from config/topics.yaml and platforms.yaml,
                        and the Kafka users and ACLs of platforms and services (principals.yaml)
  principals            print every Kafka principal and its ACLs (the README's security section)
  submit <file> [--intake-url URL] [--api-key KEY]
                        submit a request (JSON/YAML, evidenceFiles: [paths]) as an organ;
                        the key may also come from TAKEDOWN_API_KEY
  platform listen --platform <id> [--json]
                        a reference platform client: prints notices as they arrive
  platform respond --platform <id> --case <id> --action <action> [--reason <code>] [--text <t>]
                        answers a notice as that platform
  audit verify|replay|report [flags]
                        verify the archived log, replay entries, transparency report
  audit verify --completeness [--max-behind N] [--max-age SECONDS]
                        also check the log covers every record of the audited topics
                        (takedown audit --help for the flags)
  auditor add [--name <label>]
                        a new auditor key for the audit API: printed once, only its hash kept
  organ add --organ <id>
                        a new API key for an organ of config/organs.yaml: printed once, only its
                        hash kept
  staff add --organ <id> [--totp]
                        a portal account for an organ's staff member: its id and one-time set-up
                        secret (and TOTP seed) are printed once, only hashes kept
  erase --request <id> [--reason <code>] [--operator opr_…]
                        erases a request's personal data as the operator (dossier, evidence no
                        live request names); the request, its cases and the audit trail stay
  staff add --auditor [--totp]
                        a read-only portal account for an auditor (log status, proofs, report)
  staff require-totp --organ <id> [--off]
                        the organ's portal accounts must (or, with --off, may) use a second factor
  credentials rotate <kind> <name> [--overlap 0|<n>s|m|h|d]
                        a new credential, printed once; the old one keeps working for the overlap
                        (platform 7d, service 1h, organ-key 24h, auditor-key 24h, staff 7d)
  credentials revoke <kind> <name>
                        stops a credential now; kinds: platform <platform-id>, service <name>,
                        organ-key <key-id>, auditor-key <key-id>, staff <account-id>
  credentials expire    deletes the Kafka users whose overlap ended (topics apply does it too)`;

async function loadLocalConfig() {
  const env = await localEnvironment({ repo, env: process.env });
  const config = loadConfig({
    env,
    files: await readConfigFiles(env.TAKEDOWN_CONFIG_DIR ?? join(repo, "config")),
  });
  return { config, env, dataDir: env.TAKEDOWN_DATA_DIR ?? join(repo, ".data") };
}

async function main(argv: string[]): Promise<number> {
  // Verbs owned by a service parse their own flags.
  if (argv[0] === "audit") {
    const env = await localEnvironment({ repo, env: process.env });
    return runAuditCli(argv.slice(1), {
      env,
      out: (text) => process.stdout.write(text),
      err: (text) => process.stderr.write(text),
    });
  }
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      "dry-run": { type: "boolean" },
      help: { type: "boolean", short: "h" },
      "intake-url": { type: "string" },
      "api-key": { type: "string" },
      platform: { type: "string" },
      case: { type: "string" },
      action: { type: "string" },
      reason: { type: "string" },
      text: { type: "string" },
      json: { type: "boolean" },
      brokers: { type: "string" },
      https: { type: "boolean" },
      name: { type: "string" },
      organ: { type: "string" },
      totp: { type: "boolean" },
      off: { type: "boolean" },
      request: { type: "string" },
      operator: { type: "string" },
      auditor: { type: "boolean" },
      overlap: { type: "string" },
    },
  });
  const logger = createLogger({ service: "cli", level: "warn" });
  const verb =
    positionals[0] === "submit" || positionals[0] === "erase"
      ? positionals[0]
      : positionals[0] === "credentials" && positionals[1] !== "expire"
        ? positionals.slice(0, 2).join(" ")
        : positionals.join(" ");
  if (values.help === true || verb === "") {
    print(usage);
    return verb === "" && values.help !== true ? 2 : 0;
  }
  switch (verb) {
    case "up": {
      const brokers = values.brokers ?? "1";
      if (brokers !== "1" && brokers !== "3") {
        print(`--brokers must be 1 or 3 (a controller quorum needs a majority), not ${brokers}`);
        return 2;
      }
      return runUp({
        repo,
        env: process.env,
        logger,
        print,
        brokers: brokers === "3" ? 3 : 1,
        https: values.https === true,
      });
    }
    case "topics apply": {
      const { config, env, dataDir } = await loadLocalConfig();
      await runTopicsApply({
        config,
        env,
        logger,
        print,
        dataDir,
        dryRun: values["dry-run"] === true,
      });
      return 0;
    }
    case "principals": {
      const env = await localEnvironment({ repo, env: process.env });
      const access = await readAccessConfig(env.TAKEDOWN_CONFIG_DIR ?? join(repo, "config"));
      process.stdout.write(renderAccessListing(access.principals, access.platforms));
      return 0;
    }
    case "platform listen": {
      const { config, dataDir } = await loadLocalConfig();
      await runPlatformListen({ config, dataDir, logger, print, values });
      return 0;
    }
    case "platform respond": {
      const { config, dataDir } = await loadLocalConfig();
      await runPlatformRespond({ config, dataDir, logger, print, values });
      return 0;
    }
    case "auditor add": {
      const env = await localEnvironment({ repo, env: process.env });
      await runAuditorAdd({
        dataDir: env.TAKEDOWN_DATA_DIR ?? join(repo, ".data"),
        ...(values.name === undefined ? {} : { name: values.name }),
        printKey: print,
        note,
      });
      return 0;
    }
    case "organ add": {
      if (values.organ === undefined) {
        note("usage: takedown organ add --organ <id>   (organs are listed in config/organs.yaml)");
        return 2;
      }
      const env = await localEnvironment({ repo, env: process.env });
      await runOrganAdd({
        dataDir: env.TAKEDOWN_DATA_DIR ?? join(repo, ".data"),
        configDir: env.TAKEDOWN_CONFIG_DIR ?? join(repo, "config"),
        organId: values.organ,
        printKey: print,
        note,
      });
      return 0;
    }
    case "staff add":
    case "staff require-totp": {
      if (verb === "staff add" && values.auditor === true) {
        const env = await localEnvironment({ repo, env: process.env });
        const dataDir = env.TAKEDOWN_DATA_DIR ?? join(repo, ".data");
        await runAuditorAccountAdd({
          dbPath: env.PORTAL_DB_PATH ?? join(dataDir, "portal", "portal.db"),
          totp: values.totp === true,
          print,
          note,
        });
        return 0;
      }
      if (values.organ === undefined) {
        note(`usage: takedown ${verb} --organ <id>   (organs are listed in config/organs.yaml)`);
        return 2;
      }
      const env = await localEnvironment({ repo, env: process.env });
      const dataDir = env.TAKEDOWN_DATA_DIR ?? join(repo, ".data");
      const common = {
        dbPath: env.PORTAL_DB_PATH ?? join(dataDir, "portal", "portal.db"),
        configDir: env.TAKEDOWN_CONFIG_DIR ?? join(repo, "config"),
        organId: values.organ,
        note,
      };
      if (verb === "staff add") await runStaffAdd({ ...common, print, totp: values.totp === true });
      else await runStaffRequireTotp({ ...common, required: values.off !== true });
      return 0;
    }
    case "erase": {
      const env = await localEnvironment({ repo, env: process.env });
      return runErase({
        env,
        logger,
        print,
        requestId: values.request ?? positionals[1],
        reason: values.reason,
        operatorId: values.operator,
      });
    }
    case "credentials rotate":
    case "credentials revoke": {
      const [, , kind, name] = positionals;
      if (!credentialKinds.includes(kind as CredentialKind) || name === undefined) {
        note(`usage: takedown ${verb} <${credentialKinds.join("|")}> <name>`);
        return 2;
      }
      const overlapMs =
        values.overlap === undefined
          ? defaultOverlapMs[kind as CredentialKind]
          : parseOverlap(values.overlap);
      if (overlapMs === undefined) {
        note(
          `--overlap must be 0 or a whole number with s, m, h or d (e.g. 24h), not ${values.overlap}`,
        );
        return 2;
      }
      const env = await localEnvironment({ repo, env: process.env });
      const dataDir = env.TAKEDOWN_DATA_DIR ?? join(repo, ".data");
      await runCredentialVerb({
        action: verb === "credentials rotate" ? "rotate" : "revoke",
        kind: kind as CredentialKind,
        name,
        overlapMs,
        loadConfig: loadLocalConfig,
        dataDir,
        portalDbPath: env.PORTAL_DB_PATH ?? join(dataDir, "portal", "portal.db"),
        logger,
        print,
        note,
      });
      return 0;
    }
    case "credentials expire": {
      // The access step of topics apply retires every generation whose overlap ended.
      const { config, env, dataDir } = await loadLocalConfig();
      await applyAccess({
        config,
        admin: loadOperatorKafkaConfig(env).sasl,
        dataDir,
        logger,
        print,
      });
      return 0;
    }
    case "submit": {
      const file = positionals[1];
      const apiKey = values["api-key"] ?? process.env.TAKEDOWN_API_KEY;
      if (file === undefined || apiKey === undefined) {
        print("usage: takedown submit <file> --api-key KEY (or TAKEDOWN_API_KEY)");
        return 2;
      }
      await submitRequest({
        file,
        apiKey,
        intakeUrl: values["intake-url"] ?? `http://127.0.0.1:${process.env.INTAKE_PORT ?? "8080"}`,
        print,
      });
      return 0;
    }
    default:
      print(`unknown verb "${verb}"\n${usage}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`takedown: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
