import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Kafka } from 'kafkajs';
import { REPO_ROOT } from './paths';

const KAFKA_SCRIPT = join(REPO_ROOT, 'infra', 'kafka', 'kafka.sh');

export interface KafkaBroker {
  /** `host:port`, as KAFKA_BROKERS takes it. */
  brokers: string;
  /** Stops the broker this process started; a no-op for one given through KAFKA_BROKERS. */
  stop(): Promise<void>;
}

/**
 * A single-node broker from `infra/kafka/kafka.sh`. With `--owner-pid` the broker stops by itself once
 * this process is gone, so a killed benchmark does not leave a JVM behind.
 */
export const startKafkaBroker = async (): Promise<KafkaBroker> => {
  const child = spawn('bash', [KAFKA_SCRIPT, 'start', '--owner-pid', String(process.pid)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  const brokers = /^KAFKA_BROKERS=(\S+)$/m.exec(stdout)?.[1];
  if (code !== 0 || !brokers)
    throw new Error(`infra/kafka/kafka.sh start failed (exit code ${code}); its output:\n${stdout}`);
  const port = brokers.slice(brokers.lastIndexOf(':') + 1);
  let stopped: Promise<void> | undefined;
  return {
    brokers,
    stop: () =>
      (stopped ??= promisify(execFile)('bash', [KAFKA_SCRIPT, 'stop', '--port', port]).then(() => undefined)),
  };
};

/** KAFKA_BROKERS when set (the runner's or the test's broker), otherwise a broker of its own. */
export const withKafkaBroker = async <T>(run: (brokers: string) => Promise<T>): Promise<T> => {
  const given = process.env.KAFKA_BROKERS;
  if (given) return run(given);
  const broker = await startKafkaBroker();
  try {
    return await run(broker.brokers);
  } finally {
    await broker.stop();
  }
};

/** Removes what a measurement made on the broker: its topics and its consumer groups' offsets. */
export const deleteTopicsAndGroups = async (
  kafka: Kafka,
  topics: readonly string[],
  groups: readonly string[] = [],
): Promise<void> => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (groups.length > 0) await admin.deleteGroups([...groups]);
    if (topics.length > 0) await admin.deleteTopics({ topics: [...topics] });
  } finally {
    await admin.disconnect();
  }
};
