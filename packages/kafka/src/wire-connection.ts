import { createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";
import { Socket } from "node:net";
import { connect as connectTls } from "node:tls";
import { int16, int32 } from "./wire-encoding.js";

/** A SCRAM-SHA-512 login for a raw connection (the services' listener has no anonymous access). */
export interface WireLogin {
  username: string;
  password: string;
}

const SASL_HANDSHAKE = 17;
const SASL_AUTHENTICATE = 36;
const API_VERSIONS = 18;

const string16 = (s: string) => {
  const bytes = Buffer.from(s, "utf8");
  return Buffer.concat([int16(bytes.length), bytes]);
};

/**
 * One plain TCP connection speaking Kafka's framing, for the few requests kafkajs lacks
 * (AlterUserScramCredentials). Requests go one at a time; each answer is the next frame.
 */
export class WireConnection {
  private received = Buffer.alloc(0);
  private waiting: { resolve: (frame: Buffer) => void; reject: (error: Error) => void } | undefined;
  private failure: Error | undefined;
  private correlation = Math.floor(Math.random() * 0x3fffffff);
  private closed = false;
  /**
   * How long the broker lets this login last before it must log in again (KIP-368's
   * connections.max.reauth.ms on the listener); 0 when the listener sets no bound.
   */
  sessionLifetimeMs = 0;

  private constructor(
    private readonly socket: Socket,
    private readonly clientId: string,
  ) {
    socket.on("data", (chunk: Buffer) => {
      this.received = Buffer.concat([this.received, chunk]);
      this.deliver();
    });
    const fail = (error: Error) => {
      this.failure = error;
      this.waiting?.reject(error);
      this.waiting = undefined;
    };
    socket.on("error", fail);
    socket.on("close", () => {
      this.closed = true;
      fail(new Error("connection closed by the broker"));
    });
  }

  /** Whether the broker (or `close`) ended the connection. */
  get isClosed(): boolean {
    return this.closed;
  }

  static async open(options: {
    broker: string;
    clientId: string;
    timeoutMs: number;
    login?: WireLogin;
    /** The CA of a SASL_SSL listener (the platforms' one); without it the connection is TCP. */
    tlsCa?: string;
  }): Promise<WireConnection> {
    const separator = options.broker.lastIndexOf(":");
    const host = options.broker.slice(0, separator);
    const port = Number(options.broker.slice(separator + 1));
    const tlsCa = options.tlsCa;
    const socket: Socket =
      tlsCa === undefined ? new Socket() : connectTls({ host, port, ca: tlsCa });
    socket.setTimeout(options.timeoutMs, () =>
      socket.destroy(new Error(`no answer from ${options.broker} in ${options.timeoutMs} ms`)),
    );
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      const connected = () => {
        socket.off("error", reject);
        resolve();
      };
      if (tlsCa === undefined) socket.connect(port, host, connected);
      else socket.once("secureConnect", connected);
    });
    const connection = new WireConnection(socket, options.clientId);
    try {
      if (options.login !== undefined) await connection.scramLogin(options.login);
    } catch (error) {
      connection.close();
      throw error;
    }
    return connection;
  }

  nextCorrelationId(): number {
    this.correlation = (this.correlation + 1) & 0x3fffffff;
    return this.correlation;
  }

  /** Sends one framed request (without its length prefix) and returns the answer's body. */
  async request(body: Buffer): Promise<Buffer> {
    if (this.failure !== undefined) throw this.failure;
    const answer = new Promise<Buffer>((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
    this.socket.write(Buffer.concat([int32(body.length), body]));
    return answer;
  }

  /**
   * ApiVersions v0: the smallest request an authenticated connection may send. Throws when the
   * broker closed the connection (e.g. a session past its lifetime, never renewed).
   */
  async requestApiVersions(): Promise<void> {
    const header = this.header(API_VERSIONS, 0);
    const answer = await this.request(header.bytes);
    const errorCode = answer.readInt16BE(4);
    if (errorCode !== 0) throw new Error(`ApiVersions refused (error ${errorCode})`);
  }

  close(): void {
    this.socket.destroy();
  }

  private deliver(): void {
    if (this.received.length < 4) return;
    const length = this.received.readInt32BE(0);
    if (this.received.length < 4 + length) return;
    const frame = this.received.subarray(4, 4 + length);
    this.received = this.received.subarray(4 + length);
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.resolve(frame);
  }

  /** Request header v1 (non-flexible): api key, version, correlation id, client id. */
  private header(apiKey: number, version: number): { correlationId: number; bytes: Buffer } {
    const correlationId = this.nextCorrelationId();
    return {
      correlationId,
      bytes: Buffer.concat([
        int16(apiKey),
        int16(version),
        int32(correlationId),
        string16(this.clientId),
      ]),
    };
  }

  /** SaslHandshake v1 then SCRAM-SHA-512 (RFC 5802) in two SaslAuthenticate v1 round trips. */
  private async scramLogin(login: WireLogin): Promise<void> {
    const handshake = this.header(SASL_HANDSHAKE, 1);
    const handshakeAnswer = await this.request(
      Buffer.concat([handshake.bytes, string16("SCRAM-SHA-512")]),
    );
    const handshakeError = handshakeAnswer.readInt16BE(4);
    if (handshakeError !== 0)
      throw new Error(`SaslHandshake refused SCRAM-SHA-512 (error ${handshakeError})`);

    const name = login.username.replaceAll("=", "=3D").replaceAll(",", "=2C");
    const clientNonce = randomBytes(24).toString("base64url");
    const firstBare = `n=${name},r=${clientNonce}`;
    const serverFirst = (await this.authenticate(`n,,${firstBare}`)).toString("utf8");
    const fields = new Map(
      serverFirst.split(",").map((part) => [part.slice(0, 1), part.slice(2)] as const),
    );
    const nonce = fields.get("r") ?? "";
    const salt = Buffer.from(fields.get("s") ?? "", "base64");
    const iterations = Number(fields.get("i"));
    if (!nonce.startsWith(clientNonce) || !Number.isInteger(iterations) || iterations < 4096)
      throw new Error("the broker's SCRAM challenge is malformed");
    const salted = pbkdf2Sync(login.password, salt, iterations, 64, "sha512");
    const hmac = (key: Buffer, text: string) => createHmac("sha512", key).update(text).digest();
    const clientKey = hmac(salted, "Client Key");
    const storedKey = createHash("sha512").update(clientKey).digest();
    const withoutProof = `c=biws,r=${nonce}`;
    const authMessage = `${firstBare},${serverFirst},${withoutProof}`;
    const signature = hmac(storedKey, authMessage);
    const proof = Buffer.from(clientKey.map((byte, i) => byte ^ (signature[i] ?? 0)));
    const serverFinal = (
      await this.authenticate(`${withoutProof},p=${proof.toString("base64")}`)
    ).toString("utf8");
    const expected = hmac(hmac(salted, "Server Key"), authMessage).toString("base64");
    if (serverFinal !== `v=${expected}`) throw new Error("the broker's SCRAM signature is wrong");
  }

  private async authenticate(message: string): Promise<Buffer> {
    const header = this.header(SASL_AUTHENTICATE, 1);
    const bytes = Buffer.from(message, "utf8");
    const answer = await this.request(Buffer.concat([header.bytes, int32(bytes.length), bytes]));
    // correlation id, error code, error message (nullable string), auth bytes, session lifetime
    const errorCode = answer.readInt16BE(4);
    const messageLength = answer.readInt16BE(6);
    const afterMessage = 8 + Math.max(messageLength, 0);
    if (errorCode !== 0) {
      const text = messageLength > 0 ? answer.toString("utf8", 8, afterMessage) : "";
      throw new Error(`SCRAM login refused (error ${errorCode}${text ? `: ${text}` : ""})`);
    }
    const length = answer.readInt32BE(afterMessage);
    const lifetimeAt = afterMessage + 4 + length;
    if (answer.length >= lifetimeAt + 8)
      this.sessionLifetimeMs = Number(answer.readBigInt64BE(lifetimeAt));
    return answer.subarray(afterMessage + 4, afterMessage + 4 + length);
  }
}
