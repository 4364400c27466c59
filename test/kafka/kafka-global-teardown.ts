// Jest globalTeardown: stops the broker that kafka-global-setup.ts started, and no other.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { kafkaScript, startedBroker } from './kafka-global-setup';

export default async function kafkaGlobalTeardown(): Promise<void> {
  const port = startedBroker.__kafkaTestBrokerPort;
  if (port === undefined) return;
  await promisify(execFile)('bash', [kafkaScript, 'stop', '--port', port]);
  delete process.env.KAFKA_BROKERS;
  startedBroker.__kafkaTestBrokerPort = undefined;
}
