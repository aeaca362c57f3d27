const dirs = process.argv.slice(2);
for (const dir of dirs) {
  const base = `${dir}/node_modules/kafkajs/src/protocol`;
  const produce = require(`${base}/requests/produce/v3/request.js`);
  const createRequest = require(`${base}/request.js`);
  const Long = require(`${dir}/node_modules/kafkajs/src/utils/long.js`);
  const value = Buffer.from("x".repeat(2300) + "通知".repeat(30));
  const headers = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`ce_h${i}`, Buffer.from("y".repeat(35))]));
  const topicData = Array.from({ length: 8 }, (_, t) => ({ topic: `takedown.notices.p${t}.v1`, partitions: Array.from({ length: 6 }, (_, p) => ({ partition: p, firstSequence: 0, messages: Array.from({ length: 20 }, (_, i) => ({ key: Buffer.from(`k${t}${p}${i}`.padEnd(64, "k")), value, headers })) })) }));
  const once = async () => (await createRequest({ correlationId: 1, clientId: "c", request: { apiKey: 0, apiVersion: 3, encode: produce({ acks: -1, timeout: 30000, transactionalId: "tx", producerId: Long.fromInt(1), producerEpoch: 0, topicData }).encode } })).buffer.length;
  (async () => {
    for (let i = 0; i < 30; i++) await once();
    const t = process.hrtime.bigint(); let n = 0, bytes = 0;
    for (; n < 150; n++) bytes = await once();
    const ms = Number(process.hrtime.bigint() - t) / 1e6 / n;
    console.log(dir.slice(-12), `${ms.toFixed(2)} ms per request of ${(bytes / 1e6).toFixed(2)} MB (960 records)`);
  })();
}
