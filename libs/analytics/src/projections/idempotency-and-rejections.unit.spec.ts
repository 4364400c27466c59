import { complaintStream } from '@app/complaints';
import type { RecordedEvent } from '@app/event-store';
import { closed, ev, registered } from '@app/complaints/test-support/complaint-events';
import { COMPLAINT_ID, T } from '@app/complaints/test-support/fixtures';
import { EventLog } from '../test-support/event-log';
import { complaintOf, ctx, fullLifecycle, record } from '../test-support/projection-fixtures';
import { emptyRows } from './analytics-rows';
import { projectBatch, projectEvent } from './project-event';
import { type StreamState } from './stream-state';

const STREAM = complaintStream(COMPLAINT_ID);

describe('projection idempotency', () => {
  const events = record(fullLifecycle());
  const projected = projectBatch(events, ctx);
  const state = projected.states.get(STREAM);

  it('a redelivered event changes nothing and writes no row', () => {
    const redelivered = events[3];
    const projection = projectEvent(state, redelivered, ctx);
    expect(projection).toEqual({ outcome: 'duplicate', state, rows: emptyRows() });
    expect(projection.state).toBe(state);
  });

  it('replaying the whole stream over its state changes nothing', () => {
    const replay = projectBatch(events, ctx, projected.states);
    expect(replay.outcomes).toEqual({ applied: 0, duplicate: events.length, rejected: 0 });
    expect(replay.rows).toEqual(emptyRows());
    expect(replay.states.get(STREAM)).toBe(state);
  });

  it('the same batch projected twice from scratch gives the same rows (tables dedupe on their identity)', () => {
    expect(projectBatch(events, ctx).rows).toEqual(projected.rows);
  });

  it('a batch keeps only the last version of each state row', () => {
    expect(projected.rows.complaints).toHaveLength(1);
    expect(projected.rows.complaints[0]).toBe(complaintOf(projected, STREAM));
    expect(projected.rows.complaint_events).toHaveLength(events.length);
  });

  it('an event after a rejected one in its stream is still applied (revisions may skip)', () => {
    const log = new EventLog();
    const batch = [
      log.record(ev.registered()),
      log.record({ type: 'ComplaintTeleported', data: { complaintId: COMPLAINT_ID } } as never),
      log.record(ev.classified()),
    ];
    const projection = projectBatch(batch, ctx);
    expect(projection.outcomes).toEqual({ applied: 2, duplicate: 0, rejected: 1 });
    expect(complaintOf(projection, STREAM)).toMatchObject({ version: 2, category: 'item-damaged' });
  });
});

describe('rejected events', () => {
  const [registeredEvent] = record(registered());
  const registeredState = projectEvent(undefined, registeredEvent, ctx).state;

  const rejectionOf = (event: RecordedEvent, current: StreamState | undefined) => {
    const projection = projectEvent(current, event, ctx);
    if (projection.outcome !== 'rejected') throw new Error(`Expected a rejection, got ${projection.outcome}`);
    expect(projection.state).toBe(current);
    expect(projection.rows).toEqual({ ...emptyRows(), rejected_events: [expect.any(Object)] });
    return projection;
  };

  it('an unknown event type, with a rejected_events row naming it', () => {
    const event = { ...registeredEvent, streamRevision: 1, type: 'ComplaintTeleported' };
    const projection = rejectionOf(event, registeredState);
    expect(projection.reason).toBe("Unknown event type 'ComplaintTeleported'");
    expect(projection.rows.rejected_events).toEqual([
      {
        event_id: registeredEvent.eventId,
        global_position: '1',
        stream_id: STREAM,
        stream_revision: 1,
        type: 'ComplaintTeleported',
        schema_version: 1,
        recorded_at: '2026-03-02T09:00:01.000Z',
        reason: "Unknown event type 'ComplaintTeleported'",
      },
    ]);
  });

  it('a schema version newer than this code knows', () => {
    const [classified] = record([...registered(), ev.classified()]).slice(1);
    expect(rejectionOf({ ...classified, schemaVersion: 2 }, registeredState).reason).toMatch(
      /ComplaintClassified v2 is newer/,
    );
  });

  it('data that does not map: the reason names the fields, never their values', () => {
    const secretPhone = '+86 138 0000 0000';
    const event = {
      ...registeredEvent,
      data: { ...registeredEvent.data, receivedAt: secretPhone, customer: { name: 'Wang Fang' } },
    };
    const projection = rejectionOf(event, undefined);
    expect(projection.reason).toBe(
      'ComplaintRegistered: data.receivedAt: must be an ISO-8601 instant; data.customer.reference: Invalid input: expected string, received undefined',
    );
    expect(JSON.stringify(projection.rows)).not.toContain(secretPhone);
  });

  it('an event before its complaint was registered', () => {
    const [, classified] = record([...registered(), ev.classified()]);
    expect(rejectionOf(classified, undefined).reason).toBe(
      'ComplaintClassified: no ComplaintRegistered was projected before it',
    );
  });

  it('an event whose complaintId is not its stream’s', () => {
    const [, classified] = record([...registered(), ev.classified({ complaintId: 'c-other' })]);
    expect(rejectionOf({ ...classified, streamId: STREAM, streamRevision: 1 }, registeredState).reason).toBe(
      `ComplaintClassified: complaintId does not match stream '${STREAM}'`,
    );
  });

  it('an event id that is not a UUID, or an occurredAt that is not an instant', () => {
    const [, classified] = record([...registered(), ev.classified()]);
    expect(rejectionOf({ ...classified, eventId: 'evt-2' }, registeredState).reason).toBe(
      'eventId is not a UUID',
    );
    expect(
      rejectionOf(
        { ...classified, metadata: { ...classified.metadata, occurredAt: 'yesterday' } },
        registeredState,
      ).reason,
    ).toBe('metadata.occurredAt is not an ISO-8601 instant');
  });

  it('a second registration in the same stream', () => {
    const again = { ...registeredEvent, streamRevision: 5 };
    expect(rejectionOf(again, registeredState).reason).toBe(
      `ComplaintRegistered: complaint '${COMPLAINT_ID}' is already registered`,
    );
  });

  it('a complaint event in a corrective action’s stream', () => {
    const [, classified] = record(closed());
    expect(rejectionOf({ ...classified, streamId: 'corrective-action-ca-1' }, undefined).reason).toBe(
      "ComplaintClassified in stream 'corrective-action-ca-1', which is not a complaint's",
    );
  });

  it('normalises instants with an offset to UTC', () => {
    const [event] = record([ev.registered({ receivedAt: '2026-03-02T17:00:00+08:00' })]);
    const projection = projectEvent(undefined, event, ctx);
    expect(projection.rows.complaints[0].registered_at).toBe(T.received);
  });
});
