import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { DateTime } from 'luxon';
import { Client } from 'pg';
import type { BenchEnvironment } from './bench-report';
import { REPO_ROOT } from './paths';
import { benchDatabaseUrl } from './postgres';

const UNKNOWN = 'unknown';

const postgresVersion = async (): Promise<string> => {
  const client = new Client({ connectionString: benchDatabaseUrl(), connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0]?.server_version ?? UNKNOWN;
  } catch {
    return 'not reachable';
  } finally {
    await client.end().catch(() => undefined);
  }
};

/** The broker version infra/kafka runs, from the jar list it fetches. */
const kafkaVersion = async (): Promise<string> => {
  const pom = await readFile(join(REPO_ROOT, 'infra', 'kafka', 'pom.xml'), 'utf8').catch(() => '');
  return /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pom)?.[1] ?? UNKNOWN;
};

/**
 * The chDB package and the ClickHouse engine inside it. The engine is asked in a child process: it is a
 * large native library, and this process must not hold a chDB instance of its own.
 */
const chdbVersion = async (): Promise<string> => {
  try {
    const main = require.resolve('chdb');
    const { version } = JSON.parse(await readFile(join(dirname(main), 'package.json'), 'utf8')) as {
      version: string;
    };
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['-e', `process.stdout.write(require(${JSON.stringify(main)}).query('SELECT version()', 'TSV'))`],
      { timeout: 30_000 },
    );
    return `${version} (ClickHouse ${stdout.trim()})`;
  } catch {
    return UNKNOWN;
  }
};

/** The machine and the versions the figures were measured with, for the report's header. */
export const benchEnvironment = async (): Promise<BenchEnvironment> => {
  const [postgres, kafka, chdb] = await Promise.all([postgresVersion(), kafkaVersion(), chdbVersion()]);
  return {
    cpu: cpus()[0]?.model.trim() ?? UNKNOWN,
    cores: availableParallelism(),
    ramGb: totalmem() / 1024 ** 3,
    node: process.version,
    postgres,
    kafka,
    chdb,
    date: DateTime.now().toISODate() ?? UNKNOWN,
  };
};
