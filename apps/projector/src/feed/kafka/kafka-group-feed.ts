import {
  type FeedConsumer,
  type FeedLag,
  type FeedState,
  type FeedStatus,
  type ProjectionFeed,
} from '../projection-feed.port';
import { type KafkaFeed } from './kafka-feed';

/** The least healthy of the members' states: the group feed is only as ready as its worst member. */
const SEVERITY: readonly FeedState[] = ['running', 'idle', 'restarting', 'stopping', 'stopped'];

/**
 * Several members of one consumer group in one process, delivering to one projector. chDB allows one
 * process per data directory, so on one machine the group's members live in the process that owns it;
 * against a ClickHouse server they can as well be processes of their own. Each member is a consumer with
 * its own partitions; whenever any of them joins the group again, the projector's shared state cache is
 * cleared, and a batch prepared before that keeps its states out of it (`StreamStateCache.generation`).
 */
export class KafkaGroupFeed implements ProjectionFeed {
  readonly kind = 'kafka' as const;

  constructor(private readonly members: readonly KafkaFeed[]) {
    if (members.length === 0) throw new Error('A group feed needs at least one member');
  }

  async start(target: FeedConsumer): Promise<void> {
    for (const member of this.members) await member.start(target);
  }

  async stop(): Promise<void> {
    await Promise.all(this.members.map((member) => member.stop()));
  }

  status(): FeedStatus {
    const statuses = this.members.map((member) => member.status());
    const state = statuses
      .map((status) => status.state)
      .reduce((worst, next) => (SEVERITY.indexOf(next) > SEVERITY.indexOf(worst) ? next : worst));
    // Each member knows the offsets it committed or saw: the furthest of each partition is the group's.
    const offsets = new Map<number, bigint>();
    for (const { position } of statuses) {
      for (const part of position.split(' ').filter(Boolean)) {
        const [partition, offset] = part.split(':').map((n) => BigInt(n));
        if (offset > (offsets.get(Number(partition)) ?? -1n)) offsets.set(Number(partition), offset);
      }
    }
    const lastError = statuses.find((status) => status.lastError !== undefined)?.lastError;
    return {
      kind: this.kind,
      state,
      source: `${statuses[0].source}, ${this.members.length} members in this process`,
      position: [...offsets]
        .sort(([a], [b]) => a - b)
        .map(([partition, offset]) => `${partition}:${offset}`)
        .join(' '),
      ...(lastError !== undefined ? { lastError } : {}),
    };
  }

  /** The group's lag is the same seen from any member: its committed offsets against the topic's end. */
  lag(): Promise<FeedLag> {
    return this.members[0].lag();
  }

  async ping(): Promise<void> {
    await Promise.all(this.members.map((member) => member.ping()));
  }
}
