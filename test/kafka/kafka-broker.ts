// Starts and stops single-node brokers with infra/kafka/kafka.sh, for the jest global setup and for tests
// that take a broker of their own down and up again.
import { spawn } from 'node:child_process';
import path from 'node:path';

const kafkaScript = path.resolve(__dirname, '../../infra/kafka/kafka.sh');

/** Runs kafka.sh; its stderr passes through (the one-off jar download, a failed start's broker logs). */
const kafkaSh = async (args: string[]): Promise<string> => {
  const child = spawn('bash', [kafkaScript, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0)
    throw new Error(
      `infra/kafka/kafka.sh ${args.join(' ')} failed (exit code ${code}); its output:\n${stdout}`,
    );
  return stdout;
};

export interface StartBrokerOptions {
  /** A fixed port; a free one otherwise. */
  port?: number;
  /** The broker stops by itself once this process has exited, even if nobody calls stop. */
  ownerPid?: number;
  /** Start the broker stopped with `keepData` again, with its topics, messages and offsets. */
  keepData?: boolean;
}

/** Starts a broker and resolves with its `host:port` once it serves requests. */
export async function startKafkaBroker(options: StartBrokerOptions = {}): Promise<string> {
  const args = ['start'];
  if (options.port !== undefined) args.push('--port', String(options.port));
  if (options.ownerPid !== undefined) args.push('--owner-pid', String(options.ownerPid));
  if (options.keepData) args.push('--keep-data');
  const stdout = await kafkaSh(args);
  const brokers = /^KAFKA_BROKERS=(\S+)$/m.exec(stdout)?.[1];
  if (!brokers) throw new Error(`infra/kafka/kafka.sh start printed no KAFKA_BROKERS line:\n${stdout}`);
  return brokers;
}

/** Stops the broker on `port`; with `keepData` its data stay for `startKafkaBroker({ port, keepData })`. */
export async function stopKafkaBroker(port: number, options: { keepData?: boolean } = {}): Promise<void> {
  await kafkaSh(['stop', '--port', String(port), ...(options.keepData ? ['--keep-data'] : [])]);
}

export const brokerPort = (brokers: string): number => Number(brokers.slice(brokers.lastIndexOf(':') + 1));
