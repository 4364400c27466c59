import { migrate, projectBatch, writeRows } from '@app/analytics';
import { DRILL_DOWN_METRIC_NAMES, drillDown } from '@app/analytics/kpi/drill-down';
import { executiveReport, type ExecutiveReportRequest } from '@app/analytics/kpi/executive';
import { parseIsoWeek } from '@app/analytics/kpi/shared';
import { recordExecutiveScenario } from '@app/analytics/kpi/executive/test-support/executive.scenario';
import { recordTrendsScenario } from '@app/analytics/kpi/trends/test-support/trends.scenario';
import { recordRepeatCustomerScenario } from '@app/analytics/kpi/shared/test-support/repeat-customers.scenario';
import { recordScenario } from '@app/analytics/kpi/weekly-pack/test-support/weekly-pack.scenario';
import { rootCauseTrends, type TrendsRequest } from '@app/analytics/kpi/trends';
import { weeklyPack as chdbWeeklyPack, type WeeklyPackRequest } from '@app/analytics/kpi/weekly-pack';
import { type ChdbTestDatabase, openChdbTestDatabase } from '@app/analytics/test-support/chdb-test-database';
import { ctx } from '@app/analytics/test-support/projection-fixtures';
import { connectTestPool } from '@app/event-store/test-support/postgres-test-database';
import { randomBytes } from 'node:crypto';
import { type Pool } from 'pg';
import { pgDrillDown } from './postgres-drill-down';
import { pgExecutiveReport } from './postgres-executive-report';
import { loadRows } from './postgres-loader';
import { createReportIndexes, createReportTables, dropReportSchema, vacuumAnalyze } from './postgres-tables';
import { pgRootCauseTrends } from './postgres-trends';
import { pgWeeklyPack } from './postgres-weekly-pack';

/** The pack on chDB without the measures since the last meeting: the baseline has no meetings table. */
const weeklyPack = async (...args: Parameters<typeof chdbWeeklyPack>) => ({
  ...(await chdbWeeklyPack(...args)),
  sinceLastMeeting: null,
});

/**
 * The benchmark compares like with like: on the hand-built scenarios of the chDB suites, the reports
 * computed by PostgreSQL deep-equal those computed by chDB, request by request. Each scenario is
 * delivered twice to both engines: only deduplicated state may be counted.
 */
const freshSchema = () => `reports_test_${randomBytes(6).toString('hex')}`;

