// Jest globalSetup: gives the tests a real Kafka broker through KAFKA_BROKERS. A broker named in the
// environment is used as is; otherwise one is started with infra/kafka/kafka.sh and stopped by the teardown.
import { brokerPort, startKafkaBroker } from './kafka-broker';

// globalSetup and globalTeardown run in the same process, and share only its globals.
export const startedBroker = globalThis as typeof globalThis & { __kafkaTestBrokerPort?: number };

export default async function kafkaGlobalSetup(): Promise<void> {
  if (process.env.KAFKA_BROKERS) return;
  const brokers = await startKafkaBroker({ ownerPid: process.pid });
  process.env.KAFKA_BROKERS = brokers;
  startedBroker.__kafkaTestBrokerPort = brokerPort(brokers);
}
