import {
  type AppendResult,
  type EventStore,
  type StreamAppend,
  assertDistinctStreams,
  type EventToAppend,
  type ExpectedRevision,
  type FollowOptions,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type Subscription,
} from '@app/event-store';
import { retentionMark } from '../retention/retention-mark';
import { type DataKey, type KeyStore } from '../keys/key-store.port';
import { ERASED, type Envelope, decryptField, encryptField, parseEnvelope } from './field-cipher';
import { mapPaths, valuesAt } from './json-paths';
import { personalDataPaths, personalDataPathsOrNone } from './personal-data.table';

type Data = Record<string, unknown>;

export type PersonalDataEventStoreOptions = {
  /** The customer's pseudonym for a reference (HMAC under CUSTOMER_KEY_SECRET, as in the analytics). */
  customerPseudonym: (reference: string) => string;
  /** Runs after the inner store and the key store are closed (a pool both shared). */
  onClose?: () => Promise<void>;
};

type SealPlan = {
  classified: { event: EventToAppend; paths: readonly string[] }[];
  needsKey: boolean;
  pseudonym?: string;
};

/** What an erased customer reference reads as: marked erased, still equal for the same customer. */
export const erasedReference = (pseudonym: string): string => `[erased:${pseudonym}]`;

/** Exactly the shapes this layer writes: text that merely starts like one is personal data like any other. */
const ERASED_REFERENCE = /^\[erased:[0-9a-f]{64}\]$/;

export const isErased = (value: unknown): boolean =>
  value === ERASED || (typeof value === 'string' && ERASED_REFERENCE.test(value));

const customerOf = (data: Data): Data | undefined => {
  const customer = data.customer;
  return typeof customer === 'object' && customer !== null ? (customer as Data) : undefined;
};

/**
 * The event store as the command side sees it: personal data (see `PERSONAL_DATA_PATHS`) is encrypted
 * field by field with the stream's data key on append, and decrypted on every read. Once the key is
 * erased the fields read as `[erased]` (a customer reference as `[erased:<pseudonym>]`, so that "same
 * customer" still compares as before), while every other fact stays, so deciders and timelines work on.
 *
 * The registration also gets the customer's pseudonym in clear (`customer.pseudonym`), for analytics
 * and for a customer's erasure request. The store sees the complaint's closings and reopenings as they
 * are appended and records them with the key, for the retention sweep.
 *
 * Idempotent retries stay what they were: the same event ids appended again are recognised by the inner
 * store by id, whatever the fresh ciphertext looks like, and the stream's key is the same key.
 */
export class PersonalDataEventStore implements EventStore {
  constructor(
    /** The store underneath, holding ciphertext: what the relay and the projector read. */
    readonly raw: EventStore,
    readonly keys: KeyStore,
    private readonly options: PersonalDataEventStoreOptions,
  ) {}

  async append(streamId: string, events: EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    const sealed = await this.encrypt(streamId, events);
    const result = await this.raw.append(streamId, sealed, expected);
    await this.trackRetention(streamId, events, result);
    return result;
  }

