import { COMPLAINT_EVENT_TYPES, type ComplaintEvent } from '../complaint/complaint.events';
import {
  CORRECTIVE_ACTION_EVENT_TYPES,
  type CorrectiveActionEvent,
} from '../corrective-action/corrective-action';
import { QUALITY_MEETING_EVENT_TYPES, type QualityMeetingEvent } from '../quality-meeting/quality-meeting';
import {
  WEEKLY_PACK_ARCHIVE_EVENT_TYPES,
  type WeeklyPackArchiveEvent,
} from '../weekly-pack-archive/weekly-pack-archive';

export type DomainEvent =
  ComplaintEvent | CorrectiveActionEvent | WeeklyPackArchiveEvent | QualityMeetingEvent;
export type DomainEventType = DomainEvent['type'];

export type SchemaVersions = Readonly<Record<DomainEventType, number>>;

/** The schema version new events are written with. Bump it together with an upcaster below. */
export const CURRENT_SCHEMA_VERSION: SchemaVersions = {
  ...(Object.fromEntries(
    [
      ...COMPLAINT_EVENT_TYPES,
      ...CORRECTIVE_ACTION_EVENT_TYPES,
      ...WEEKLY_PACK_ARCHIVE_EVENT_TYPES,
      ...QUALITY_MEETING_EVENT_TYPES,
    ].map((type) => [type, 1]),
  ) as Record<DomainEventType, number>),
  ComplaintRegistered: 2,
  CauseAppealDecided: 2,
};

/** A domain event as it is stored: its type, the schema version this code writes, and its data. */
export type VersionedEvent = { type: DomainEventType; schemaVersion: number; data: Record<string, unknown> };

/**
 * The one way a decided event becomes storable: every writer (the command service, the seeder, the tests'
 * stores) adds its own id and metadata to this, so none can write an event under a stale version.
 */
export const versioned = (event: DomainEvent): VersionedEvent => ({
  type: event.type,
  schemaVersion: CURRENT_SCHEMA_VERSION[event.type],
  data: event.data as unknown as Record<string, unknown>,
});

/** Own keys only: `'constructor' in {}` is true, and no event is called that. */
export const isKnownEventType = (type: string): type is DomainEventType =>
  Object.hasOwn(CURRENT_SCHEMA_VERSION, type);

/** Turns the data of `type` at `fromVersion` into the data of `fromVersion + 1`. */
export type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

export type UpcasterRegistry = Readonly<Partial<Record<DomainEventType, Readonly<Record<number, Upcaster>>>>>;

/**
 * The one place where old event versions become current: when a schema changes, add
 * `{ [type]: { [oldVersion]: (data) => newData } }` here.
 */
export const UPCASTERS: UpcasterRegistry = {
  // v2 may carry `customer.pseudonym`; a v1 event has none, and readers fall back to the reference.
  ComplaintRegistered: { 1: (data) => data },
  // v2 states the consequence in force after the decision; v1 was written before consequences existed.
  CauseAppealDecided: { 1: (data) => ({ ...data, consequenceAfter: null }) },
};

export class UnknownEventError extends Error {
  readonly code = 'EVENT.UNKNOWN_TYPE_OR_VERSION';
}

/**
 * Stored (type, version, data) → the current domain event; throws on an unknown type or a future version.
 * `registry` and `currentVersions` default to this module's; tests pass their own to exercise a chain.
 */
export const upcast = (
  type: string,
  schemaVersion: number,
  data: Record<string, unknown>,
  registry: UpcasterRegistry = UPCASTERS,
  currentVersions: SchemaVersions = CURRENT_SCHEMA_VERSION,
): DomainEvent => {
  if (!isKnownEventType(type)) throw new UnknownEventError(`Unknown event type '${type}'`);
  const current = currentVersions[type];
  if (schemaVersion > current)
    throw new UnknownEventError(`${type} v${schemaVersion} is newer than this code knows (v${current})`);
  let upcasted = data;
  for (let version = schemaVersion; version < current; version++) {
    const step = registry[type]?.[version];
    if (!step) throw new UnknownEventError(`No upcaster for ${type} v${version} → v${version + 1}`);
    upcasted = step(upcasted);
  }
  return { type, data: upcasted } as DomainEvent;
};
