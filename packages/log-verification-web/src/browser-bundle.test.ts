import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import {
  IncrementalMerkleTree,
  MemoryHashStore,
  NoteSigner,
  consistencyProof,
  generateNoteKey,
  inclusionProof,
  leafHash,
  signCheckpoint,
} from "@takedown/transparency-log";
import { chromium } from "playwright-core";
import type { Browser } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The portal's initial JS must stay under 250 KB gzipped; this package's share is kept small.
const MAX_GZIPPED_BYTES = 6 * 1024;
const ORIGIN = "audit.takedown.test/log";

/** The package as the portal's Vite build bundles it: browser conditions, minified. */
async function bundle(format: "es" | "iife"): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: "silent",
    resolve: { conditions: ["@takedown/source", "browser", "import", "default"] },
    build: {
      write: false,
      minify: true,
      lib: {
        entry: fileURLToPath(new URL("./index.ts", import.meta.url)),
        formats: [format],
        name: "LogVerification",
        fileName: "log-verification",
      },
    },
  });
  const results = Array.isArray(output) ? output : [output];
  const chunks = results.flatMap((result) => ("output" in result ? result.output : []));
  return chunks.map((chunk) => ("code" in chunk ? chunk.code : "")).join("");
}

function sampleLog() {
  const keys = generateNoteKey(ORIGIN);
  const signer = NoteSigner.fromSignerKey(keys.signerKey);
  const tree = new IncrementalMerkleTree();
  const store = new MemoryHashStore();
  const leaves = Array.from({ length: 37 }, (_, i) => `{"index":"${i}","note":"エントリ ${i}"}`);
  const checkpoints: string[] = [];
  for (const leaf of leaves) {
    store.add(tree.appendLeafHash(leafHash(Buffer.from(leaf))));
    if (tree.size === 20n || tree.size === 37n)
      checkpoints.push(
        signCheckpoint(
          { origin: ORIGIN, size: tree.size, rootHash: tree.root(), extensions: [] },
          signer,
        ),
      );
  }
  return { keys, store, leaves, checkpoints };
}

describe("the package in a browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it(`bundles without Node built-ins into under ${MAX_GZIPPED_BYTES} bytes gzipped`, async () => {
    const code = await bundle("es");
    expect(code).not.toMatch(/\bnode:|\brequire\(|\bBuffer\b|\bprocess\./);
    const gzipped = gzipSync(code).length;
    console.info(`log-verification-web: ${code.length} bytes minified, ${gzipped} gzipped`);
    expect(gzipped).toBeLessThan(MAX_GZIPPED_BYTES);
  });

  it("verifies a checkpoint, an inclusion proof and consistency in Chromium, and catches tampering", async () => {
    const log = sampleLog();
    const [older, newer] = log.checkpoints as [string, string];
    const b64 = (hashes: Uint8Array[]) => hashes.map((h) => Buffer.from(h).toString("base64"));
    const fixture = {
      verifierKey: log.keys.verifierKey,
      origin: ORIGIN,
      older,
      newer,
      tampered: newer.replace("\n37\n", "\n38\n"),
      entry: {
        index: "23",
        treeSize: "37",
        leaf: log.leaves[23] as string,
        proof: b64(await inclusionProof(23n, 37n, log.store)),
      },
      consistency: b64(await consistencyProof(20n, 37n, log.store)),
    };
    const page = await browser.newPage();
    try {
      // WebCrypto exists only in secure contexts; http://localhost is one (about:blank is not).
      // The page is served by the route handler, so no server runs.
      await page.route("http://localhost/**", (route) =>
        route.fulfill({ contentType: "text/html", body: "<!doctype html><title>verify</title>" }),
      );
      await page.goto("http://localhost/");
      await page.addScriptTag({ content: await bundle("iife") });
      const results = await page.evaluate(async (f) => {
        type Verdict = {
          ok: boolean;
          code?: string;
          verified: { claim: string }[];
          value?: unknown;
        };
        interface Api {
          openLogKey(key: string): Promise<unknown>;
          verifyCheckpoint(note: string, key: unknown, o: { origin: string }): Promise<Verdict>;
          verifyEntryInclusion(c: unknown, e: unknown): Promise<Verdict>;
          verifyCheckpointConsistency(a: unknown, b: unknown, p: string[]): Promise<Verdict>;
        }
        const page = globalThis as unknown as { LogVerification: Api; isSecureContext: boolean };
        const api = page.LogVerification;
        const key = await api.openLogKey(f.verifierKey);
        const older = await api.verifyCheckpoint(f.older, key, { origin: f.origin });
        const newer = await api.verifyCheckpoint(f.newer, key, { origin: f.origin });
        const tampered = await api.verifyCheckpoint(f.tampered, key, { origin: f.origin });
        const inclusion = await api.verifyEntryInclusion(newer.value, f.entry);
        const altered = await api.verifyEntryInclusion(newer.value, {
          ...f.entry,
          leaf: f.entry.leaf.replace("23", "24"),
        });
        const consistency = await api.verifyCheckpointConsistency(
          older.value,
          newer.value,
          f.consistency,
        );
        const summary = (v: Verdict) => (v.ok ? v.verified.map((c) => c.claim).join(",") : v.code);
        return {
          secure: page.isSecureContext,
          older: summary(older),
          tampered: summary(tampered),
          inclusion: summary(inclusion),
          altered: summary(altered),
          consistency: summary(consistency),
        };
      }, fixture);
      expect(results).toEqual({
        secure: true,
        older: "checkpoint-signature,checkpoint-origin",
        tampered: "BAD_SIGNATURE",
        inclusion: "checkpoint-signature,checkpoint-origin,leaf-hash,inclusion",
        altered: "INCLUSION_FAILED",
        consistency: "consistency",
      });
    } finally {
      await page.close();
    }
  });
});
