import type { FastifyInstance } from "fastify";
import { parseAuditEntry, reportToCsv } from "@takedown/audit-tools";
import type { ArchivedLogReader } from "@takedown/audit-tools";
import { decimal, invalid, problem } from "./api-query.js";
import type { ReportFactsFeed } from "./report-facts-feed.js";

const b64 = (hash: Uint8Array): string => Buffer.from(hash).toString("base64");
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
const DATE =
  /^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2}))?$/;

interface LookupQuery {
  eventId?: string;
  caseId?: string;
  index?: string;
  size?: string;
}

/**
 * Auditor routes behind the portal's look-up and report pages: entries with the exact leaf text
 * and an inclusion proof each (the browser hashes the leaf itself), and the transparency report.
 */
export function registerLookupRoutes(
  app: FastifyInstance,
  deps: { reader: ArchivedLogReader; feed: ReportFactsFeed; maxEntries: number },
): void {
  const { reader, feed } = deps;

  app.get<{ Querystring: LookupQuery }>("/v1/lookup", async (request, reply) => {
    const { eventId, caseId, index } = request.query;
    const given = [eventId, caseId, index].filter((value) => value !== undefined);
    if (given.length !== 1) invalid("give exactly one of eventId, caseId or index", "eventId");
    const latest = await reader.latestCheckpoint();
    const size = decimal(request.query.size, "size", latest.checkpoint.size);
    if (size === 0n || size > latest.checkpoint.size)
      invalid(`size must be 1..${latest.checkpoint.size}, the latest checkpoint's`, "size");
    let indexes: bigint[];
    if (eventId !== undefined) {
      const found = await reader.indexOfEvent(eventId, size);
      indexes = found === undefined ? [] : [found];
    } else if (caseId !== undefined) {
      indexes = await reader.indexesOfCase(caseId, size);
    } else {
      const at = decimal(index, "index");
      if (at >= size) invalid(`index must be below the tree size ${size}`, "index");
      indexes = [at];
    }
    if (indexes.length === 0)
      return problem(reply, 404, "not in the log", "no entry below this tree size matches");
    const shown = indexes.slice(0, deps.maxEntries);
    const entries = [];
    for (const at of shown) {
      const [bytes] = await reader.entries(at, at + 1n, size);
      const proof = await reader.inclusionProof(at, size);
      entries.push({
        index: at.toString(),
        // The exact leaf: canonical JSON that the browser must hash as is, not re-serialize.
        leaf: strictUtf8.decode(bytes),
        leafHash: b64(proof.leafHash),
        proof: proof.proof.map(b64),
        entry: parseAuditEntry(bytes as Uint8Array),
      });
    }
    return {
      treeSize: size.toString(),
      checkpoint:
        size === latest.checkpoint.size ? latest.note : await reader.checkpointNoteAt(size),
      entries,
      truncated: shown.length < indexes.length,
    };
  });

  app.get<{ Querystring: { from?: string; to?: string; format?: string } }>(
    "/v1/report",
    async (request, reply) => {
      const from = date(request.query.from, "from");
      const to = date(request.query.to, "to");
      if (from >= to) invalid("from must be before to", "to");
      const format = request.query.format ?? "json";
      if (format !== "json" && format !== "csv") invalid("format must be json or csv", "format");
      const { facts, treeSize } = await feed.current();
      const report = facts.report(from, to);
      reply.header("x-audit-tree-size", treeSize.toString());
      if (format === "csv") return reply.type("text/csv; charset=utf-8").send(reportToCsv(report));
      return report;
    },
  );
}

function date(value: string | undefined, name: string): Date {
  if (value === undefined || !DATE.test(value) || Number.isNaN(Date.parse(value)))
    invalid(`${name} must be an RFC 3339 date or date-time`, name);
  return new Date(value);
}
