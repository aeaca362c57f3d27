import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import { NoteSigner, signCheckpoint } from "@takedown/transparency-log";

/** What the double does to checkpoints: pass them on, break their signature, or sign a fork. */
export type CheckpointTampering = "none" | "bad-signature" | "fork";

/**
 * A test double of the audit API (the one mock these tests allow): every call goes on to the real
 * audit API, except that checkpoints can be served tampered with — one whose tree size was edited
 * after signing, or a forked tree signed with the log's own key (a compromised operator).
 */
export class AuditDouble {
  tampering: CheckpointTampering = "none";
  #server: Server | undefined;
  readonly #signer: NoteSigner;

  constructor(
    private readonly upstream: () => string,
    signerKey: string,
  ) {
    this.#signer = NoteSigner.fromSignerKey(signerKey);
  }

  get url(): string {
    const address = this.#server?.address();
    if (address === null || address === undefined || typeof address === "string")
      throw new Error("audit double not listening");
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      void this.#answer(request.url ?? "/", request.headers.authorization).then(
        (answer) => {
          response.writeHead(answer.status, { "content-type": answer.contentType });
          response.end(answer.body);
        },
        () => {
          response.writeHead(502);
          response.end();
        },
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.#server = server;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async #answer(path: string, authorization: string | undefined) {
    const upstream = await fetch(`${this.upstream()}${path}`, {
      headers: authorization === undefined ? {} : { authorization },
    });
    let body = Buffer.from(await upstream.arrayBuffer());
    const isCheckpoint = path === "/v1/checkpoint" || path === "/v1/public/checkpoint";
    if (isCheckpoint && upstream.status === 200 && this.tampering !== "none")
      body = Buffer.from(this.#tamper(body.toString("utf8")));
    return {
      status: upstream.status,
      contentType: upstream.headers.get("content-type") ?? "application/octet-stream",
      body,
    };
  }

  #tamper(note: string): string {
    const [origin = "", size = "0"] = note.split("\n");
    if (this.tampering === "bad-signature")
      return note.replace(`${origin}\n${size}\n`, `${origin}\n${BigInt(size) + 1n}\n`);
    // Same size, another root, a valid signature: only a consistency check can tell.
    const rootHash = createHash("sha256").update(`fork of ${size}`).digest();
    return signCheckpoint(
      { origin, size: BigInt(size), rootHash: new Uint8Array(rootHash), extensions: [] },
      this.#signer,
    );
  }
}
