import { pbkdf2Sync, randomBytes } from "node:crypto";
import { createKafkaError } from "./errors.js";
import { WireConnection, type WireLogin } from "./wire-connection.js";
import { int16, int32 } from "./wire-encoding.js";

/**
 * kafkajs has no AlterUserScramCredentials (API key 51), so this speaks that one request itself:
 * version 0, a flexible version (compact strings, tagged fields), over one connection to the
 * services' listener, logged in as the cluster's admin (the only principal allowed to alter
 * users). The broker forwards it to the KRaft controller. Only the salted password leaves this
 * process, as in `kafka-configs --add-config SCRAM-SHA-512=[...]`, ~100× faster than that JVM.
 */
export interface ScramUser {
  username: string;
  password: string;
}

const API_KEY = 51;
const SCRAM_SHA_512 = 2;
const ITERATIONS = 4096;
const RESOURCE_NOT_FOUND = 91;

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
const compactBytes = (b: Buffer) => Buffer.concat([uvarint(b.length + 1), b]);
const compactString = (s: string) => compactBytes(Buffer.from(s, "utf8"));
const NO_TAGS = uvarint(0);

function encodeRequest(
  correlationId: number,
  clientId: string,
  users: readonly ScramUser[],
  deletions: readonly string[],
) {
  const deleted = deletions.map((username) =>
    Buffer.concat([compactString(username), int8(SCRAM_SHA_512), NO_TAGS]),
  );
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
    uvarint(deleted.length + 1),
    ...deleted,
    uvarint(upsertions.length + 1),
    ...upsertions,
    NO_TAGS,
  ]);
  return body;
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

/**
 * Creates or replaces the SCRAM-SHA-512 credentials of `users` and deletes those of `deletions`
 * (a deleted user cannot log in again; its open connections end at their next
 * re-authentication). `broker` is a services' listener address, `login` the cluster's admin.
 */
export async function alterScramUsers(options: {
  broker: string;
  login: WireLogin;
  users?: readonly ScramUser[];
  deletions?: readonly string[];
  clientId?: string;
  timeoutMs?: number;
}): Promise<void> {
  const users = options.users ?? [];
  const deletions = options.deletions ?? [];
  if (users.length === 0 && deletions.length === 0) return;
  const clientId = options.clientId ?? "takedown-scram";
  let frame: Buffer;
  let correlationId: number;
  let connection: WireConnection | undefined;
  try {
    connection = await WireConnection.open({
      broker: options.broker,
      clientId,
      timeoutMs: options.timeoutMs ?? 10_000,
      login: options.login,
    });
    correlationId = connection.nextCorrelationId();
    frame = await connection.request(encodeRequest(correlationId, clientId, users, deletions));
  } catch (error) {
    throw createKafkaError("KAFKA_ADMIN_FAILED", {
      detail: `AlterUserScramCredentials: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
    });
  } finally {
    connection?.close();
  }
  const response = decodeResponse(frame);
  const upserted = new Set(users.map((u) => u.username));
  if (response.correlationId !== correlationId) {
    throw createKafkaError("KAFKA_ADMIN_FAILED", {
      detail: "AlterUserScramCredentials: wrong correlation id",
    });
  }
  // Deleting a credential that is already gone (a revocation run twice) reached its goal.
  const failed = response.results.filter(
    (r) =>
      r.errorCode !== 0 &&
      !(
        r.errorCode === RESOURCE_NOT_FOUND &&
        deletions.includes(r.username) &&
        !upserted.has(r.username)
      ),
  );
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
