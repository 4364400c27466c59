import {
  COMPLAINT_STREAM_PREFIX,
  CORRECTIVE_ACTION_EVENT_TYPES,
  CORRECTIVE_ACTION_STREAM_PREFIX,
  WEEKLY_PACK_ARCHIVE_EVENT_TYPES,
  WEEKLY_PACK_ARCHIVE_STREAM_PREFIX,
  QUALITY_MEETING_EVENT_TYPES,
  QUALITY_MEETING_STREAM_PREFIX,
  qualityMeetingStream,
  type QualityMeetingEvent,
  complaintStream,
  correctiveActionStream,
  weeklyPackArchiveStream,
  upcast,
  type ComplaintEventType,
  type CorrectiveActionEvent,
  type DomainEventType,
  type WeeklyPackArchiveEvent,
} from '@app/complaints';
import type { RecordedEvent } from '@app/event-store';
import { type AnalyticsRows, type RejectedEventRow, appendRows, emptyRows } from './analytics-rows';
import { projectComplaintEvent, type StreamChange } from './complaint-stream.projection';
import { evolveCorrectiveActionRow } from './corrective-action-row.projection';
import {
  instant,
  parseComplaintFacts,
  parseCorrectiveActionFacts,
  parseWeeklyPackArchiveFacts,
  parseQualityMeetingFacts,
} from './event-facts';
import { memberKey } from './kpi-member-rows';
import { type EventIdentity, type ProjectionContext } from './projection-context';
import {
  type CorrectiveActionStreamState,
  type StreamState,
  type WeeklyPackArchiveStreamState,
  type QualityMeetingStreamState,
  stateVersion,
} from './stream-state';

export type Projection =
  | { outcome: 'applied'; state: StreamState; rows: AnalyticsRows }
  /** Revision at or below the state's version: a redelivery or a replay. Nothing changes. */
  | { outcome: 'duplicate'; state: StreamState; rows: AnalyticsRows }
  /** Unknown type or version, or data that does not map: one `rejected_events` row, state unchanged. */
  | { outcome: 'rejected'; reason: string; state: StreamState | undefined; rows: AnalyticsRows };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UINT32_MAX = 4_294_967_295;

const isCorrectiveActionType = (type: DomainEventType): type is CorrectiveActionEvent['type'] =>
  (CORRECTIVE_ACTION_EVENT_TYPES as readonly string[]).includes(type);

const isWeeklyPackArchiveType = (type: DomainEventType): type is WeeklyPackArchiveEvent['type'] =>
  (WEEKLY_PACK_ARCHIVE_EVENT_TYPES as readonly string[]).includes(type);

const isQualityMeetingType = (type: DomainEventType): type is QualityMeetingEvent['type'] =>
  (QUALITY_MEETING_EVENT_TYPES as readonly string[]).includes(type);

const isUint = (value: unknown, max: number): value is number =>
  Number.isInteger(value) && (value as number) >= 0 && (value as number) <= max;

const validDate = (value: unknown): value is Date => value instanceof Date && !Number.isNaN(value.getTime());

type IdentityCheck = { ok: true; identity: EventIdentity } | { ok: false; reason: string };

const readIdentity = (event: RecordedEvent): IdentityCheck => {
  if (!UUID.test(event.eventId)) return { ok: false, reason: 'eventId is not a UUID' };
  if (!isUint(event.streamRevision, UINT32_MAX))
    return { ok: false, reason: 'streamRevision is not a revision' };
  if (!isUint(event.schemaVersion, 65_535)) return { ok: false, reason: 'schemaVersion is not a version' };
  if (typeof event.globalPosition !== 'bigint' || event.globalPosition < 0n)
    return { ok: false, reason: 'globalPosition is not a position' };
  if (!validDate(event.recordedAt)) return { ok: false, reason: 'recordedAt is not a date' };
  const occurredAt = instant.safeParse(event.metadata?.occurredAt);
  if (!occurredAt.success) return { ok: false, reason: 'metadata.occurredAt is not an ISO-8601 instant' };
  const actor = event.metadata.actor?.id;
  return {
    ok: true,
    identity: {
      eventId: event.eventId.toLowerCase(),
      type: event.type,
      schemaVersion: event.schemaVersion,
      streamId: event.streamId,
      streamRevision: event.streamRevision,
      globalPosition: event.globalPosition.toString(),
      occurredAt: occurredAt.data,
      recordedAt: event.recordedAt.toISOString(),
      actorId: typeof actor === 'string' && actor.length > 0 ? actor : null,
    },
  };
};

