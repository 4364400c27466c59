import { migrate } from '../../migrations/migrate';
import { projectBatch } from '../../projections/project-event';
import { writeRows } from '../../read-model/write-rows';
import { type ChdbTestDatabase, openChdbTestDatabase } from '../../test-support/chdb-test-database';
import { ctx } from '../../test-support/projection-fixtures';
import { type DrillDownMetric, drillDown } from './drill-down.sql';
import { parseIsoWeek } from '../shared';
import { type WeeklyPack, weeklyPack } from '../weekly-pack';
import { recordScenario } from '../weekly-pack/test-support/weekly-pack.scenario';

/**
 * The lists behind the weekly pack's figures, on the hand-built scenario of `weekly-pack.scenario.ts`
 * (2026-W10, Asia/Shanghai, postal). The ids expected are read off the scenario by hand.
 */
describe('drill-down on chDB', () => {
  let db: ChdbTestDatabase;
  let pack: WeeklyPack;
  const period = parseIsoWeek('2026-W10');

  beforeAll(async () => {
    db = await openChdbTestDatabase('drill');
    await migrate(db.store, db.database);
    await writeRows(db.store, db.database, projectBatch(recordScenario(), ctx).rows);
    pack = await weeklyPack(db.store, db.database, { week: '2026-W10', businessLine: 'postal' });
  });

  afterAll(async () => {
    await db?.cleanup();
  });

  const list = (metric: DrillDownMetric, key?: string, more: { page?: number; pageSize?: number } = {}) =>
    drillDown(db.store, db.database, { metric, key, period, businessLine: 'postal', ...more });

  it.each<[DrillDownMetric, string | undefined, string[]]>([
    // k08d merged into k08, k09 abnormal, t01 telecom.
    ['volume', undefined, ['k01', 'k02', 'k03', 'k04', 'k05', 'k06', 'k07', 'k08']],
    ['abnormal', undefined, ['k09']],
    ['breakdowns.channel', 'hotline-11185', ['k02', 'k05', 'k08']],
    ['breakdowns.category', 'unclassified', ['k06']],
    ['breakdowns.orgUnit', 'branch-7', ['k03', 'k07']],
    // Late final replies in W10: p08b (deadline Feb 20) and k03 (deadline Mar 3); k09's is abnormal.
    ['timeliness.late', undefined, ['k03', 'p08b']],
    ['timeliness.onTime', undefined, ['k01', 'k02', 'k05', 'k06']],
    ['interimReplies', undefined, ['k02', 'p08a']],
    ['overdueOpen', undefined, ['k04', 'k08', 'p06a', 'p07a', 'p09b']],
    ['overdueOpen', '3-7', ['k04']],
    ['escalation', '2', ['k03']],
    ['escalation', undefined, ['k03', 'k05']],
    ['closed', undefined, ['k01', 'k02', 'k03', 'k05', 'k06', 'p08b']],
    ['firstContactResolution', undefined, ['k01']],
    ['reopen', undefined, ['k03']],
    ['repeatCustomer', undefined, ['k04', 'k07']],
    ['followUps', undefined, ['k01', 'k02', 'k05', 'p08b']],
    ['satisfaction', 'result:dissatisfied', ['k05', 'p08b']],
    ['rootCausePareto', 'service-capacity/transport-delay/hub-2', ['k02', 'k03']],
  ])('%s %s lists %j', async (metric, key, ids) => {
    const result = await list(metric, key);
    expect(result.complaintIds).toEqual(ids);
    expect(result).toMatchObject({ total: ids.length, page: 1, pageSize: 50, pages: 1 });
  });

  it('lists exactly what each figure of the pack counts', async () => {
    const figures: [DrillDownMetric, string | undefined, number][] = [
      ['volume', undefined, pack.volume.count],
      ['abnormal', undefined, pack.volume.abnormal],
      ...Object.entries(pack.breakdowns).flatMap(([dimension, counts]) =>
        counts.map(({ key, count }): [DrillDownMetric, string, number] => [
          `breakdowns.${dimension}` as DrillDownMetric,
          key,
          count,
        ]),
      ),
      ['timeliness.replies', undefined, pack.timeliness.denominator],
      ['timeliness.onTime', undefined, pack.timeliness.numerator],
      ['interimReplies', undefined, pack.timeliness.interimReplies],
      ['overdueOpen', undefined, pack.overdueOpen.total],
      ...pack.overdueOpen.byAge.map(({ key, count }): [DrillDownMetric, string, number] => [
        'overdueOpen',
        key,
        count,
      ]),
      ['escalation', undefined, pack.escalation.numerator],
      ...pack.escalation.byHighestLevel.map(({ level, count }): [DrillDownMetric, string, number] => [
        'escalation',
        String(level),
        count,
      ]),
      ['closed', undefined, pack.firstContactResolution.denominator],
      ['firstContactResolution', undefined, pack.firstContactResolution.numerator],
      ['reopen', undefined, pack.reopen.numerator],
      ['repeatCustomer', undefined, pack.repeatCustomer.numerator],
      ['followUps', undefined, pack.satisfaction.followUps],
      ...Object.entries(pack.satisfaction.answers).flatMap(([question, answers]) =>
        answers.map(({ answer, count }): [DrillDownMetric, string, number] => [
          'satisfaction',
          `${question}:${answer}`,
          count,
        ]),
      ),
      ...pack.rootCausePareto.map((row): [DrillDownMetric, string, number] => [
        'rootCausePareto',
        `${row.family}/${row.causeCode}/${row.responsibleUnit}`,
        row.count,
      ]),
    ];
    expect(figures.length).toBeGreaterThan(40);
    for (const [metric, key, count] of figures)
      expect({ metric, key, members: (await list(metric, key)).members }).toEqual({
        metric,
        key,
        members: count,
      });
  });

  it('pages through a list in id order', async () => {
    expect(await list('volume', undefined, { page: 2, pageSize: 3 })).toMatchObject({
      total: 8,
      members: 8,
      page: 2,
      pageSize: 3,
      pages: 3,
      complaintIds: ['k04', 'k05', 'k06'],
    });
    expect((await list('volume', undefined, { page: 4, pageSize: 3 })).complaintIds).toEqual([]);
  });

  it('binds a hostile key as a value', async () => {
    expect(await list('breakdowns.channel', "x' OR 1=1 --")).toMatchObject({ total: 0, complaintIds: [] });
  });

  it.each<[string, Parameters<typeof list>, string, string]>([
    ['an unknown metric', ['tables' as DrillDownMetric], 'QUERY.UNKNOWN_METRIC', 'metric'],
    ['a breakdown without its key', ['breakdowns.channel'], 'QUERY.KEY_REQUIRED', 'key'],
    ['a key on a metric without keys', ['volume', 'x'], 'QUERY.KEY_NOT_ALLOWED', 'key'],
    ['too large a page', ['volume', undefined, { pageSize: 201 }], 'QUERY.INVALID_PAGE_SIZE', 'pageSize'],
    ['page 0', ['volume', undefined, { page: 0 }], 'QUERY.INVALID_PAGE', 'page'],
  ])('refuses %s', async (_, args, code, field) => {
    await expect(list(...args)).rejects.toMatchObject({ code, field });
  });
});
