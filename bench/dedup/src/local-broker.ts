import { startPrivateKafkaServer } from "@takedown/local-infra";

/**
 * The broker the bench talks to: KAFKA_BROKERS when set, else a fresh one from infra/kafka in a
 * temporary data folder on free ports, stopped and deleted afterwards.
 */
export async function benchBroker(): Promise<{
  brokers: string[];
  sasl: { mechanism: "scram-sha-512"; username: string; password: string };
  stop: () => Promise<void>;
}> {
  const given = process.env.KAFKA_BROKERS;
  if (given)
    return {
      brokers: given.split(","),
      // The bench's own topics: it logs in as the cluster's admin.
      sasl: {
        mechanism: "scram-sha-512",
        username: process.env.KAFKA_ADMIN_USER ?? "",
        password: process.env.KAFKA_ADMIN_PASSWORD ?? "",
      },
      stop: async () => {},
    };
  const server = await startPrivateKafkaServer();
  return { brokers: server.brokers, sasl: server.sasl, stop: () => server.destroy() };
}
