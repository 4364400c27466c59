import { CUSTOMER, ev } from '@app/complaints/test-support/complaint-events';
import { CLERK } from '@app/complaints/test-support/fixtures';
import { migrate } from '../../migrations/migrate';
import { projectBatch } from '../../projections/project-event';
import { writeRows } from '../../read-model/write-rows';
import { type ChdbTestDatabase, openChdbTestDatabase } from '../../test-support/chdb-test-database';
import { EventLog } from '../../test-support/event-log';
import { ctx } from '../../test-support/projection-fixtures';
import { rootCauseTrends } from './trends.sql';
import { weeklyPack } from '../weekly-pack';

/**
 * Trends by category over a small hand-built set, in Asia/Shanghai: W10 (from Mon 2026-03-02) holds two
 * item-delayed complaints, one item-lost and one not classified yet; W11 (from 2026-03-09) one
 * item-delayed reclassified as item-lost (it counts under its category now), one item-lost, and an
 * abnormal item-delayed complaint that is not counted.
 */
const log = new EventLog();
const complaint = (id: string, receivedAt: string, ...categories: string[]) => [
  ev.registered({
    complaintId: id,
    acceptanceNumber: `PO-${id}`,
    receivedAt,
    customer: { ...CUSTOMER, reference: `CUST-${id}` },
    receivedBy: { jobNumber: CLERK, orgUnit: 'branch-1' },
  }),
  ...categories.map((category, i) =>
    ev.classified({
      complaintId: id,
      category,
      classifiedAt: new Date(Date.parse(receivedAt) + (i + 1) * 3_600_000).toISOString(),
    }),
  ),
];
const events = log.recordAll([
  ...complaint('w10-a', '2026-03-02T02:00:00.000Z', 'item-delayed'),
  ...complaint('w10-b', '2026-03-04T02:00:00.000Z', 'item-delayed'),
  ...complaint('w10-c', '2026-03-05T02:00:00.000Z', 'item-lost'),
  ...complaint('w10-d', '2026-03-08T15:00:00.000Z'),
  ...complaint('w11-a', '2026-03-09T02:00:00.000Z', 'item-delayed', 'item-lost'),
  ...complaint('w11-b', '2026-03-10T02:00:00.000Z', 'item-lost'),
  ...complaint('w11-c', '2026-03-11T02:00:00.000Z', 'item-delayed'),
  {
    type: 'ComplaintFlaggedAbnormal',
    data: { complaintId: 'w11-c', reason: 'no real need', flaggedAt: '2026-03-11T03:00:00.000Z' },
  },
]);

describe('trends by category on chDB', () => {
  let db: ChdbTestDatabase;

  beforeAll(async () => {
    db = await openChdbTestDatabase('trendscategory');
    await migrate(db.store, db.database);
    const projected = projectBatch(events, ctx);
    expect(projected.outcomes.rejected).toBe(0);
    await writeRows(db.store, db.database, projected.rows);
  });

  afterAll(async () => {
    await db?.cleanup();
  });

  const trends = (dimension: 'category' | 'orgUnit') =>
    rootCauseTrends(db.store, db.database, {
      dimension,
      granularity: 'week',
      from: '2026-03-02',
      to: '2026-03-15',
      businessLine: 'postal',
    });

  it('counts counted complaints by their category now, the unclassified as such', async () => {
    const result = await trends('category');
    expect(result.series.map(({ key, total, points }) => [key, total, points.map((p) => p.count)])).toEqual([
      ['item-lost', 3, [1, 2]],
      ['item-delayed', 2, [2, 0]],
      ['unclassified', 1, [1, 0]],
    ]);
  });

  it('agrees with the weekly pack’s breakdown by category, and counts each complaint once as by org unit', async () => {
    const byCategory = await trends('category');
    const byUnit = await trends('orgUnit');
    const totals = (result: typeof byCategory) =>
      result.buckets.map((_, i) => result.series.reduce((sum, series) => sum + series.points[i]!.count, 0));
    expect(totals(byCategory)).toEqual(totals(byUnit));
    for (const [i, bucket] of byCategory.buckets.entries()) {
      const pack = await weeklyPack(db.store, db.database, { week: bucket.id, businessLine: 'postal' });
      const fromPack = Object.fromEntries(pack.breakdowns.category.map(({ key, count }) => [key, count]));
      const fromTrends = Object.fromEntries(
        byCategory.series.filter((s) => s.points[i]!.count > 0).map((s) => [s.key, s.points[i]!.count]),
      );
      expect(fromTrends).toEqual(fromPack);
    }
  });
});
