import type { FastifyInstance } from "fastify";
import type { ArchivedLogReader } from "@takedown/audit-tools";
import { invalid } from "./api-query.js";
import {
  MAX_PUBLIC_MONTHS,
  addMonths,
  isMonth,
  monthOf,
  monthsBetween,
  publicTransparencyReport,
} from "./public-transparency.js";
import type { ReportFactsFeed } from "./report-facts-feed.js";

/**
 * Unauthenticated routes (SPEC §5a `/transparency`): the aggregate report per platform and month,
 * the latest signed checkpoint, and what anyone needs to verify the log without trusting us.
 */
export function registerPublicRoutes(
  app: FastifyInstance,
  deps: {
    reader: ArchivedLogReader;
    feed: ReportFactsFeed;
    verifierKey: string;
    origin: string;
    minCell: number;
  },
): void {
  const { reader, feed } = deps;

  app.get<{ Querystring: { from?: string; to?: string } }>(
    "/v1/public/transparency",
    async (request) => {
      const to = request.query.to ?? monthOf(new Date());
      const from = request.query.from ?? addMonths(to, -11);
      if (!isMonth(from)) invalid("from must be a month, YYYY-MM", "from");
      if (!isMonth(to)) invalid("to must be a month, YYYY-MM", "to");
      const months = monthsBetween(from, to);
      if (months < 1 || months > MAX_PUBLIC_MONTHS)
        invalid(`from..to must span 1 to ${MAX_PUBLIC_MONTHS} months`, "to");
      const { facts, treeSize } = await feed.current();
      return publicTransparencyReport({ facts, treeSize, from, to, minCell: deps.minCell });
    },
  );

  app.get("/v1/public/checkpoint", async (_request, reply) => {
    const { note } = await reader.latestCheckpoint();
    return reply.type("text/plain; charset=utf-8").send(note);
  });

  app.get("/v1/public/log", async () => {
    const { checkpoint } = await reader.latestCheckpoint();
    return {
      origin: deps.origin,
      verifierKey: deps.verifierKey,
      verifierKeyFormat:
        "C2SP signed-note verifier key: <name>+<key id, 8 hex>+<base64 of 0x01 ‖ 32-byte Ed25519 public key>; key id = first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key). Go: golang.org/x/mod/sumdb/note.NewVerifier.",
      checkpointUrl: "/v1/public/checkpoint",
      checkpointFormat:
        "C2SP tlog-checkpoint in a signed note: origin, tree size, base64 RFC 6962 root hash, a blank line, then '— <key name> <base64(key id ‖ Ed25519 signature)>'.",
      treeSize: checkpoint.size.toString(),
      rootHash: Buffer.from(checkpoint.rootHash).toString("base64"),
      verify: {
        cli: `takedown audit verify --verifier-key '${deps.verifierKey}'  # with S3_ENDPOINT and S3_BUCKET_AUDIT of the archive; add --completeness to check against Kafka`,
        go: "golang.org/x/mod/sumdb/note.Open(checkpoint, note.VerifierList(verifier)) checks the signature; golang.org/x/mod/sumdb/tlog.CheckTree / CheckRecord check consistency and inclusion proofs (see packages/transparency-log/interop/verifier).",
        browser:
          "@takedown/log-verification-web: openLogKey(verifierKey), verifyCheckpoint(note, key, { origin }).",
      },
    };
  });
}
