import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadEnvConfig } from "@takedown/config";
import { createKafka, loadOperatorKafkaConfig } from "@takedown/kafka";
import { createS3Client } from "@takedown/s3";
import { PIPELINE_TOPICS } from "./pipeline-topics.js";
import { ArchivedLogReader } from "./archived-log-reader.js";
import { loadAuditSettings } from "./audit-settings.js";
import { reportLogCoverage } from "./log-coverage-verdict.js";
import { reportToCsv, reportToHtml } from "./report-formats.js";
import { archivedEntries, replayEntries } from "./replay-entries.js";
import { readOrganKinds } from "./organ-kinds.js";
import { S3Archive } from "./s3-archive.js";
import { buildTransparencyReport } from "./transparency-report.js";
import { verifyArchivedLog } from "./verify-archived-log.js";

type AuditVerb = "verify" | "replay" | "report";

export interface AuditCliIo {
  env: Readonly<Record<string, string | undefined>>;
  out: (text: string) => void;
  err: (text: string) => void;
}

const USAGE = `takedown audit verify [--verifier-key K] [--trusted FILE] [--max-age SECONDS]
takedown audit verify --completeness [--max-behind N] [--max-age SECONDS] [--topics REGEX]
    also reads the audited topics from Kafka (KAFKA_BROKERS): every record below the log's
    latest watermark must be in the log once; fails past N records behind (default 0) or a
    watermark older than SECONDS (default 900)
takedown audit replay [--from T] [--to T] [--organ ID] [--platform ID] [--case ID] [--type TYPE] [--include-personal]
takedown audit report --from T --to T [--out DIR]`;

