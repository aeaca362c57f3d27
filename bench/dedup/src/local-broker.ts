import { startPrivateKafkaServer } from "@takedown/local-infra";

/**
 * The broker the bench talks to: KAFKA_BROKERS when set, else a fresh one from infra/kafka in a
 * temporary data folder on free ports, stopped and deleted afterwards.
 */
export async function benchBroker(): Promise<{ brokers: string[]; stop: () => Promise<void> }> {
  const given = process.env.KAFKA_BROKERS;
  if (given) return { brokers: given.split(","), stop: async () => {} };
  const server = await startPrivateKafkaServer();
  return { brokers: server.brokers, stop: () => server.destroy() };
}
