import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect } from "vitest";
import { ListObjectsV2Command, type S3Client } from "@takedown/s3";
import { integrationTest as test } from "@takedown/test-kit";
import { decodeEntryBundle } from "@takedown/transparency-log";
import { archiveTestLog, testEntries } from "./archived-log.test-support.js";
import { parseAuditEntry } from "./audit-entry.js";
import { S3Archive } from "./s3-archive.js";

/**
 * The audit service's archive, checked by an independent implementation: Go's
 * golang.org/x/mod/sumdb/{note,tlog} (Debian's golang-go and golang-golang-x-mod-dev), through
 * the verifier program of packages/transparency-log, fed only with what the service put in S3.
 */
const VERIFIER_DIR = fileURLToPath(
  new URL("../../../packages/transparency-log/interop/verifier", import.meta.url),
);
const WORK_DIR = join(tmpdir(), `takedown-audit-go-interop-${process.pid}`);

function buildVerifier(): string {
  const binary = join(WORK_DIR, "verifier");
  mkdirSync(WORK_DIR, { recursive: true });
  const build = spawnSync("go", ["build", "-o", binary, "."], {
    cwd: VERIFIER_DIR,
    env: {
      ...process.env,
      GOPATH: "/usr/share/gocode",
      GO111MODULE: "off",
      GOCACHE: join(WORK_DIR, "cache"),
      GOFLAGS: "",
    },
    encoding: "utf8",
  });
  if (build.error !== undefined || build.status !== 0) {
    throw new Error(
      `building the Go verifier failed (apt-get install -y golang-go golang-golang-x-mod-dev): ${build.stderr ?? build.error?.message}`,
    );
  }
  return binary;
}

async function listAll(s3: S3Client, bucket: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key);
    token = page.NextContinuationToken;
  } while (token !== undefined);
  return keys;
}

describe("the audit archive read by Go's sumdb/tlog and sumdb/note", () => {
  test("accepts every checkpoint, tile and entry the service archived, and refuses a forged one", async ({
    s3,
    bucket,
  }) => {
    const binary = buildVerifier();
    const archive = new S3Archive({ client: s3, bucket });
    const keys = await archiveTestLog(archive, testEntries(700), [100, 256, 300, 700]);

    const paths = await listAll(s3, bucket);
    const read = async (path: string): Promise<Uint8Array> => {
      const bytes = await archive.read(path);
      if (bytes === undefined) throw new Error(`${path} vanished`);
      return bytes;
    };
    const history = paths.filter((p) => p.startsWith("checkpoints/")).sort();
    const checkpoints = await Promise.all(
      history.map(async (p) => Buffer.from(await read(p)).toString("utf8")),
    );
    const tilePaths = paths.filter((p) => p.startsWith("tile/"));
    const tiles = Object.fromEntries(
      await Promise.all(
        tilePaths.map(async (p) => [p, Buffer.from(await read(p)).toString("base64")] as const),
      ),
    );
    // Full bundles first, then the partial one, in index order.
    const bundlePaths = tilePaths
      .filter((p) => p.startsWith("tile/entries/"))
      .filter((p, _, all) => !p.includes(".p/") || !all.includes(p.slice(0, p.indexOf(".p/"))))
      .sort();
    const entries = (
      await Promise.all(bundlePaths.map(async (p) => decodeEntryBundle(await read(p))))
    ).flat();
    expect(entries).toHaveLength(700);
    // Watermark entries are ordinary leaves: the Go verifier must take them like any other.
    const watermarks = entries.filter((e) => parseAuditEntry(e).watermark !== undefined);
    expect(watermarks).toHaveLength(7);
    expect(checkpoints.map((note) => note.split("\n")[1])).toEqual(["100", "256", "300", "700"]);

    const input = {
      verifierKey: keys.verifierKey,
      checkpoints,
      entries: entries.map((e) => Buffer.from(e).toString("base64")),
      tiles,
      inclusion: [],
      consistency: [],
    };
    const run = (payload: unknown) =>
      spawnSync(binary, [], {
        input: JSON.stringify(payload),
        encoding: "utf8",
        maxBuffer: 64 << 20,
      });
    const accepted = run(input);
    expect(accepted.stderr).toBe("");
    expect(accepted.status).toBe(0);
    const checks = (JSON.parse(accepted.stdout) as { checks: Record<string, number> }).checks;
    expect(Object.values(checks).every((count) => count > 0)).toBe(true);

    const forged = [...checkpoints];
    forged[3] = forged[3]!.replace(
      /\n(\S+)\n\n/,
      (_, root: string) => `\n${root.split("").reverse().join("")}\n\n`,
    );
    expect(run({ ...input, checkpoints: forged }).status).toBe(1);
  });
});
