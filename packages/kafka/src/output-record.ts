/** A record to write, as services build it (contracts' encodeEvent gives key/value/headers). */
export interface OutputRecord {
  topic: string;
  key: string | Buffer | null;
  value: Buffer | string | null;
  headers?: Record<string, string | Buffer>;
}

/** Groups records by topic for one `sendBatch`, keeping their order within each topic. */
export function toTopicMessages(records: readonly OutputRecord[]) {
  const byTopic = new Map<
    string,
    {
      key: string | Buffer | null;
      value: Buffer | string | null;
      headers?: Record<string, string | Buffer>;
    }[]
  >();
  for (const record of records) {
    const list = byTopic.get(record.topic) ?? [];
    const message: {
      key: string | Buffer | null;
      value: Buffer | string | null;
      headers?: Record<string, string | Buffer>;
    } = {
      key: record.key,
      value: record.value,
    };
    if (record.headers !== undefined) message.headers = record.headers;
    list.push(message);
    byTopic.set(record.topic, list);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
