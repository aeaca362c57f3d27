// kafkajs is CommonJS without static named exports, so Node's ESM loader needs the default
// import; every runtime value of the library is taken from here.
import kafkajs, { type ProducerConfig } from "kafkajs";
import { JavaCompatiblePartitioner } from "./java-partitioner.js";

/**
 * kafkajs' client, whose producers partition with the same hash as its DefaultPartitioner
 * computed without a Long object per step, unless a producer asks for another partitioner.
 */
export class KafkaClient extends kafkajs.Kafka {
  override producer(config?: ProducerConfig): ReturnType<kafkajs.Kafka["producer"]> {
    return super.producer({ createPartitioner: JavaCompatiblePartitioner, ...config });
  }
}
export const kafkaLogLevel = kafkajs.logLevel;
export const ConfigResourceTypes = kafkajs.ConfigResourceTypes;
/** kafkajs' partitioners, DefaultPartitioner the equal but faster JavaCompatiblePartitioner. */
export const Partitioners = {
  ...kafkajs.Partitioners,
  DefaultPartitioner: JavaCompatiblePartitioner,
  JavaCompatiblePartitioner,
};
export const CompressionTypes = kafkajs.CompressionTypes;
export const AssignerProtocol = kafkajs.AssignerProtocol;
