import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import type { FastifyInstance } from "fastify";
import type { EvidenceStore } from "./evidence-store.js";
import { normalizeMediaType, resolveMediaType, sniffMediaType } from "./media-type-sniffer.js";
import { fieldError } from "./problem-handler.js";

export interface EvidenceRoutesOptions {
  evidence: EvidenceStore;
  /** Largest accepted file (SPEC §4: configurable, default 25 MiB). */
  maxBytes: number;
}

function tooLarge(maxBytes: number): Error {
  return fieldError(
    "INTAKE_BODY_TOO_LARGE",
    [{ field: "body", message: `larger than ${maxBytes} bytes` }],
    `the file is larger than ${maxBytes} bytes`,
  );
}

/**
 * Reads the upload once, hashing as it arrives and stopping at the size limit, so the digest is
 * known before S3 is asked (dedup by digest, verified put) and memory stays bounded.
 */
async function readBounded(
  stream: Readable,
  maxBytes: number,
): Promise<{ body: Buffer; sha256: string }> {
  const hash = createHash("sha256");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = chunk as Buffer;
    size += buffer.byteLength;
    if (size > maxBytes) {
      stream.destroy();
      throw tooLarge(maxBytes);
    }
    hash.update(buffer);
    chunks.push(buffer);
  }
  return { body: Buffer.concat(chunks, size), sha256: hash.digest("hex") };
}

/** POST /v1/evidence: any media type, stored once under its SHA-256. */
export function evidenceRoutes(options: EvidenceRoutesOptions) {
  return (app: FastifyInstance): void => {
    // The file is the body: no parser may buffer or interpret it.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser("*", (_request, payload, done) => done(null, payload));

    app.post("/v1/evidence", async (request, reply) => {
      const declaredLength = Number(request.headers["content-length"] ?? Number.NaN);
      if (declaredLength > options.maxBytes) throw tooLarge(options.maxBytes);
      const stream = (request.body as Readable | undefined) ?? request.raw;
      const { body, sha256 } = await readBounded(stream, options.maxBytes);
      if (body.byteLength === 0) {
        throw fieldError("INTAKE_INVALID_BODY", [{ field: "body", message: "the file is empty" }]);
      }
      const declared = normalizeMediaType(request.headers["content-type"]);
      const resolved = resolveMediaType(declared, sniffMediaType(body.subarray(0, 512)));
      if (!resolved.ok) {
        throw fieldError("INTAKE_MEDIA_TYPE_MISMATCH", [
          {
            field: "Content-Type",
            message: `declared ${declared ?? "(none)"} but the contents are ${resolved.sniffed}`,
          },
        ]);
      }
      const stored = await options.evidence.store({ body, sha256, mediaType: resolved.mediaType });
      request.log.info(
        { evidenceId: stored.evidenceId, size: stored.size, created: stored.created },
        "evidence stored",
      );
      return reply.code(201).send({
        evidenceId: stored.evidenceId,
        size: stored.size,
        mediaType: stored.mediaType,
      });
    });
  };
}