const rejectedRow = (event: RecordedEvent, reason: string): RejectedEventRow => ({
  event_id: String(event.eventId),
  global_position: typeof event.globalPosition === 'bigint' ? event.globalPosition.toString() : '0',
  stream_id: String(event.streamId),
  stream_revision: isUint(event.streamRevision, UINT32_MAX) ? event.streamRevision : 0,
  type: String(event.type),
  schema_version: isUint(event.schemaVersion, 65_535) ? event.schemaVersion : 0,
  recorded_at: validDate(event.recordedAt) ? event.recordedAt.toISOString() : new Date(0).toISOString(),
  reason,
});

const projectCorrectiveActionEvent = (
  state: CorrectiveActionStreamState | undefined,
  type: CorrectiveActionEvent['type'],
  data: unknown,
  identity: EventIdentity,
): StreamChange<CorrectiveActionStreamState> => {
  const parsed = parseCorrectiveActionFacts(type, data);
  if (!parsed.ok) return parsed;
  if (identity.streamId !== correctiveActionStream(parsed.facts.data.actionId))
    return { ok: false, reason: `${type}: actionId does not match stream '${identity.streamId}'` };
  const change = evolveCorrectiveActionRow(state?.action, parsed.facts, identity);
  if (!change.ok) return change;
  return {
    ok: true,
    state: { kind: 'corrective-action', action: change.row },
    rows: { corrective_actions: [change.row] },
  };
};

/** An archived pack becomes its row as recorded: nothing of the live tables is read or recomputed. */
const projectWeeklyPackArchiveEvent = (
  type: WeeklyPackArchiveEvent['type'],
  data: unknown,
  identity: EventIdentity,
): StreamChange<WeeklyPackArchiveStreamState> => {
  const parsed = parseWeeklyPackArchiveFacts(type, data);
  if (!parsed.ok) return parsed;
  const d = parsed.facts.data;
  if (identity.streamId !== weeklyPackArchiveStream(d.archiveId))
    return { ok: false, reason: `${type}: archiveId does not match stream '${identity.streamId}'` };
  return {
    ok: true,
    state: { kind: 'weekly-pack-archive', version: identity.streamRevision },
    rows: {
      weekly_pack_archives: [
        {
          archive_id: d.archiveId,
          version: identity.streamRevision,
          global_position: identity.globalPosition,
          business_line: d.businessLine,
          week: d.week,
          org_unit: d.orgUnit ?? '',
          time_zone: d.timeZone,
          definitions_version: d.definitionsVersion,
          generated_at: d.generatedAt,
          figures: JSON.stringify(d.figures),
        },
      ],
    },
  };
};

/** A meeting's events each make rows of their own: the meeting as held, or one finding or decision. */
const projectQualityMeetingEvent = (
  type: QualityMeetingEvent['type'],
  data: unknown,
  identity: EventIdentity,
): StreamChange<QualityMeetingStreamState> => {
  const parsed = parseQualityMeetingFacts(type, data);
  if (!parsed.ok) return parsed;
  const facts = parsed.facts;
  if (identity.streamId !== qualityMeetingStream(facts.data.meetingId))
    return { ok: false, reason: `${type}: meetingId does not match stream '${identity.streamId}'` };
  const state: QualityMeetingStreamState = { kind: 'quality-meeting', version: identity.streamRevision };
  const stamp = { version: identity.streamRevision, global_position: identity.globalPosition };
  switch (facts.type) {
    case 'QualityMeetingHeld': {
      const d = facts.data;
      return {
        ok: true,
        state,
        rows: {
          quality_meetings: [
            {
              meeting_id: d.meetingId,
              ...stamp,
              business_line: d.businessLine,
              week: d.week,
              org_units: d.orgUnits,
              held_at: d.heldAt,
              attendees: d.attendees,
              reviewed_archive_id: d.reviewedArchiveId,
              chaired_by: d.chairedBy,
            },
          ],
        },
      };
    }
    case 'MeetingFindingRecorded':
      return {
        ok: true,
        state,
        rows: {
          quality_meeting_items: [
            {
              meeting_id: facts.data.meetingId,
              item_id: facts.data.findingId,
              kind: 'finding',
              ...stamp,
              cause_codes: facts.data.causeCodes,
              finding_id: null,
              action_id: null,
              recorded_at: facts.data.recordedAt,
            },
          ],
        },
      };
    case 'MeetingDecisionRecorded':
      return {
        ok: true,
        state,
        rows: {
          quality_meeting_items: [
            {
              meeting_id: facts.data.meetingId,
              item_id: facts.data.decisionId,
              kind: 'decision',
              ...stamp,
              cause_codes: [],
              finding_id: facts.data.findingId,
              action_id: facts.data.actionId,
              recorded_at: facts.data.recordedAt,
            },
          ],
        },
      };
  }
};

