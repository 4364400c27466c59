import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Admin, Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import { PostgresEventStore } from '@app/event-store';
import {
  TEST_DATABASE_URL,
  connectTestPool,
  dropSchema,
  freshSchemaName,
} from '@app/event-store/test-support/postgres-test-database';
import { createKafka, ensureTopics } from '@app/messaging';
import { uniqueTopic } from '@app/messaging/test-support/topic-reader';
import { ADMIN, TEST_AUTH_ENV } from '@app/platform/auth/test-support';
import { testLogPath } from '@app/platform/logging/test-support';
import { sleep } from '../../apps/projector/test/projector.harness';
import { REPO_ROOT, freePort } from '../support/app-process';

export const CLUSTER_SCRIPT = join(REPO_ROOT, 'infra', 'cluster', 'cluster.sh');
export const PARTITIONS = 6;
export const RELAY_BATCH = 50;
export const GROUP_MEMBERS = 3;
export const ANALYTICS_DATABASE = 'complaints';

export type ClusterProcess =
  'command-service-1' | 'command-service-2' | 'relay-1' | 'relay-2' | 'analytics-node';
export const PROCESSES: readonly ClusterProcess[] = [
  'command-service-1',
  'command-service-2',
  'relay-1',
  'relay-2',
  'analytics-node',
];

const quiet = { warn: () => undefined, error: () => undefined };

/** Gone, or a zombie nobody has reaped yet (the cluster's processes are not this process's children). */
const exited = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') ?? false;
  } catch {
    return true;
  }
};

/**
 * The local distributed topology as `npm run start:cluster` runs it (infra/cluster/cluster.sh), on this
 * test's own PostgreSQL schema, topics, consumer groups, ports and cluster directory, and on the test
 * run's broker: what a fault test needs to break it and to watch it — the processes' pids, their
 * /metrics, the relay checkpoint, the group's committed offsets, the topic's end.
 */
export class ClusterBed {
  readonly topic = uniqueTopic('cluster-events');
  readonly group = `cluster-projector-${this.topic.slice(-8)}`;
  private readonly inbound = uniqueTopic('cluster-inbound');
  readonly ports = {} as Record<ClusterProcess, number>;
  readonly store: PostgresEventStore;

  private constructor(
    readonly pool: Pool,
    readonly schema: string,
    readonly kafka: Kafka,
    private readonly admin: Admin,
    private readonly brokers: string,
    readonly dir: string,
    store: PostgresEventStore,
  ) {
    this.store = store;
  }

  static async open(brokers: string): Promise<ClusterBed> {
    const pool = await connectTestPool({ max: 6 });
    const schema = freshSchemaName();
    const store = await PostgresEventStore.onPool(pool, { schema });
    const kafka = createKafka({ clientId: 'cluster-fault-test', brokers, log: quiet });
    const admin = kafka.admin();
    await admin.connect();
    const dir = await mkdtemp(join(tmpdir(), 'cluster-faults-'));
    const bed = new ClusterBed(pool, schema, kafka, admin, brokers, dir, store);
    await ensureTopics(kafka, [{ name: bed.topic, partitions: PARTITIONS, replicationFactor: 1 }]);
    for (const name of PROCESSES) bed.ports[name] = await freePort();
    return bed;
  }

  /** What cluster.sh passes to every process: this bed's store, broker, topics and ports. */
  private env(): NodeJS.ProcessEnv {
    const ports = Object.fromEntries(
      PROCESSES.map((name) => [`PORT_${name.toUpperCase().replace(/-/g, '_')}`, String(this.ports[name])]),
    );
    return {
      ...process.env,
      ...TEST_AUTH_ENV,
      ...ports,
      // Every credential given: the script makes none and prints none.
      AUTH_API_KEYS: '[]',
      CUSTOMER_KEY_SECRET: 'cluster-fault-test-customer-key-secret',
      CLUSTER_DIR: this.dir,
      CLUSTER_SKIP_BUILD: '1',
      KAFKA_BROKERS: this.brokers,
      KAFKA_EVENTS_TOPIC: this.topic,
      KAFKA_TOPIC_PARTITIONS: String(PARTITIONS),
      INBOUND_TOPIC: this.inbound,
      INBOUND_DLQ_TOPIC: `${this.inbound}-dlq`,
      INBOUND_GROUP_ID: `${this.inbound}-ingress`,
      EVENT_STORE: 'postgres',
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: this.schema,
      PII_SWEEP_INTERVAL_MS: '0',
      RELAY_BATCH_SIZE: String(RELAY_BATCH),
      RELAY_POLL_INTERVAL_MS: '20',
      RELAY_LEASE_POLL_MS: '200',
      RELAY_RETRY_MAX_MS: '1000',
      PROJECTOR_GROUP_ID: this.group,
      PROJECTOR_GROUP_MEMBERS: String(GROUP_MEMBERS),
      // A killed member holds its partitions until its session times out: the broker's minimum, 6 s.
      PROJECTOR_SESSION_TIMEOUT_MS: '6000',
      PROJECTOR_BATCH_SIZE: '40',
      PROJECTOR_RETRY_MAX_MS: '1000',
      ANALYTICS_DATABASE,
      LOG_LEVEL: 'info',
    };
  }

