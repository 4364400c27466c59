import { type ComplaintEvent, type DomainEvent } from '@app/complaints';
import { COMPLAINT_ID, T } from '@app/complaints/test-support/fixtures';
import { ev } from '@app/complaints/test-support/complaint-events';
import type { RecordedEvent } from '@app/event-store';
import { type ComplaintRow } from '../projections/analytics-rows';
import { hmacCustomerKey } from '@app/privacy/pseudonyms/customer-key';
import { type BatchProjection, projectBatch } from '../projections/project-event';
import { type ProjectionContext } from '../projections/projection-context';
import { type StreamState } from '../projections/stream-state';
import { EventLog } from './event-log';

export const SECRET = 'test-secret-for-customer-keys';
export const ctx: ProjectionContext = { customerKey: hmacCustomerKey(SECRET) };

/** Instants of the full lifecycle beyond the domain fixtures' timeline. */
export const L = {
  dispatchReturned: T.dispatchReturned,
  lateReply: '2026-03-06T10:00:00.000Z',
  followedUp: '2026-03-07T08:00:00.000Z',
  closed: '2026-03-07T10:00:00.000Z',
  reopened: T.reopened,
} as const;

export const HANDLER = 'S4001';

/**
 * registered → classified → acknowledged (deferred) → interim reply → dispatched to a handler → returned
 * → escalated → finding → causes → final reply (late) → follow-up → closed → reopened.
 */
export const fullLifecycle = (): ComplaintEvent[] => [
  ev.registered(),
  ev.classified(),
  ev.acknowledged(),
  ev.interimReplySent(),
  ev.dispatched({ assigneeKind: 'handler', assignee: HANDLER }),
  {
    type: 'DispatchReturned',
    data: {
      complaintId: COMPLAINT_ID,
      dispatchId: 'D1',
      result: 'Damage confirmed by the hub',
      returnedAt: L.dispatchReturned,
      overdue: false,
    },
  },
  ev.escalated(),
  ev.findingRecorded(),
  ev.causesAttributed(),
  ev.finalReplySent({ deadlineInForce: T.extendedDeadline, onTime: false, repliedAt: L.lateReply }),
  ev.followUpRecorded({ recordedAt: L.followedUp, comment: 'Call me before noon next time' }),
  ev.closed({ closedAt: L.closed }),
  ev.reopened(),
];

export const record = (events: readonly DomainEvent[]): RecordedEvent[] => new EventLog().recordAll(events);

export const project = (
  events: readonly DomainEvent[],
  states?: ReadonlyMap<string, StreamState>,
): BatchProjection => projectBatch(record(events), ctx, states);

export const complaintOf = (projection: BatchProjection, streamId: string): ComplaintRow => {
  const state = projection.states.get(streamId);
  if (state?.kind !== 'complaint') throw new Error(`No complaint state for ${streamId}`);
  return state.complaint;
};
