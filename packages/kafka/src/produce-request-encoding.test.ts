import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

/*
 * kafkajs' produce request as patched (patches/kafkajs@2.2.4.patch): measured first, then every
 * record, batch and the request header written into one buffer, each batch's length and CRC in
 * place. The broker refuses a batch with a
 * wrong CRC (CORRUPT_MESSAGE), so the integration tests would catch a broken patch too; this
 * checks the bytes themselves, against kafkajs' own decoder and a CRC-32C computed here.
 */
const load = createRequire(import.meta.url);

interface EncoderLike {
  buffer: Buffer;
}
interface DecoderLike {
  readInt8(): number;
  readInt16(): number;
  readInt32(): number;
  readString(): string | null;
  readArray<T>(read: (decoder: DecoderLike) => T): T[];
  slice(length: number): DecoderLike;
  forward(length: number): void;
}
interface DecodedRecord {
  key: Buffer | null;
  value: Buffer | null;
  timestamp: string;
  headers: Record<string, Buffer | Buffer[]>;
}
type ProduceRequest = (options: Record<string, unknown>) => {
  encode: () => Promise<EncoderLike>;
};

const produceV3 = load("kafkajs/src/protocol/requests/produce/v3/request.js") as ProduceRequest;
const createRequest = load("kafkajs/src/protocol/request.js") as (options: {
  correlationId: number;
  clientId: string | null;
  request: { apiKey: number; apiVersion: number; encode: () => Promise<EncoderLike> };
}) => Promise<EncoderLike>;
const Encoder = load("kafkajs/src/protocol/encoder.js") as new () => EncoderLike & {
  writeInt32(value: number): EncoderLike;
};
const Decoder = load("kafkajs/src/protocol/decoder.js") as new (buffer: Buffer) => DecoderLike;
const decodeRecordBatch = load("kafkajs/src/protocol/recordBatch/v0/decoder.js") as (
  decoder: DecoderLike,
) => Promise<{ records: DecodedRecord[]; inTransaction: boolean }>;
const Long = load("kafkajs/src/utils/long.js") as { fromInt(n: number): unknown };

