import { pbkdf2Sync, randomBytes } from "node:crypto";
import { Socket } from "node:net";
import { createKafkaError } from "./errors.js";

/**
 * kafkajs has no AlterUserScramCredentials (API key 51), so this speaks that one request itself:
 * version 0, a flexible version (compact strings, tagged fields), over one plain connection to
 * the pipeline's PLAINTEXT listener, whose ANONYMOUS principal is a super user. The broker
 * forwards it to the KRaft controller. Only the salted password leaves this process, as in
 * `kafka-configs --add-config SCRAM-SHA-512=[...]`, and it is ~100× faster than starting that JVM.
 */
export interface ScramUser {
  username: string;
  password: string;
}

const API_KEY = 51;
const SCRAM_SHA_512 = 2;
const ITERATIONS = 4096;

function uvarint(value: number): Buffer {
  const bytes: number[] = [];
  let v = value >>> 0;
  while (v >= 0x80) {
    bytes.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  bytes.push(v);
  return Buffer.from(bytes);
}

const int8 = (v: number) => Buffer.from([v]);
const int16 = (v: number) => {
  const b = Buffer.alloc(2);
  b.writeInt16BE(v);
  return b;
};
const int32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(v);
  return b;
};
const compactBytes = (b: Buffer) => Buffer.concat([uvarint(b.length + 1), b]);
const compactString = (s: string) => compactBytes(Buffer.from(s, "utf8"));
const NO_TAGS = uvarint(0);

function encodeRequest(correlationId: number, clientId: string, users: readonly ScramUser[]) {
  const upsertions = users.map((user) => {
    const salt = randomBytes(32);
    const salted = pbkdf2Sync(user.password, salt, ITERATIONS, 64, "sha512");
    return Buffer.concat([
      compactString(user.username),
      int8(SCRAM_SHA_512),
      int32(ITERATIONS),
      compactBytes(salt),
      compactBytes(salted),
      NO_TAGS,
    ]);
  });
  const clientIdBytes = Buffer.from(clientId, "utf8");
  const body = Buffer.concat([
    // Request header v2: client id stays a classic (int16-length) nullable string.
    int16(API_KEY),
    int16(0),
    int32(correlationId),
    int16(clientIdBytes.length),
    clientIdBytes,
    NO_TAGS,
    uvarint(1), // no deletions
    uvarint(upsertions.length + 1),
    ...upsertions,
    NO_TAGS,
  ]);
  return Buffer.concat([int32(body.length), body]);
}

class Reader {
  private offset = 0;
  constructor(private readonly buffer: Buffer) {}
  int16() {
    const v = this.buffer.readInt16BE(this.offset);
    this.offset += 2;
    return v;
  }
  int32() {
    const v = this.buffer.readInt32BE(this.offset);
    this.offset += 4;
    return v;
  }
  uvarint() {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = this.buffer.readUInt8(this.offset++);
      value |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return value;
      shift += 7;
    }
  }
  compactString(): string | null {
    const length = this.uvarint() - 1;
    if (length < 0) return null;
    const s = this.buffer.toString("utf8", this.offset, this.offset + length);
    this.offset += length;
    return s;
  }
  skipTags() {
    const count = this.uvarint();
    for (let i = 0; i < count; i++) {
      this.uvarint();
      this.offset += this.uvarint();
    }
  }
}

function decodeResponse(frame: Buffer) {
  const reader = new Reader(frame);
  const correlationId = reader.int32();
  reader.skipTags();
  reader.int32(); // throttle time
  const results: { username: string; errorCode: number; errorMessage: string | null }[] = [];
  const count = reader.uvarint() - 1;
  for (let i = 0; i < count; i++) {
    const username = reader.compactString() ?? "";
    const errorCode = reader.int16();
    const errorMessage = reader.compactString();
    reader.skipTags();
    results.push({ username, errorCode, errorMessage });
  }
  return { correlationId, results };
}

function exchange(broker: string, request: Buffer, timeoutMs: number): Promise<Buffer> {
  const separator = broker.lastIndexOf(":");
  const host = broker.slice(0, separator);
  const port = Number(broker.slice(separator + 1));
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    let received = Buffer.alloc(0);
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(timeoutMs, () =>
      fail(new Error(`no answer from ${broker} in ${timeoutMs} ms`)),
    );
    socket.once("error", fail);
    socket.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 4 && received.length >= 4 + received.readInt32BE(0)) {
        socket.end();
        resolve(received.subarray(4, 4 + received.readInt32BE(0)));
      }
    });
    socket.connect(port, host, () => socket.write(request));
  });
}

/**
 * Creates or replaces the SCRAM-SHA-512 credentials of these users. `broker` must be a listener
 * on which this client is allowed to alter cluster configuration (the pipeline's PLAINTEXT one).
 */
export async function upsertScramUsers(options: {
  broker: string;
  users: readonly ScramUser[];
  clientId?: string;
  timeoutMs?: number;
}): Promise<void> {
  if (options.users.length === 0) return;
  const correlationId = Math.floor(Math.random() * 0x7fffffff);
  let frame: Buffer;
  try {
    frame = await exchange(
      options.broker,
      encodeRequest(correlationId, options.clientId ?? "takedown-scram", options.users),
      options.timeoutMs ?? 10_000,
    );
  } catch (error) {
    throw createKafkaError("KAFKA_ADMIN_FAILED", {
      detail: "AlterUserScramCredentials",
      cause: error,
    });
  }
  const response = decodeResponse(frame);
  if (response.correlationId !== correlationId) {
    throw createKafkaError("KAFKA_ADMIN_FAILED", {
      detail: "AlterUserScramCredentials: wrong correlation id",
    });
  }
  const failed = response.results.filter((r) => r.errorCode !== 0);
  if (failed.length > 0) {
    throw createKafkaError("KAFKA_ADMIN_FAILED", {
      detail: `AlterUserScramCredentials: ${failed
        .map(
          (f) => `${f.username}: error ${f.errorCode}${f.errorMessage ? ` ${f.errorMessage}` : ""}`,
        )
        .join("; ")}`,
    });
  }
}
