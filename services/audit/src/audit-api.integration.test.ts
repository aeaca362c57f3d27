import { ApiKeyAuthenticator, generateApiKey } from "@takedown/api-keys";
import { createLogger } from "@takedown/logger";
import { integrationTest as test } from "@takedown/test-kit";
import {
  NoteVerifier,
  openCheckpoint,
  verifyConsistency,
  verifyInclusion,
} from "@takedown/transparency-log";
import { describe, expect } from "vitest";
import { TEST_ORIGIN, archiveTestLog, testEntries } from "./archived-log.test-support.js";
import { ArchivedLogReader } from "@takedown/audit-tools";
import { AuditApi } from "./audit-api.js";
import { S3Archive } from "@takedown/audit-tools";

const fromB64 = (text: string) => new Uint8Array(Buffer.from(text, "base64"));

describe("audit API over the S3 archive", () => {
  test("serves the checkpoint, entries and proofs that verify, to auditors only", async ({
    s3,
    bucket,
  }) => {
    const archive = new S3Archive({ client: s3, bucket });
    const keys = await archiveTestLog(archive, testEntries(600), [100, 600]);
    const auditorKey = await generateApiKey();
    const API_KEY = auditorKey.plainKey;
    const api = new AuditApi({
      reader: new ArchivedLogReader({
        source: archive,
        verifierKey: keys.verifierKey,
        origin: TEST_ORIGIN,
      }),
      auditors: new ApiKeyAuthenticator({
        keys: [{ keyId: auditorKey.keyId, hash: auditorKey.hash, holder: { keyId: "a" } }],
      }),
      logger: createLogger({ service: "audit-test", level: "warn" }),
      verifierKey: keys.verifierKey,
      origin: TEST_ORIGIN,
      port: 0,
    });
    await api.start();
    try {
      const get = (path: string, key = API_KEY) =>
        fetch(`${api.address}${path}`, { headers: { authorization: `Bearer ${key}` } });
      expect((await get("/v1/checkpoint", "wrong")).status).toBe(401);
      expect((await fetch(`${api.address}/v1/checkpoint`)).status).toBe(401);

      const note = await (await get("/v1/checkpoint")).text();
      const { checkpoint } = openCheckpoint(note, [NoteVerifier.fromVerifierKey(keys.verifierKey)]);
      expect(checkpoint.size).toBe(600n);

      const range = (await (await get("/v1/entries?start=250&end=260")).json()) as {
        entries: { index: string }[];
      };
      expect(range.entries.map((e) => e.index)).toEqual(
        Array.from({ length: 10 }, (_, i) => String(250 + i)),
      );

      const byIndex = (await (await get("/v1/proofs/inclusion?index=300")).json()) as {
        leafHash: string;
        proof: string[];
      };
      expect(
        verifyInclusion(
          fromB64(byIndex.leafHash),
          300n,
          600n,
          byIndex.proof.map(fromB64),
          checkpoint.rootHash,
        ),
      ).toBe(true);

      const byEvent = (await (await get("/v1/proofs/inclusion?eventId=event-420")).json()) as {
        index: string;
        leafHash: string;
        proof: string[];
      };
      expect(byEvent.index).toBe("420");
      expect(
        verifyInclusion(
          fromB64(byEvent.leafHash),
          420n,
          600n,
          byEvent.proof.map(fromB64),
          checkpoint.rootHash,
        ),
      ).toBe(true);
      expect((await get("/v1/proofs/inclusion?eventId=nope")).status).toBe(404);

      const oldNote = Buffer.from(
        (await archive.read("checkpoints/00000000000000000100")) as Uint8Array,
      ).toString();
      const old = openCheckpoint(oldNote, [
        NoteVerifier.fromVerifierKey(keys.verifierKey),
      ]).checkpoint;
      const consistency = (await (await get("/v1/proofs/consistency?from=100&to=600")).json()) as {
        proof: string[];
      };
      expect(
        verifyConsistency(
          100n,
          600n,
          old.rootHash,
          checkpoint.rootHash,
          consistency.proof.map(fromB64),
        ),
      ).toBe(true);
      expect((await get("/v1/proofs/consistency?from=700&to=600")).status).toBe(400);
      expect((await get("/v1/proofs/inclusion?index=abc")).status).toBe(400);
    } finally {
      await api.stop();
    }
  });
});