/** CRC-32C (Castagnoli), bit by bit: independent of kafkajs' table-driven one. */
function crc32c(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function messagesOf(partition: number, count: number) {
  return Array.from({ length: count }, (_, i) => ({
    key: Buffer.from(`key-${partition}-${i}`),
    // Some values past 4 KiB, with multi-byte text: sizes counted in bytes, not characters.
    value: Buffer.from(`${"通知".repeat(i * 300)}value-${partition}-${i}`),
    headers: { ce_type: Buffer.from("jp.takedown.notice.issued.v2"), n: Buffer.from(String(i)) },
  }));
}

describe("kafkajs' produce request, as patched", () => {
  it("carries every record, with the lengths and CRCs a broker checks", async () => {
    const topicData = ["takedown.notices.x.v1", "takedown.routing.state.v1"].map((topic) => ({
      topic,
      partitions: [0, 3].map((partition) => ({
        partition,
        firstSequence: 0,
        messages: messagesOf(partition, 12),
      })),
    }));
    const request = produceV3({
      acks: -1,
      timeout: 30_000,
      transactionalId: "takedown-routing-harness-routing",
      producerId: Long.fromInt(7),
      producerEpoch: 2,
      topicData,
    });
    const bytes = (
      await createRequest({
        correlationId: 41,
        clientId: "takedown-routing",
        request: { apiKey: 0, apiVersion: 3, encode: request.encode },
      })
    ).buffer;

    const decoder = new Decoder(bytes);
    expect(decoder.readInt32()).toBe(bytes.length - 4);
    expect([decoder.readInt16(), decoder.readInt16(), decoder.readInt32()]).toEqual([0, 3, 41]);
    expect(decoder.readString()).toBe("takedown-routing");
    expect(decoder.readString()).toBe("takedown-routing-harness-routing");
    expect([decoder.readInt16(), decoder.readInt32()]).toEqual([-1, 30_000]);
    const batches: { topic: string; partition: number; bytes: Buffer }[] = [];
    decoder.readArray((topicDecoder) => {
      const topic = topicDecoder.readString() ?? "";
      topicDecoder.readArray((partitionDecoder) => {
        const partition = partitionDecoder.readInt32();
        const size = partitionDecoder.readInt32();
        const batch = partitionDecoder.slice(size) as DecoderLike & { buffer: Buffer };
        batches.push({ topic, partition, bytes: Buffer.from(batch.buffer.subarray(0, size)) });
        partitionDecoder.forward(size);
      });
    });
    expect(batches.map((b) => `${b.topic}/${b.partition}`)).toEqual([
      "takedown.notices.x.v1/0",
      "takedown.notices.x.v1/3",
      "takedown.routing.state.v1/0",
      "takedown.routing.state.v1/3",
    ]);

    for (const batch of batches) {
      // firstOffset (8), length (4): the rest of the batch; epoch (4), magic (1), CRC (4): the
      // CRC covers everything after itself.
      expect(batch.bytes.readInt32BE(8)).toBe(batch.bytes.length - 12);
      expect(batch.bytes.readUInt32BE(17)).toBe(crc32c(batch.bytes.subarray(21)));
      const decoded = await decodeRecordBatch(new Decoder(batch.bytes));
      expect(decoded.inTransaction).toBe(true);
      const sent = messagesOf(batch.partition, 12);
      expect(decoded.records.map((r) => r.value?.toString())).toEqual(
        sent.map((m) => m.value.toString()),
      );
      expect(decoded.records.map((r) => r.key?.toString())).toEqual(
        sent.map((m) => m.key.toString()),
      );
      expect(decoded.records.map((r) => r.headers.n?.toString())).toEqual(
        sent.map((_, i) => String(i)),
      );
    }
  });
  it("writes string and null keys, string values, repeated headers and timestamps as sent", async () => {
    const messages = [
      {
        key: null,
        value: "文字列の値",
        headers: { tag: ["a", "b"] },
        timestamp: 1_700_000_000_500,
      },
      { key: "鍵", value: Buffer.from("bytes"), headers: {}, timestamp: 1_700_000_000_000 },
      { key: Buffer.from("k"), value: "x".repeat(70_000), timestamp: 1_700_000_000_900 },
    ];
    const request = produceV3({
      acks: 1,
      timeout: 5_000,
      transactionalId: null,
      topicData: [{ topic: "t", partitions: [{ partition: 2, firstSequence: 5, messages }] }],
    });
    const bytes = (
      await createRequest({
        correlationId: 7,
        clientId: null,
        request: { apiKey: 0, apiVersion: 3, encode: request.encode },
      })
    ).buffer;
    const decoder = new Decoder(bytes);
    expect(decoder.readInt32()).toBe(bytes.length - 4);
    expect([decoder.readInt16(), decoder.readInt16(), decoder.readInt32()]).toEqual([0, 3, 7]);
    expect(decoder.readString()).toBeNull();
    expect(decoder.readString()).toBeNull();
    expect([decoder.readInt16(), decoder.readInt32(), decoder.readInt32()]).toEqual([1, 5_000, 1]);
    expect(decoder.readString()).toBe("t");
    expect([decoder.readInt32(), decoder.readInt32()]).toEqual([1, 2]);
    const size = decoder.readInt32();
    const batch = Buffer.from((decoder.slice(size) as DecoderLike & { buffer: Buffer }).buffer);
    expect(batch.length).toBe(size);
    expect(batch.readUInt32BE(17)).toBe(crc32c(batch.subarray(21)));
    const decoded = await decodeRecordBatch(new Decoder(batch));
    expect(decoded.inTransaction).toBe(false);
    expect(decoded.records.map((r) => [r.key?.toString() ?? null, r.value?.toString()])).toEqual([
      [null, "文字列の値"],
      ["鍵", "bytes"],
      ["k", "x".repeat(70_000)],
    ]);
    expect(decoded.records.map((r) => r.timestamp)).toEqual(
      messages.map((m) => String(m.timestamp)),
    );
    expect(decoded.records[0]?.headers.tag).toEqual([Buffer.from("a"), Buffer.from("b")]);
  });

  it("frames a compressed batch through the same header and CRC", async () => {
    const messages = messagesOf(1, 5);
    const request = produceV3({
      acks: -1,
      timeout: 30_000,
      compression: 1, // GZIP: the records are compressed, not written one by one
      topicData: [{ topic: "t", partitions: [{ partition: 1, firstSequence: 0, messages }] }],
    });
    const decoder = new Decoder((await request.encode()).buffer);
    decoder.readString();
    decoder.readInt16();
    decoder.readInt32();
    expect([decoder.readInt32(), decoder.readString(), decoder.readInt32()]).toEqual([1, "t", 1]);
    expect(decoder.readInt32()).toBe(1);
    const size = decoder.readInt32();
    const batch = Buffer.from((decoder.slice(size) as DecoderLike & { buffer: Buffer }).buffer);
    expect(batch.readInt32BE(8)).toBe(batch.length - 12);
    expect(batch.readUInt32BE(17)).toBe(crc32c(batch.subarray(21)));
    const decoded = await decodeRecordBatch(new Decoder(batch));
    expect(decoded.records.map((r) => r.value?.toString())).toEqual(
      messages.map((m) => m.value.toString()),
    );
  });

  it("still frames a request that writes its own payload (every request but produce)", async () => {
    const payload = new Encoder();
    payload.writeInt32(12345);
    const bytes = (
      await createRequest({
        correlationId: 9,
        clientId: "c",
        request: { apiKey: 18, apiVersion: 2, encode: () => Promise.resolve(payload) },
      })
    ).buffer;
    const decoder = new Decoder(bytes);
    expect(decoder.readInt32()).toBe(bytes.length - 4);
    expect([decoder.readInt16(), decoder.readInt16(), decoder.readInt32()]).toEqual([18, 2, 9]);
    expect(decoder.readString()).toBe("c");
    expect(decoder.readInt32()).toBe(12345);
  });
});