describe('reports on PostgreSQL equal the reports on chDB', () => {
  let chdb: ChdbTestDatabase;
  let pool: Pool;
  const schemas: string[] = [];

  const loadBoth = async (events: ReturnType<typeof recordScenario>) => {
    const { rows, outcomes } = projectBatch(events, ctx);
    expect(outcomes).toEqual({ applied: events.length, duplicate: 0, rejected: 0 });
    const database = `${chdb.database}_${schemas.length}`;
    await migrate(chdb.store, database);
    const schema = freshSchema();
    schemas.push(schema);
    await createReportTables(pool, schema);
    for (let delivery = 0; delivery < 2; delivery++) {
      await writeRows(chdb.store, database, rows);
      await loadRows(pool, schema, rows);
    }
    await createReportIndexes(pool, schema);
    await vacuumAnalyze(pool, schema);
    return { database, schema };
  };

  beforeAll(async () => {
    chdb = await openChdbTestDatabase('pg_reports');
    pool = await connectTestPool({ max: 4 });
  });

  afterAll(async () => {
    for (const schema of schemas) await dropReportSchema(pool, schema);
    await pool?.end();
    for (let i = 0; i < schemas.length; i++)
      await chdb?.store.command(`DROP DATABASE IF EXISTS ${chdb.database}_${i} SYNC`);
    await chdb?.cleanup();
  });

  describe('weekly pack (weekly-pack scenario)', () => {
    let target: { database: string; schema: string };

    beforeAll(async () => {
      target = await loadBoth(recordScenario());
    });

    it.each<[string, Partial<WeeklyPackRequest>]>([
      ['2026-W10, postal', { businessLine: 'postal' }],
      ['2026-W09, postal', { week: '2026-W09', businessLine: 'postal' }],
      ['2026-W10, postal, branch-7', { businessLine: 'postal', orgUnit: 'branch-7' }],
      ['2026-W10, telecom', { businessLine: 'telecom' }],
      ['2026-W10, no filter', {}],
      ['2026-W10, no filter, read in UTC', { timeZone: 'UTC' }],
    ])('%s', async (_, overrides) => {
      const request: WeeklyPackRequest = { week: '2026-W10', ...overrides };
      const onChdb = await weeklyPack(chdb.store, target.database, request);
      const onPostgres = await pgWeeklyPack(pool, target.schema, request);
      expect(onPostgres).toEqual(onChdb);
    });

    it('compares packs with something in them', async () => {
      const pack = await pgWeeklyPack(pool, target.schema, { week: '2026-W10', businessLine: 'postal' });
      // Worked out by hand in weekly-pack.int.spec.ts: every KPI has members in this week.
      expect(pack.volume.count).toBe(8);
      expect(pack.overdueOpen.total).toBe(5);
      expect(pack.repeatCustomer.numerator).toBe(2);
      expect(pack.firstContactResolution.numerator).toBe(1);
      expect(pack.reopen.numerator).toBe(1);
      expect(pack.rootCausePareto.length).toBeGreaterThan(0);
      expect(pack.correctiveActions.effects).toHaveLength(1);
    });
  });

  describe('drill-down (weekly-pack scenario)', () => {
    let target: { database: string; schema: string };

    beforeAll(async () => {
      target = await loadBoth(recordScenario());
    });

    const keys: Partial<Record<(typeof DRILL_DOWN_METRIC_NAMES)[number], string>> = {
      'breakdowns.channel': 'phone',
      'breakdowns.category': 'unclassified',
      'breakdowns.severity': 'unclassified',
      'breakdowns.responsibility': 'unclassified',
      'breakdowns.orgUnit': 'branch-7',
      satisfaction: 'result:satisfied',
    };

    it.each(DRILL_DOWN_METRIC_NAMES)(
      '%s, 2026-W10, postal: the same list on both engines',
      async (metric) => {
        const { start, end } = parseIsoWeek('2026-W10', 'Asia/Shanghai');
        const request = {
          metric,
          key: keys[metric],
          period: { start, end },
          businessLine: 'postal',
          pageSize: 200,
        };
        const onChdb = await drillDown(chdb.store, target.database, request);
        const onPostgres = await pgDrillDown(pool, target.schema, request);
        expect(onPostgres).toEqual({
          members: onChdb.members,
          total: onChdb.total,
          complaintIds: onChdb.complaintIds,
        });
      },
    );

    it('compares lists with something in them', async () => {
      const { start, end } = parseIsoWeek('2026-W10', 'Asia/Shanghai');
      const list = await pgDrillDown(pool, target.schema, {
        metric: 'overdueOpen',
        period: { start, end },
        businessLine: 'postal',
      });
      expect(list.total).toBe(5);
    });
  });

  describe('executive report (executive scenario)', () => {
    let target: { database: string; schema: string };

    beforeAll(async () => {
      target = await loadBoth(recordExecutiveScenario());
    });

    it.each<[string, ExecutiveReportRequest]>([
      ['2026-Q1, postal', { period: '2026-Q1', businessLine: 'postal' }],
      ['2026-01, postal', { period: '2026-01', businessLine: 'postal' }],
      ['2025, every line', { period: '2025' }],
      ['2026-H1, every line, read in UTC', { period: '2026-H1', timeZone: 'UTC' }],
    ])('%s', async (_, request) => {
      const onChdb = await executiveReport(chdb.store, target.database, request);
      const onPostgres = await pgExecutiveReport(pool, target.schema, request);
      expect(onPostgres).toEqual(onChdb);
    });

    it('compares reports with something in them', async () => {
      const report = await pgExecutiveReport(pool, target.schema, {
        period: '2026-Q1',
        businessLine: 'postal',
      });
      expect(report.kpis.volume.current).toBeGreaterThan(0);
      expect(report.topCauses.length).toBeGreaterThan(0);
    });
  });

  describe('repeat customers across business lines (repeat-customers scenario)', () => {
    let target: { database: string; schema: string };

    beforeAll(async () => {
      target = await loadBoth(recordRepeatCustomerScenario());
    });

    it.each<[string, string | undefined, number]>([
      // a03 and a05; a02's earlier complaint of the same category is in another line.
      ['every line', undefined, 2],
      ['telecom', 'telecom', 1],
      ['postal', 'postal', 1],
      ['bank', 'bank', 0],
      ['hotel', 'hotel', 0],
    ])('2026-W10, %s', async (_, businessLine, repeats) => {
      const request: WeeklyPackRequest = { week: '2026-W10', businessLine };
      const onChdb = await weeklyPack(chdb.store, target.database, request);
      const onPostgres = await pgWeeklyPack(pool, target.schema, request);
      expect(onPostgres).toEqual(onChdb);
      expect(onPostgres.repeatCustomer.numerator).toBe(repeats);
    });
  });

  describe('root-cause trends (trends scenario)', () => {
    let target: { database: string; schema: string };

    beforeAll(async () => {
      target = await loadBoth(recordTrendsScenario());
    });

    it.each<[string, TrendsRequest]>([
      [
        'cause codes, weekly, W10 … W14, postal',
        {
          dimension: 'causeCode',
          granularity: 'week',
          from: '2026-03-02',
          to: '2026-04-05',
          businessLine: 'postal',
        },
      ],
      [
        'cause families, monthly, every line',
        { dimension: 'causeFamily', granularity: 'month', from: '2026-01-01', to: '2026-04-30' },
      ],
      [
        'categories, weekly, every line',
        { dimension: 'category', granularity: 'week', from: '2026-03-02', to: '2026-04-05' },
      ],
      [
        'org units, daily, postal, read in UTC',
        {
          dimension: 'orgUnit',
          granularity: 'day',
          from: '2026-03-09',
          to: '2026-03-22',
          businessLine: 'postal',
          timeZone: 'UTC',
        },
      ],
    ])('%s', async (_, request) => {
      const onChdb = await rootCauseTrends(chdb.store, target.database, request);
      const onPostgres = await pgRootCauseTrends(pool, target.schema, request);
      expect(onPostgres).toEqual(onChdb);
      expect(onPostgres.series.length).toBeGreaterThan(0);
    });
  });
});
