import { type RecordedEvent } from '@app/event-store';
import { alertRowCount, alertRowsOf } from './alert-rows.projection';
import { type Alert, alertIdOf } from './alert-rules';
import { ALERT_ACKNOWLEDGED, ALERT_DELIVERY_FAILED, ALERT_RAISED, alertStream } from './alert.events';

const ALERT: Alert = {
  alertId: alertIdOf('reply-overdue', 'c-1', '2026-03-05T09:00:00.000Z'),
  rule: 'reply-overdue',
  key: 'c-1',
  period: '2026-03-05T09:00:00.000Z',
  businessLine: 'bank',
  orgUnits: ['branch-1', 'branch-2'],
  figures: { hoursOverdue: 3 },
  link: '/dashboard/complaints/c-1',
  raisedAt: '2026-03-05T20:00:00+08:00',
};

const recorded = (streamId: string, type: string, data: object, position: bigint): RecordedEvent => ({
  eventId: `e-${position}`,
  streamId,
  streamRevision: Number(position) - 1,
  globalPosition: position,
  recordedAt: new Date('2026-03-05T12:00:00.000Z'),
  type,
  schemaVersion: 1,
  data: data as Record<string, unknown>,
  metadata: { occurredAt: '2026-03-05T12:00:00.000Z', correlationId: 'c', causationId: 'c' },
});

describe('alert rows: the alert streams’ events in, the alert tables’ rows out', () => {
  const stream = alertStream(ALERT.alertId);

  it('an AlertRaised gives its alert row, instants in UTC, figures as JSON', () => {
    const rows = alertRowsOf([recorded(stream, ALERT_RAISED, ALERT, 7n)]);
    expect(rows.alerts).toEqual([
      {
        alert_id: ALERT.alertId,
        rule: 'reply-overdue',
        key: 'c-1',
        period: '2026-03-05T09:00:00.000Z',
        business_line: 'bank',
        org_units: ['branch-1', 'branch-2'],
        figures: '{"hoursOverdue":3}',
        link: '/dashboard/complaints/c-1',
        raised_at: '2026-03-05T12:00:00.000Z',
        global_position: '7',
      },
    ]);
    expect(alertRowCount(rows)).toBe(1);
  });

  it('an acknowledgement and a dead letter give their rows', () => {
    const rows = alertRowsOf([
      recorded(
        stream,
        ALERT_ACKNOWLEDGED,
        {
          alertId: ALERT.alertId,
          acknowledgedBy: 'S2001',
          role: 'supervisor',
          acknowledgedAt: '2026-03-05T13:00:00Z',
        },
        8n,
      ),
      recorded(
        stream,
        ALERT_DELIVERY_FAILED,
        {
          alertId: ALERT.alertId,
          webhookId: 'ops',
          deliveryId: ALERT.alertId,
          attempts: 5,
          reason: 'HTTP 503',
          failedAt: '2026-03-05T12:01:00.000Z',
        },
        9n,
      ),
    ]);
    expect(rows).toEqual({
      alerts: [],
      alert_acknowledgements: [
        {
          alert_id: ALERT.alertId,
          acknowledged_by: 'S2001',
          role: 'supervisor',
          acknowledged_at: '2026-03-05T13:00:00.000Z',
          global_position: '8',
        },
      ],
      alert_dead_letters: [
        {
          alert_id: ALERT.alertId,
          webhook_id: 'ops',
          attempts: 5,
          reason: 'HTTP 503',
          failed_at: '2026-03-05T12:01:00.000Z',
          global_position: '9',
        },
      ],
    });
  });

  it('other streams’ events, and unknown types in an alert stream, give nothing', () => {
    const rows = alertRowsOf([
      recorded('complaint-c-1', ALERT_RAISED, ALERT, 1n),
      recorded('auth-revocations', 'AccessTokenRevoked', { tokenId: 't' }, 2n),
      recorded(stream, 'AlertEscalated', { alertId: ALERT.alertId }, 3n),
    ]);
    expect(alertRowCount(rows)).toBe(0);
  });
});
