import { dossierIdOf, type Dossier } from "@takedown/contracts";
import { dossierObjectKeys, ListObjectsV2Command, presignGet } from "@takedown/s3";
import { integrationTest as test } from "@takedown/test-kit";
import { describe, expect } from "vitest";
import { DossierStore } from "./dossier-store.js";

const requestId = "req_01JD0000000000000000000042";

describe("DossierStore on the real S3 server", () => {
  test("writes the dossier under one prefix; erasing it makes a platform's old link answer 404", async ({
    s3,
    bucket,
  }) => {
    const store = new DossierStore({ s3, bucket });
    const dossier: Dossier = {
      dossierId: dossierIdOf(requestId),
      requestId,
      description: "虚偽の犯罪歴を摘示する投稿",
      contact: { email: "tantou@example.go.jp" },
      victim: { name: "山田 花子" },
      notes: { [`${requestId}#2`]: "転載あり" },
    };
    const refOf = await store.write(dossier);
    expect(refOf(`${requestId}#1`)).toEqual({
      dossierId: dossier.dossierId,
      commitment: expect.stringMatching(/^hmac-sha256:[0-9a-f]{64}$/) as string,
    });
    expect(refOf(`${requestId}#2`).ownPart).toBe(true);
    const keys = async () =>
      ((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map(
        (o) => o.Key,
      );
    expect((await keys()).sort()).toEqual(
      [
        dossierObjectKeys.dossier(dossier.dossierId),
        dossierObjectKeys.secret(dossier.dossierId),
        dossierObjectKeys.sharedPart(dossier.dossierId),
        dossierObjectKeys.targetPart(dossier.dossierId, `${requestId}#2`),
      ].sort(),
    );
    const link = await presignGet(s3, {
      bucket,
      key: dossierObjectKeys.partOf(refOf(`${requestId}#2`), `${requestId}#2`),
      expiresInSeconds: 600,
    });
    const before = await fetch(link);
    expect(before.status).toBe(200);
    expect(await before.json()).toMatchObject({ note: "転載あり", victim: { name: "山田 花子" } });

    expect(await store.erase(dossier.dossierId)).toBe(4);
    expect(await keys()).toEqual([]);
    expect((await fetch(link)).status).toBe(404);
    expect(await store.erase(dossier.dossierId)).toBe(0);
  });
});
