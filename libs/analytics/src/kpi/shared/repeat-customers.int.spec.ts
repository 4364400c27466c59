import { migrate } from '../../migrations/migrate';
import { projectBatch } from '../../projections/project-event';
import { writeRows } from '../../read-model/write-rows';
import { type ChdbTestDatabase, openChdbTestDatabase } from '../../test-support/chdb-test-database';
import { ctx } from '../../test-support/projection-fixtures';
import { drillDown } from '../drill-down';
import { executiveReport } from '../executive';
import { parseIsoWeek } from './iso-week';
import { weeklyPack } from '../weekly-pack';
import { recordRepeatCustomerScenario } from './test-support/repeat-customers.scenario';

/**
 * The repeat-customer rate's definition on customers seen in several business lines and org units (see
 * `repeat-customers.scenario.ts`): same customer, category and business line; any receiving org unit;
 * only counted complaints make a repeat. The figures of every report agree, and the lines add up.
 */
describe('repeat customers across business lines and org units, on chDB', () => {
  let db: ChdbTestDatabase;
  const week = '2026-W10';

  beforeAll(async () => {
    db = await openChdbTestDatabase('repeat');
    await migrate(db.store, db.database);
    await writeRows(db.store, db.database, projectBatch(recordRepeatCustomerScenario(), ctx).rows);
  });

  afterAll(async () => {
    await db?.cleanup();
  });

  it.each<[string, string | undefined, number, number]>([
    // a03 repeats a02 (telecom); a05 repeats a04 (postal, another unit); a02's earlier one is bank's.
    ['every line', undefined, 2, 5],
    ['telecom: a03 repeats a02', 'telecom', 1, 2],
    ['postal: a05 repeats a04, received by another unit', 'postal', 1, 2],
    ["bank: b01 is in W09, and a02 is no repeat of it in bank's pack", 'bank', 0, 0],
    ['hotel: h01 was abnormal, so a07 is no repeat', 'hotel', 0, 1],
  ])('weekly pack, %s', async (_, businessLine, numerator, denominator) => {
    const pack = await weeklyPack(db.store, db.database, { week, businessLine });
    expect(pack.repeatCustomer).toMatchObject({ numerator, denominator });
  });

  it('drill-down lists the same repeats, and the lines list them between them', async () => {
    const period = parseIsoWeek(week);
    const list = async (businessLine?: string) =>
      (await drillDown(db.store, db.database, { metric: 'repeatCustomer', period, businessLine }))
        .complaintIds;
    expect(await list()).toEqual(['a03', 'a05']);
    const lines = await Promise.all(['postal', 'telecom', 'bank', 'hotel', 'tobacco'].map(list));
    expect(lines.flat().sort()).toEqual(['a03', 'a05']);
  });

  it('executive report of 2026-03: the same two of five', async () => {
    const report = await executiveReport(db.store, db.database, { period: '2026-03' });
    expect(report.kpis.repeatCustomer.current).toEqual({ numerator: 2, denominator: 5, rate: 0.4 });
  });

  it('an org-unit filter keeps a repeat of another unit; a scope without that unit does not', async () => {
    const filtered = await weeklyPack(db.store, db.database, { week, orgUnit: 'branch-7' });
    expect(filtered.repeatCustomer).toMatchObject({ numerator: 1, denominator: 1 });
    const scoped = await weeklyPack(db.store, db.database, { week, scope: ['branch-7'] });
    expect(scoped.repeatCustomer).toMatchObject({ numerator: 0, denominator: 1 });
  });
});
