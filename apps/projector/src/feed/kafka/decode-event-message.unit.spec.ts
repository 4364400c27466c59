import { toEventMessage } from '@app/messaging';
import type { RecordedEvent } from '@app/event-store';
import { decodeEventMessage } from './decode-event-message';

const event: RecordedEvent = {
  eventId: '00000000-0000-4000-8000-000000000001',
  type: 'ComplaintClassified',
  schemaVersion: 1,
  streamId: 'complaint-c-1',
  streamRevision: 1,
  globalPosition: 42n,
  recordedAt: new Date('2026-03-02T09:10:01.000Z'),
  data: { complaintId: 'c-1', category: 'item-lost' },
  metadata: {
    occurredAt: '2026-03-02T09:10:00.000Z',
    correlationId: 'corr',
    causationId: 'cause',
    actor: { id: 'S1001' },
  },
};

const consumed = (value: string | null, headers: Record<string, string> = {}) => ({
  topic: 'complaints.events.v1',
  partition: 2,
  offset: '17',
  key: Buffer.from('complaint-c-1'),
  value: value === null ? null : Buffer.from(value),
  headers,
  timestamp: String(Date.parse('2026-03-02T09:10:02.000Z')),
});

describe('decodeEventMessage', () => {
  it('gives back the event the store recorded, from the relay’s message', () => {
    const message = toEventMessage(event);
    const headers = Object.fromEntries(Object.entries(message.headers!).map(([k, v]) => [k, String(v)]));
    expect(decodeEventMessage(consumed(String(message.value), headers))).toEqual({ ok: true, event });
  });

  it('turns a message that is not JSON into a rejected row named after its place, quoting nothing of it', () => {
    const decoded = decodeEventMessage(consumed('{"phone": "+86 138 0000 0000"'));
    expect(decoded).toEqual({
      ok: false,
      row: {
        event_id: 'complaints.events.v1/2/17',
        global_position: '0',
        stream_id: 'complaint-c-1',
        stream_revision: 0,
        type: 'unknown',
        schema_version: 0,
        recorded_at: '2026-03-02T09:10:02.000Z',
        reason: 'Undecodable message at complaints.events.v1/2/17: the value is not JSON',
      },
    });
  });

  it('uses the routing headers of an envelope it cannot read, so a redelivery replaces the row', () => {
    const decoded = decodeEventMessage(
      consumed(JSON.stringify({ type: 'X' }), {
        eventId: event.eventId,
        type: 'ComplaintClassified',
        schemaVersion: '1',
      }),
    );
    expect(decoded).toMatchObject({
      ok: false,
      row: {
        event_id: event.eventId,
        type: 'ComplaintClassified',
        schema_version: 1,
        reason: 'Undecodable message at complaints.events.v1/2/17: Event message is not an event envelope',
      },
    });
    expect(decodeEventMessage(consumed(null))).toMatchObject({
      ok: false,
      row: { reason: expect.stringMatching(/has no value/) },
    });
  });

  it('names a position that is not an integer', () => {
    const envelope = JSON.parse(String(toEventMessage(event).value));
    expect(decodeEventMessage(consumed(JSON.stringify({ ...envelope, globalPosition: 'x' })))).toMatchObject({
      ok: false,
      row: { reason: expect.stringMatching(/globalPosition is not an integer$/) },
    });
  });
});