  /** `cluster.sh start`: starts whatever is not running and waits for its /health. */
  async start(): Promise<string> {
    try {
      const { stdout } = await promisify(execFile)('bash', [CLUSTER_SCRIPT, 'start'], {
        cwd: REPO_ROOT,
        env: this.env(),
        timeout: 240_000,
      });
      return stdout;
    } catch (error) {
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
      throw new Error(`cluster.sh start failed:\n${stdout}\n${stderr}`);
    }
  }

  async stop(): Promise<string> {
    const { stdout } = await promisify(execFile)('bash', [CLUSTER_SCRIPT, 'stop'], {
      cwd: REPO_ROOT,
      env: this.env(),
      timeout: 120_000,
    });
    return stdout;
  }

  pid(name: ClusterProcess): number | undefined {
    const file = join(this.dir, 'run', `${name}.pid`);
    return existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : undefined;
  }

  running(name: ClusterProcess): boolean {
    const pid = this.pid(name);
    return pid !== undefined && !exited(pid);
  }

  /** SIGKILL, as a crash or the kernel's OOM killer would end it; resolves once it is gone. */
  async kill(name: ClusterProcess): Promise<number> {
    const pid = this.pid(name);
    if (pid === undefined || exited(pid)) throw new Error(`${name} is not running`);
    process.kill(pid, 'SIGKILL');
    const killedAt = Date.now();
    while (!exited(pid)) await sleep(10);
    return killedAt;
  }

  url(name: ClusterProcess): string {
    return `http://127.0.0.1:${this.ports[name]}`;
  }

  /** GET /metrics as an unscoped admin; null while the process does not answer. */
  async metrics(name: ClusterProcess): Promise<Record<string, unknown> | null> {
    try {
      const response = await fetch(`${this.url(name)}/metrics`, {
        headers: ADMIN,
        signal: AbortSignal.timeout(3_000),
      });
      return response.ok ? ((await response.json()) as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }

  async activeRelay(): Promise<ClusterProcess | undefined> {
    for (const name of ['relay-1', 'relay-2'] as const) {
      if ((await this.metrics(name))?.role === 'active') return name;
    }
    return undefined;
  }

  /**
   * The volume figure of the analytics node's reports (its drill-down total) over every year in which the
   * log's complaints were registered, in the reporting time zone.
   */
  async reportedVolume(): Promise<number> {
    const years = new Set(
      (await this.store.readAll({ maxCount: 1_000_000 }))
        .filter((event) => event.type === 'ComplaintRegistered')
        .map((event) =>
          new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(
            new Date(event.metadata.occurredAt),
          ),
        ),
    );
    let total = 0;
    for (const year of years) {
      const response = await fetch(
        `${this.url('analytics-node')}/reports/drill-down?metric=volume&period=${year}&pageSize=1`,
        { headers: ADMIN, signal: AbortSignal.timeout(30_000) },
      );
      if (!response.ok) throw new Error(`The reports answered ${response.status}: ${await response.text()}`);
      total += ((await response.json()) as { total: number }).total;
    }
    return total;
  }

  relayCheckpoint(): Promise<bigint> {
    return this.store.checkpoints().load('relay');
  }

  /** Sum of the projector group's committed offsets (a partition without a commit counts 0). */
  async committed(): Promise<number> {
    const [offsets] = await this.admin.fetchOffsets({ groupId: this.group, topics: [this.topic] });
    return (offsets?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  }

  async topicEnd(): Promise<number> {
    const offsets = await this.admin.fetchTopicOffsets(this.topic);
    return offsets.reduce((sum, p) => sum + Number(p.high), 0);
  }

  /** Everything appended is on the topic and projected: checkpoint at the head, offsets at the end. */
  async caughtUp(): Promise<boolean> {
    if ((await this.relayCheckpoint()) < (await this.store.headPosition())) return false;
    return (await this.committed()) === (await this.topicEnd());
  }

  /** The processes' logs, into the test logs the log scan reads. */
  keepLogs(): void {
    const logs = join(this.dir, 'logs');
    if (!existsSync(logs)) return;
    for (const file of readdirSync(logs)) copyFileSync(join(logs, file), testLogPath(`cluster-${file}`));
  }

  async close(): Promise<void> {
    await this.stop().catch(() => undefined);
    for (const name of PROCESSES) {
      const pid = this.pid(name);
      if (pid !== undefined && !exited(pid)) process.kill(pid, 'SIGKILL');
    }
    this.keepLogs();
    await this.admin
      .deleteTopics({ topics: [this.topic, this.inbound, `${this.inbound}-dlq`] })
      .catch(() => undefined);
    await this.admin.disconnect();
    await this.store.close();
    await dropSchema(this.pool, this.schema);
    await this.pool.end();
    await rm(this.dir, { recursive: true, force: true });
  }
}
