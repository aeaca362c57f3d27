import { createHash, randomBytes } from "node:crypto";
import {
  dossierCommitment,
  dossierTargetPart,
  type Dossier,
  type DossierRef,
} from "@takedown/contracts";
import {
  classifyS3Error,
  deletePrefix,
  dossierObjectKeys,
  putVerifiedObject,
  type S3Client,
} from "@takedown/s3";
import { createIntakeError } from "./errors.js";

export interface DossierStoreOptions {
  s3: S3Client;
  bucket: string;
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8");
const sha256 = (body: Uint8Array) => createHash("sha256").update(body).digest("hex");

/**
 * Each request's personal data, one prefix per request in the evidence bucket: the whole
 * dossier, its HMAC secret and one part per target (what that target's platform is shown). It
 * is the only place personal data is written to, so erasing a request deletes one prefix.
 * Objects are written without Object Lock: they must stay deletable.
 */
export class DossierStore {
  constructor(private readonly options: DossierStoreOptions) {}

  /**
   * Stores the dossier and returns what each target's events carry instead: its id, commitment
   * and whether the target has a part of its own. Targets without a note share one part, so a
   * 100-target request costs 3 objects, not 100 copies of its description.
   */
  async write(dossier: Dossier): Promise<(targetId: string) => DossierRef> {
    const secret = randomBytes(32);
    const commitment = dossierCommitment(secret, dossier);
    const { dossierId } = dossier;
    const objects: { key: string; body: Buffer; contentType: string }[] = [
      {
        key: dossierObjectKeys.secret(dossierId),
        body: secret,
        contentType: "application/octet-stream",
      },
      {
        key: dossierObjectKeys.dossier(dossierId),
        body: json(dossier),
        contentType: "application/json",
      },
      {
        key: dossierObjectKeys.sharedPart(dossierId),
        body: json(dossierTargetPart(dossier)),
        contentType: "application/json; charset=utf-8",
      },
      ...Object.keys(dossier.notes).map((targetId) => ({
        key: dossierObjectKeys.targetPart(dossierId, targetId),
        body: json(dossierTargetPart(dossier, targetId)),
        contentType: "application/json; charset=utf-8",
      })),
    ];
    try {
      await Promise.all(
        objects.map((object) =>
          putVerifiedObject(this.options.s3, {
            bucket: this.options.bucket,
            key: object.key,
            body: object.body,
            sha256: sha256(object.body),
            contentType: object.contentType,
          }),
        ),
      );
    } catch (error) {
      // Nothing will name a half-written dossier: take back what was stored.
      await this.erase(dossierId).catch(() => undefined);
      throw createIntakeError("INTAKE_S3_UNAVAILABLE", {
        cause: classifyS3Error(error, `put dossier ${dossierId}`),
      });
    }
    return (targetId) => ({
      dossierId,
      commitment,
      ...(dossier.notes[targetId] !== undefined && { ownPart: true }),
    });
  }

  /**
   * Deletes every object of the dossier, the secret first (without it the commitment can no
   * longer be opened, whatever else a failure leaves); idempotent. Returns how many objects
   * were deleted.
   */
  async erase(dossierId: string): Promise<number> {
    try {
      return await deletePrefix(
        this.options.s3,
        this.options.bucket,
        dossierObjectKeys.prefix(dossierId),
        { first: dossierObjectKeys.secret(dossierId) },
      );
    } catch (error) {
      throw createIntakeError("INTAKE_S3_UNAVAILABLE", { cause: error });
    }
  }
}
