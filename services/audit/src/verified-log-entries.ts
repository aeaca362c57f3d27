import {
  IncrementalMerkleTree,
  TILE_WIDTH,
  hashesEqual,
  leafHash,
} from "@takedown/transparency-log";
import type { ArchivedLogReader } from "./archived-log-reader.js";
import { parseAuditEntry } from "./audit-entry.js";
import type { AuditEntry } from "./audit-entry.js";
import { createAuditError } from "./errors.js";

/**
 * Every entry of a verified tree, read again from the archive, with the tree rebuilt from them:
 * once all are read the root must be the verified one, so a conclusion drawn from these entries
 * is about the log the checkpoint signs, even if the archive changed after it was verified.
 */
export async function* verifiedLogEntries(
  reader: ArchivedLogReader,
  tree: { size: bigint; rootHash: Uint8Array },
): AsyncGenerator<AuditEntry> {
  const width = BigInt(TILE_WIDTH);
  const rebuilt = new IncrementalMerkleTree();
  for (let start = 0n; start < tree.size; start += width) {
    const end = start + width < tree.size ? start + width : tree.size;
    for (const bytes of await reader.entries(start, end, tree.size)) {
      rebuilt.appendLeafHash(leafHash(bytes));
      yield parseAuditEntry(bytes);
    }
  }
  if (rebuilt.size !== tree.size || !hashesEqual(rebuilt.root(), tree.rootHash)) {
    throw createAuditError("AUDIT_ARCHIVE_CHANGED", {
      detail: `the ${tree.size} entries read do not hash to the verified root`,
    });
  }
}
