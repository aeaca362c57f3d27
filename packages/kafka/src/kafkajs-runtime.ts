// kafkajs is CommonJS without static named exports, so Node's ESM loader needs the default
// import; every runtime value of the library is taken from here.
import kafkajs from "kafkajs";

export const KafkaClient = kafkajs.Kafka;
export const kafkaLogLevel = kafkajs.logLevel;
export const ConfigResourceTypes = kafkajs.ConfigResourceTypes;
export const Partitioners = kafkajs.Partitioners;
export const CompressionTypes = kafkajs.CompressionTypes;
export const AssignerProtocol = kafkajs.AssignerProtocol;