  /**
   * Every part encrypted with its stream's key, the keys fetched or made in one batch, then one
   * `appendMany` beneath and the closings recorded in one statement.
   */
  async appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    assertDistinctStreams(appends);
    const prepared = appends.map((part) => ({ part, plan: this.plan(part.events) }));
    const keys = await this.keys.keysForStreams(
      prepared
        .filter(({ plan }) => plan.needsKey)
        .map(({ part, plan }) => ({ streamId: part.streamId, customerPseudonym: plan.pseudonym })),
    );
    const sealed = prepared.map(({ part, plan }) => ({
      ...part,
      events: this.seal(part.streamId, plan, keys.get(part.streamId)),
    }));
    const results = await this.raw.appendMany(sealed);
    const marks = await Promise.all(
      appends.map(async ({ streamId, events }, index) => {
        const mark = await this.retentionOf(streamId, events, results[index]!);
        return mark && { streamId, closedAt: mark.closedAt };
      }),
    );
    await this.keys.recordClosedMany(marks.filter((mark) => mark !== undefined));
    return results;
  }

  /** Every stream decrypted with one look-up of their keys. */
  async readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    const raw = await this.raw.readStreams(streamIds);
    const decrypted = await this.decrypt([...raw.values()].flat());
    const streams = new Map<string, RecordedEvent[]>([...raw.keys()].map((id) => [id, []]));
    for (const event of decrypted) streams.get(event.streamId)!.push(event);
    return streams;
  }

  streamRevisions(streamIds: readonly string[]): Promise<Map<string, number>> {
    return this.raw.streamRevisions(streamIds);
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.decrypt(await this.raw.readStream(streamId, options));
  }

  streamRevision(streamId: string): Promise<number> {
    return this.raw.streamRevision(streamId);
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.decrypt(await this.raw.readAll(options));
  }

  headPosition(): Promise<bigint> {
    return this.raw.headPosition();
  }

  follow(handler: (batch: RecordedEvent[]) => Promise<void>, options?: FollowOptions): Subscription {
    return this.raw.follow(async (batch) => handler(await this.decrypt(batch)), options);
  }

  async ping(): Promise<void> {
    await this.raw.ping();
  }

  async close(): Promise<void> {
    await this.keys.close();
    await this.raw.close();
    await this.options.onClose?.();
  }

  /** Stored events as a reader with access sees them: personal fields in clear, or marked erased. */
  async decrypt(events: RecordedEvent[]): Promise<RecordedEvent[]> {
    const keyIds = new Set<string>();
    for (const event of events)
      for (const { value } of valuesAt(event.data, personalDataPathsOrNone(event.type))) {
        const envelope = parseEnvelope(value);
        if (envelope) keyIds.add(envelope.keyId);
      }
    if (keyIds.size === 0) return events;
    const lookup = await this.keys.keysById([...keyIds]);
    return events.map((event) => {
      const pseudonym = customerOf(event.data)?.pseudonym;
      const data = mapPaths(event.data, personalDataPathsOrNone(event.type), (value, path) => {
        const envelope = parseEnvelope(value);
        if (!envelope) return value;
        const key = lookup.keys.get(envelope.keyId);
        if (key)
          return decryptField(key.material, envelope, {
            streamId: event.streamId,
            eventId: event.eventId,
            path,
          });
        if (lookup.erased.has(envelope.keyId))
          return path === 'customer.reference' && typeof pseudonym === 'string'
            ? erasedReference(pseudonym)
            : ERASED;
        throw new UnknownDataKeyError(event, envelope);
      });
      return data === event.data ? event : { ...event, data };
    });
  }

  private async encrypt(streamId: string, events: EventToAppend[]): Promise<EventToAppend[]> {
    const plan = this.plan(events);
    const key = plan.needsKey ? await this.keys.keyForStream(streamId, plan.pseudonym) : undefined;
    return this.seal(streamId, plan, key);
  }

  /** The events with the registration's pseudonym added, their personal paths, and whether a key is needed. */
  private plan(events: EventToAppend[]): SealPlan {
    const classified = events.map((event) => ({
      event: this.withPseudonym(event),
      paths: personalDataPaths(event.type),
    }));
    return {
      classified,
      needsKey: classified.some(({ event, paths }) => valuesAt(event.data, paths).length > 0),
      pseudonym: classified
        .map(({ event }) => customerOf(event.data)?.pseudonym)
        .find((value): value is string => typeof value === 'string'),
    };
  }

  private seal(streamId: string, plan: SealPlan, key: DataKey | undefined): EventToAppend[] {
    if (!plan.needsKey) return plan.classified.map(({ event }) => event);
    if (!key) throw new Error(`No data key for stream ${streamId}`);
    return plan.classified.map(({ event, paths }) => ({
      ...event,
      data: mapPaths(event.data, paths, (value, path) =>
        encryptField(key, value, { streamId, eventId: event.eventId, path }),
      ),
    }));
  }

  /** The registration's pseudonym, made from the reference in clear before it is encrypted. */
  private withPseudonym(event: EventToAppend): EventToAppend {
    if (event.type !== 'ComplaintRegistered') return event;
    const customer = customerOf(event.data);
    if (typeof customer?.reference !== 'string') return event;
    const pseudonym = this.options.customerPseudonym(customer.reference);
    return { ...event, data: { ...event.data, customer: { ...customer, pseudonym } } };
  }

  /**
   * Records a closing or reopening for the retention sweep. A replayed append (every id stored before)
   * may be older than the stream's last word on it, so the stream itself is asked then.
   */
  private async trackRetention(streamId: string, events: EventToAppend[], result: AppendResult) {
    const current = await this.retentionOf(streamId, events, result);
    if (current) await this.keys.recordClosed(streamId, current.closedAt);
  }

  private async retentionOf(streamId: string, events: EventToAppend[], result: AppendResult) {
    const mark = retentionMark(events);
    if (!mark) return undefined;
    return result.appended ? mark : retentionMark(await this.raw.readStream(streamId));
  }
}

export class UnknownDataKeyError extends Error {
  readonly code = 'PRIVACY.UNKNOWN_DATA_KEY';
  constructor(event: RecordedEvent, envelope: Envelope) {
    super(
      `Event ${event.eventId} of ${event.streamId} is encrypted with key ${envelope.keyId}, which this key store ` +
        'neither holds nor erased (another database or schema?)',
    );
    this.name = 'UnknownDataKeyError';
  }
}

/** The store as followers read it (ciphertext): the layer's raw store, or the store itself. */
export const storeBeneath = (store: EventStore): EventStore =>
  store instanceof PersonalDataEventStore ? store.raw : store;
