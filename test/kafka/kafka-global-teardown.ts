// Jest globalTeardown: stops the broker that kafka-global-setup.ts started, and no other.
import { startedBroker } from './kafka-global-setup';
import { stopKafkaBroker } from './kafka-broker';

export default async function kafkaGlobalTeardown(): Promise<void> {
  const port = startedBroker.__kafkaTestBrokerPort;
  if (port === undefined) return;
  await stopKafkaBroker(port);
  delete process.env.KAFKA_BROKERS;
  startedBroker.__kafkaTestBrokerPort = undefined;
}