/** `takedown audit verify|replay|report` over the S3 archive; returns the exit code. */
export async function runAuditCli(argv: readonly string[], io: AuditCliIo): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb !== "verify" && verb !== "replay" && verb !== "report") {
    (verb === undefined || verb === "--help" || verb === "-h" ? io.out : io.err)(`${USAGE}\n`);
    return verb === "--help" || verb === "-h" ? 0 : 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      "verifier-key": { type: "string" },
      trusted: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      organ: { type: "string" },
      platform: { type: "string" },
      case: { type: "string" },
      type: { type: "string" },
      out: { type: "string", default: "." },
      "include-personal": { type: "boolean", default: false },
      completeness: { type: "boolean", default: false },
      "max-behind": { type: "string", default: "0" },
      "max-age": { type: "string", default: "900" },
      topics: { type: "string" },
    },
  });
  const maxBehind = values["max-behind"];
  const maxAge = values["max-age"];
  if (!/^[0-9]{1,19}$/.test(maxBehind) || !/^[0-9]{1,9}$/.test(maxAge)) {
    io.err(`--max-behind and --max-age take whole numbers\n${USAGE}\n`);
    return 2;
  }
  const limits = { maxBehind: BigInt(maxBehind), maxAgeMs: Number(maxAge) * 1000 };
  let sourceTopics: RegExp[];
  try {
    sourceTopics = [values.topics === undefined ? PIPELINE_TOPICS : new RegExp(values.topics)];
  } catch (error) {
    io.err(`--topics: ${(error as Error).message}\n`);
    return 2;
  }
  const env = loadEnvConfig(io.env);
  const settings = loadAuditSettings(io.env);
  const keyFile = join(settings.TAKEDOWN_DATA_DIR, "audit", "verifier.key");
  const verifierKey =
    values["verifier-key"] ??
    (
      await readFile(keyFile, "utf8").catch(() => {
        throw new Error(`no --verifier-key and no ${keyFile}: pass the log's public key`);
      })
    ).trim();
  const s3 = createS3Client({
    endpoint: env.S3_ENDPOINT,
    region: env.S3_REGION,
    accessKeyId: env.S3_ACCESS_KEY_ID,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY,
  });
  try {
    const archive = new S3Archive({ client: s3, bucket: env.S3_BUCKET_AUDIT });
    const reader = new ArchivedLogReader({
      source: archive,
      verifierKey,
      origin: settings.AUDIT_ORIGIN,
    });
    switch (verb as AuditVerb | undefined) {
      case "verify": {
        const trusted =
          values.trusted === undefined
            ? []
            : [{ name: values.trusted, note: await readFile(values.trusted) }];
        let shown = -1;
        const result = await verifyArchivedLog({
          archive,
          verifierKey,
          origin: settings.AUDIT_ORIGIN,
          trustedCheckpoints: trusted,
          onProgress: ({ verifiedEntries, totalEntries }) => {
            const percent =
              totalEntries === 0n ? 100 : Number((verifiedEntries * 100n) / totalEntries);
            if (percent !== shown)
              io.err(`\rverifying ${bar(percent)} ${verifiedEntries}/${totalEntries}`);
            shown = percent;
          },
        });
        io.err("\n");
        if (result.ok) {
          io.out(
            `ok: ${result.size} entries, ${result.checkpointsVerified} checkpoints, root ${Buffer.from(result.rootHash).toString("base64")}\n`,
          );
          return reportLogCoverage({
            reader,
            verified: result,
            limits,
            ...(values.completeness
              ? {
                  completeness: {
                    // An auditor's check of the operator's cluster: the operator's login.
                    kafka: createKafka(loadOperatorKafkaConfig(io.env, "takedown-audit-verify")),
                    sourceTopics,
                  },
                }
              : {}),
            out: io.out,
            err: io.err,
          });
        }
        const { problem } = result;
        const where = [
          problem.index === undefined ? undefined : `entry ${problem.index}`,
          problem.checkpoint === undefined
            ? undefined
            : `checkpoint ${result.checkpointNames[problem.checkpoint.position] ?? problem.checkpoint.position}`,
          problem.path,
        ].filter((part) => part !== undefined);
        io.out(`FAILED ${problem.code} at ${where.join(", ")}: ${problem.message}\n`);
        return 1;
      }
      case "replay": {
        const filter = {
          ...(values.from === undefined ? {} : { from: new Date(values.from) }),
          ...(values.to === undefined ? {} : { to: new Date(values.to) }),
          ...(values.organ === undefined ? {} : { organId: values.organ }),
          ...(values.platform === undefined ? {} : { platformId: values.platform }),
          ...(values.case === undefined ? {} : { caseId: values.case }),
          ...(values.type === undefined ? {} : { eventType: values.type }),
        };
        for await (const line of replayEntries({
          entries: archivedEntries(reader),
          filter,
          includePersonal: values["include-personal"],
        }))
          io.out(line);
        return 0;
      }
      case "report": {
        if (values.from === undefined || values.to === undefined) {
          io.err(`report needs --from and --to\n${USAGE}\n`);
          return 2;
        }
        const report = await buildTransparencyReport({
          entries: archivedEntries(reader),
          organKinds: await readOrganKinds(env.TAKEDOWN_CONFIG_DIR),
          from: new Date(values.from),
          to: new Date(values.to),
        });
        await mkdir(values.out, { recursive: true });
        await writeFile(
          join(values.out, "transparency-report.json"),
          `${JSON.stringify(report, null, 2)}\n`,
        );
        await writeFile(join(values.out, "transparency-report.csv"), reportToCsv(report));
        await writeFile(join(values.out, "transparency-report.html"), reportToHtml(report));
        io.out(
          `report of ${report.cases} cases written to ${values.out}/transparency-report.{json,csv,html}\n`,
        );
        return 0;
      }
      case undefined:
      default:
        io.err(`${USAGE}\n`);
        return 2;
    }
  } finally {
    s3.destroy();
  }
}

function bar(percent: number): string {
  const filled = Math.round(percent / 5);
  return `[${"#".repeat(filled)}${".".repeat(20 - filled)}] ${percent}%`;
}
