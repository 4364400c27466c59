// Jest globalSetup: gives the tests a real Kafka broker through KAFKA_BROKERS. A broker named in the
// environment is used as is; otherwise one is started with infra/kafka/kafka.sh and stopped by the teardown.
import { spawn } from 'node:child_process';
import path from 'node:path';

export const kafkaScript = path.resolve(__dirname, '../../infra/kafka/kafka.sh');

// globalSetup and globalTeardown run in the same process, and share only its globals.
export const startedBroker = globalThis as typeof globalThis & { __kafkaTestBrokerPort?: string };

export default async function kafkaGlobalSetup(): Promise<void> {
  if (process.env.KAFKA_BROKERS) return;
  // stderr passes through so the one-off jar download and any startup failure show in the jest output.
  const child = spawn('bash', [kafkaScript, 'start', '--owner-pid', String(process.pid)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  const brokers = /^KAFKA_BROKERS=(\S+)$/m.exec(stdout)?.[1];
  if (code !== 0 || !brokers) {
    throw new Error(`infra/kafka/kafka.sh start failed (exit code ${code}); its output:\n${stdout}`);
  }
  process.env.KAFKA_BROKERS = brokers;
  startedBroker.__kafkaTestBrokerPort = brokers.slice(brokers.lastIndexOf(':') + 1);
}
