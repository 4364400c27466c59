import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type DomainEvent, complaintStream } from '@app/complaints';
import { CUSTOMER, ev } from '@app/complaints/test-support/complaint-events';
import {
  ALERT_DELIVERY_FAILED,
  ALERT_RAISED,
  alertStream,
  isAlertStream,
} from '@app/analytics/alerts/alert.events';
import { PgliteEventStore } from '@app/event-store';
import { toAppend, waitFor } from '../../test/projector.harness';
import { AlertPipeline } from './alert-pipeline';
import { AlertService } from './alert-service';

const NOW = new Date('2026-03-06T06:00:00.000Z');
const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };

const complaintWithCause = (complaintId: string, at: string): DomainEvent[] => [
  ev.registered({
    complaintId,
    receivedAt: at,
    customer: { ...CUSTOMER, reference: `R-${complaintId}`, pseudonym: `p-${complaintId}` },
    receivedBy: { jobNumber: 'S1001', orgUnit: 'branch-7' },
  }),
  ev.causesAttributed({
    complaintId,
    attributedAt: new Date(Date.parse(at) + 600_000).toISOString(),
    causes: [
      { causeId: 'C1', family: 'service-capacity', causeCode: 'sorting-error', responsibleUnit: 'hub-2' },
    ],
  }),
];

const serviceOn = (store: PgliteEventStore) =>
  new AlertService(
    store,
    new AlertPipeline({ store, webhooks: [], maxAgeMs: 48 * 3_600_000, now: () => NOW }),
    { batchSize: 100, pollIntervalMs: 10, retryMaxMs: 1_000, tickMs: 60_000, now: () => NOW },
    silent,
  );

const alertsIn = async (store: PgliteEventStore) =>
  (await store.readAll({ maxCount: 10_000 })).filter(
    (event) => isAlertStream(event.streamId) && event.type === ALERT_RAISED,
  );

/**
 * The alert service follows the store's feed from its start: a spike appended while it runs is recorded
 * once as an `alert-<id>` stream; a second service (a restart, which reads the whole log again) rebuilds
 * its memory from the log and raises nothing the store holds, while the history before the age limit is
 * never raised at all.
 */
describe('alert service on the event store', () => {
  let store: PgliteEventStore;

  beforeEach(async () => {
    store = await PgliteEventStore.open({ dataDir: 'memory://' });
  });

  afterEach(async () => {
    await store.close();
  });

  const append = async (events: DomainEvent[], at: string) => {
    for (const event of events)
      await store.append(
        complaintStream((event.data as { complaintId: string }).complaintId),
        [toAppend(event, at)],
        'any',
      );
  };

  it('records a live spike once; a restart over the same log raises nothing new', async () => {
    // An old spike (January): history, beyond the 48 h limit, never raised.
    for (let i = 0; i < 6; i++)
      await append(
        complaintWithCause(`old-${i}`, `2026-01-07T0${i + 1}:00:00.000Z`),
        '2026-01-07T09:00:00.000Z',
      );
    const first = serviceOn(store);
    await first.start();
    await waitFor(() => first.isCaughtUp(), 'the replay');
    expect(await alertsIn(store)).toEqual([]);

    for (let i = 0; i < 5; i++)
      await append(complaintWithCause(`s-${i}`, `2026-03-06T0${i}:00:00.000Z`), '2026-03-06T05:00:00.000Z');
    await waitFor(async () => (await alertsIn(store)).length === 2, 'the daily and weekly spike');
    const raised = (await alertsIn(store)).map((event) => event.data as { rule: string; period: string });
    expect(raised.map((a) => [a.rule, a.period]).sort()).toEqual([
      ['cause-spike-daily', '2026-03-06'],
      ['cause-spike-weekly', '2026-W10'],
    ]);
    await first.stop();

    const second = serviceOn(store);
    await second.start();
    await waitFor(() => second.isCaughtUp(), 'the second replay');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await second.stop();
    expect(second.raised).toBe(0);
    expect(await alertsIn(store)).toHaveLength(2);
  });

  it('a webhook that refuses every attempt: the alert is recorded with its dead letter, the secret never logged', async () => {
    const secret = 'dead-letter-test-webhook-secret-0123456789';
    let attempts = 0;
    const refusing = createServer((request, response) => {
      attempts++;
      request.resume();
      request.on('end', () => {
        response.statusCode = 503;
        response.end();
      });
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}/hook?token=${secret}`;
    const warnings: string[] = [];
    const pipeline = new AlertPipeline({
      store,
      webhooks: [{ id: 'ops', url, secret }],
      delivery: { attempts: 3, baseDelayMs: 1, timeoutMs: 1_000 },
      maxAgeMs: 48 * 3_600_000,
      now: () => NOW,
      log: { warn: (message) => warnings.push(message) },
    });
    try {
      for (let i = 0; i < 5; i++)
        await append(complaintWithCause(`d-${i}`, `2026-03-06T0${i}:00:00.000Z`), '2026-03-06T05:00:00.000Z');
      const raised = await pipeline.onEvents(await store.readAll({ maxCount: 1_000 }));
      expect(raised.map((alert) => alert.rule).sort()).toEqual(['cause-spike-daily', 'cause-spike-weekly']);
      expect(attempts).toBe(6);
      for (const alert of raised) {
        const events = await store.readStream(alertStream(alert.alertId));
        expect(events.map((event) => event.type)).toEqual([ALERT_RAISED, ALERT_DELIVERY_FAILED]);
        expect(events[1]!.data).toMatchObject({ webhookId: 'ops', attempts: 3, reason: 'HTTP 503' });
        expect(JSON.stringify(events.map((event) => event.data))).not.toContain(secret);
      }
      expect(warnings).toHaveLength(2);
      expect(warnings.join('\n')).toMatch(/webhook ops after 3 attempts: HTTP 503/);
      expect(warnings.join('\n')).not.toContain(secret);
    } finally {
      await new Promise<void>((resolve) => refusing.close(() => resolve()));
    }
  });
});