const projectDomainEvent = (
  current: StreamState | undefined,
  event: RecordedEvent,
  identity: EventIdentity,
  ctx: ProjectionContext,
): StreamChange<StreamState> => {
  const { type, data } = upcast(event.type, event.schemaVersion, event.data);
  if (isQualityMeetingType(type)) {
    if (
      !event.streamId.startsWith(QUALITY_MEETING_STREAM_PREFIX) ||
      (current !== undefined && current.kind !== 'quality-meeting')
    )
      return { ok: false, reason: `${type} in stream '${event.streamId}', which is not a quality meeting's` };
    return projectQualityMeetingEvent(type, data, identity);
  }
  if (isWeeklyPackArchiveType(type)) {
    if (!event.streamId.startsWith(WEEKLY_PACK_ARCHIVE_STREAM_PREFIX) || current !== undefined)
      return {
        ok: false,
        reason: `${type} in stream '${event.streamId}', which is not an unwritten pack archive's`,
      };
    return projectWeeklyPackArchiveEvent(type, data, identity);
  }
  if (isCorrectiveActionType(type)) {
    if (
      !event.streamId.startsWith(CORRECTIVE_ACTION_STREAM_PREFIX) ||
      (current?.kind !== undefined && current.kind !== 'corrective-action')
    )
      return {
        ok: false,
        reason: `${type} in stream '${event.streamId}', which is not a corrective action's`,
      };
    return projectCorrectiveActionEvent(current, type, data, identity);
  }
  if (
    !event.streamId.startsWith(COMPLAINT_STREAM_PREFIX) ||
    (current !== undefined && current.kind !== 'complaint')
  )
    return { ok: false, reason: `${type} in stream '${event.streamId}', which is not a complaint's` };
  const parsed = parseComplaintFacts(type as ComplaintEventType, data);
  if (!parsed.ok) return parsed;
  if (identity.streamId !== complaintStream(parsed.facts.data.complaintId))
    return { ok: false, reason: `${type}: complaintId does not match stream '${identity.streamId}'` };
  return projectComplaintEvent(current, parsed.facts, identity, ctx);
};

const rejected = (current: StreamState | undefined, event: RecordedEvent, reason: string): Projection => ({
  outcome: 'rejected',
  reason,
  state: current,
  rows: { ...emptyRows(), rejected_events: [rejectedRow(event, reason)] },
});

/**
 * Events in, rows out, and nothing else: `current` is the stream's state before the event (undefined
 * for a stream not seen yet), the result its state after and the rows to insert into each table. Never
 * throws: whatever cannot be mapped comes back as `rejected`, with a reason naming fields, not values.
 */
export const projectEvent = (
  current: StreamState | undefined,
  event: RecordedEvent,
  ctx: ProjectionContext,
): Projection => {
  try {
    const check = readIdentity(event);
    if (!check.ok) return rejected(current, event, check.reason);
    if (current && event.streamRevision <= stateVersion(current))
      return { outcome: 'duplicate', state: current, rows: emptyRows() };
    const change = projectDomainEvent(current, event, check.identity, ctx);
    if (!change.ok) return rejected(current, event, change.reason);
    return { outcome: 'applied', state: change.state, rows: appendRows(emptyRows(), change.rows) };
  } catch (error) {
    // Upcasting refuses unknown types and versions by throwing; anything else is a bug, but one poison
    // event must not stop the projector: it is recorded and the feed moves on.
    return rejected(current, event, error instanceof Error ? error.message : 'projection failed');
  }
};

export type BatchProjection = {
  /** Rows for each table; state tables hold only the last version of each key from this batch. */
  rows: AnalyticsRows;
  /** The state of every stream after the batch (the given states, updated). */
  states: Map<string, StreamState>;
  outcomes: Record<Projection['outcome'], number>;
};

const lastPerKey = <R>(rows: R[], key: (row: R) => string): R[] => [
  ...new Map(rows.map((row) => [key(row), row])).values(),
];

/** Folds a batch of events in feed order over the streams' states. */
export const projectBatch = (
  events: readonly RecordedEvent[],
  ctx: ProjectionContext,
  states: ReadonlyMap<string, StreamState> = new Map(),
): BatchProjection => {
  const next = new Map(states);
  const rows = emptyRows();
  const outcomes = { applied: 0, duplicate: 0, rejected: 0 };
  for (const event of events) {
    const projection = projectEvent(next.get(event.streamId), event, ctx);
    if (projection.state) next.set(event.streamId, projection.state);
    appendRows(rows, projection.rows);
    outcomes[projection.outcome] += 1;
  }
  return {
    rows: {
      ...rows,
      complaints: lastPerKey(rows.complaints, (row) => row.complaint_id),
      complaint_causes: lastPerKey(
        rows.complaint_causes,
        (row) => `${row.complaint_id}\u0000${row.cause_id}`,
      ),
      corrective_actions: lastPerKey(rows.corrective_actions, (row) => row.action_id),
      kpi_members: lastPerKey(rows.kpi_members, memberKey),
    },
    states: next,
    outcomes,
  };
};
