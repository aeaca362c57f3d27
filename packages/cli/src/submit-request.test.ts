import { createServer, type IncomingMessage } from "node:http";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { submitRequest } from "./submit-request.js";

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

describe("takedown submit", () => {
  const seen: Seen[] = [];
  let url = "";
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      if (req.url === "/v1/evidence") {
        res.writeHead(201, { "content-type": "application/json" });
        res.end(JSON.stringify({ evidenceId: `sha256:${"a".repeat(64)}`, size: body.length }));
      } else if ((JSON.parse(body.toString()) as { category?: string }).category === "bogus") {
        res.writeHead(400, { "content-type": "application/problem+json" });
        res.end(JSON.stringify({ title: "Invalid request", detail: "category: invalid option" }));
      } else {
        res.writeHead(202, { "content-type": "application/json" });
        res.end(JSON.stringify({ requestId: "req_01TEST", targets: [] }));
      }
    });
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    if (typeof address !== "object" || address === null) throw new Error("no address");
    url = `http://127.0.0.1:${address.port}`;
  });
  afterAll(() => server.close());

  it("uploads evidence files, then posts the request with their ids and a stable idempotency key", async () => {
    const dir = await mkdtemp(join(tmpdir(), "submit-"));
    await writeFile(join(dir, "shot.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    await writeFile(
      join(dir, "request.yaml"),
      "targets:\n  - url: https://x.com/a/status/1\ncategory: defamation\nevidenceFiles: [shot.png]\n",
    );
    const lines: string[] = [];
    const first = await submitRequest({
      file: join(dir, "request.yaml"),
      intakeUrl: url,
      apiKey: "k1",
      print: (l) => lines.push(l),
    });
    expect(first.requestId).toBe("req_01TEST");
    const [evidence, request] = seen;
    expect(evidence?.headers["content-type"]).toBe("image/png");
    expect(evidence?.headers.authorization).toBe("Bearer k1");
    const body = JSON.parse(request!.body.toString()) as Record<string, unknown>;
    expect(body.evidence).toEqual([`sha256:${"a".repeat(64)}`]);
    expect(body).not.toHaveProperty("evidenceFiles");
    await submitRequest({
      file: join(dir, "request.yaml"),
      intakeUrl: url,
      apiKey: "k1",
      print: () => undefined,
    });
    expect(seen[3]?.headers["idempotency-key"]).toBe(request?.headers["idempotency-key"]);
  });

  it("reports the problem the API names", async () => {
    const dir = await mkdtemp(join(tmpdir(), "submit-"));
    await writeFile(join(dir, "bad.json"), JSON.stringify({ targets: [], category: "bogus" }));
    await expect(
      submitRequest({
        file: join(dir, "bad.json"),
        intakeUrl: url,
        apiKey: "k1",
        print: () => undefined,
      }),
    ).rejects.toThrow("request: 400 Invalid request: category: invalid option");
  });
});
