import { type RecordedEvent } from '@app/event-store';
import { migrate } from '../migrations/migrate';
import { type ChdbTestDatabase, openChdbTestDatabase } from '../test-support/chdb-test-database';
import { type AlertListFilters, listAlerts } from './alert-list.sql';
import { alertRowsOf, writeAlertRows } from './alert-rows.projection';
import { type Alert, alertIdOf } from './alert-rules';
import { ALERT_ACKNOWLEDGED, ALERT_DELIVERY_FAILED, ALERT_RAISED, alertStream } from './alert.events';

let position = 0n;
const recorded = (streamId: string, type: string, data: object): RecordedEvent => {
  position += 1n;
  return {
    eventId: `00000000-0000-4000-8000-${position.toString().padStart(12, '0')}`,
    streamId,
    streamRevision: 0,
    globalPosition: position,
    recordedAt: new Date('2026-03-06T06:00:00.000Z'),
    type,
    schemaVersion: 1,
    data: data as Record<string, unknown>,
    metadata: { occurredAt: '2026-03-06T06:00:00.000Z', correlationId: 'c', causationId: 'c' },
  };
};

const alert = (rule: Alert['rule'], key: string, orgUnits: string[], raisedAt: string): Alert => ({
  alertId: alertIdOf(rule, key, '2026-03-06'),
  rule,
  key,
  period: '2026-03-06',
  businessLine: 'postal',
  orgUnits,
  figures: { count: 5, probability: 0.0002 },
  link: '/dashboard/trends?dimension=causeCode',
  raisedAt,
});

const ALL: AlertListFilters = { status: 'all', page: 1, pageSize: 50 };

/**
 * The alert list read from the tables the alert streams project into: scoped to the caller's units
 * (an alert of another unit is neither listed nor counted), newest first, with its acknowledgement and
 * dead letters; projecting the same events twice lists each alert once.
 */
describe('alert list (chDB)', () => {
  let db: ChdbTestDatabase;
  const spike = alert('cause-spike-daily', 'postal/sorting-error', ['branch-7'], '2026-03-06T05:00:00.000Z');
  const repeat = alert('repeat-customer', 'c-42', ['branch-9'], '2026-03-06T04:00:00.000Z');
  const events = [
    recorded(alertStream(spike.alertId), ALERT_RAISED, spike),
    recorded(alertStream(repeat.alertId), ALERT_RAISED, repeat),
    recorded(alertStream(repeat.alertId), ALERT_DELIVERY_FAILED, {
      alertId: repeat.alertId,
      webhookId: 'ops',
      deliveryId: repeat.alertId,
      attempts: 5,
      reason: 'HTTP 503',
      failedAt: '2026-03-06T04:01:00.000Z',
    }),
    recorded(alertStream(spike.alertId), ALERT_ACKNOWLEDGED, {
      alertId: spike.alertId,
      acknowledgedBy: 'S2001',
      role: 'supervisor',
      acknowledgedAt: '2026-03-06T07:00:00.000Z',
    }),
    recorded('complaint-c-1', 'ComplaintRegistered', { complaintId: 'c-1' }),
  ];

  beforeAll(async () => {
    db = await openChdbTestDatabase('alerts');
    await migrate(db.store, db.database);
    await writeAlertRows(db.store, db.database, alertRowsOf(events));
    await writeAlertRows(db.store, db.database, alertRowsOf(events));
  });

  afterAll(async () => {
    await db.cleanup();
  });

  it('lists every alert once to an unscoped reader, newest first, with acknowledgement and dead letters', async () => {
    const list = await listAlerts(db.store, db.database, 'all', ALL);
    expect(list.total).toBe(2);
    expect(list.items).toEqual([
      {
        ...spike,
        raisedAt: '2026-03-06T05:00:00.000Z',
        acknowledged: { by: 'S2001', role: 'supervisor', at: '2026-03-06T07:00:00.000Z' },
        undelivered: [],
      },
      { ...repeat, acknowledged: null, undelivered: ['ops'] },
    ]);
  });

  it('lists only the alerts of the caller’s units, and filters by status, rule and line', async () => {
    const scoped = await listAlerts(db.store, db.database, ['branch-9'], ALL);
    expect(scoped.items.map((item) => item.alertId)).toEqual([repeat.alertId]);
    expect(scoped.total).toBe(1);
    expect((await listAlerts(db.store, db.database, [], ALL)).total).toBe(0);
    const open = await listAlerts(db.store, db.database, 'all', { ...ALL, status: 'open' });
    expect(open.items.map((item) => item.alertId)).toEqual([repeat.alertId]);
    const acknowledged = await listAlerts(db.store, db.database, 'all', { ...ALL, status: 'acknowledged' });
    expect(acknowledged.items.map((item) => item.alertId)).toEqual([spike.alertId]);
    const byRule = await listAlerts(db.store, db.database, 'all', { ...ALL, rule: 'repeat-customer' });
    expect(byRule.items.map((item) => item.alertId)).toEqual([repeat.alertId]);
    expect((await listAlerts(db.store, db.database, 'all', { ...ALL, businessLine: 'bank' })).total).toBe(0);
    const second = await listAlerts(db.store, db.database, 'all', { ...ALL, page: 2, pageSize: 1 });
    expect(second).toMatchObject({ total: 2, page: 2 });
    expect(second.items.map((item) => item.alertId)).toEqual([repeat.alertId]);
    expect((await listAlerts(db.store, db.database, 'all', { ...ALL, page: 9, pageSize: 1 })).total).toBe(2);
  });
});
