import { type DomainEvent } from '@app/complaints';
import { migrate } from '../../migrations/migrate';
import { projectBatch } from '../../projections/project-event';
import { writeRows } from '../../read-model/write-rows';
import {
  type ChdbTestDatabase,
  openChdbTestDatabase,
  uniqueDatabase,
} from '../../test-support/chdb-test-database';
import { EventLog } from '../../test-support/event-log';
import { ctx } from '../../test-support/projection-fixtures';
import { DRILL_DOWN_METRICS, drillDown, type DrillDownMetric } from '../drill-down';
import { executiveReport, type ExecutiveReportRequest } from '../executive';
import { parseIsoWeek } from './iso-week';
import { type OrgUnitScope } from './org-unit-scope';
import { executiveActions, executiveEvents } from '../executive/test-support/executive.scenario';
import { inAnotherRegion, restrictedTo, unitsOf } from './test-support/org-unit-scope.scenario';
import { trendsScenarioEvents } from '../trends/test-support/trends.scenario';
import { rootCauseTrends, type TrendsRequest } from '../trends';
import { type WeeklyPack, weeklyPack, type WeeklyPackRequest } from '../weekly-pack';
import { scenarioActions, scenarioEvents } from '../weekly-pack/test-support/weekly-pack.scenario';

/**
 * A scoped report is the unscoped report of a data set holding only what the scope may see. Each
 * hand-built scenario is loaded twice into one database — as written, and copied into an "east" region
 * (ids prefixed, receiving and action units mapped, customers and causes' responsible units kept, so the
 * halves share repeat customers and cause keys) — and every scoped report over it is compared with the
 * unscoped report over a database loaded with `restrictedTo(events, scope)` alone.
 */
const EAST = {
  'branch-12': 'east-12',
  'branch-7': 'east-7',
  'branch-3': 'east-3',
  'branch-9': 'east-9',
  'tel-hall-1': 'east-tel',
  'hub-2': 'east-hub',
  'it-centre': 'east-it',
};
const doubled = (events: DomainEvent[]) => [...events, ...inAnotherRegion(events, 'e-', EAST)];

/** The same report without the scope it names, to compare with an unscoped report. */
const unnamed = <R extends { filters: { scope: string[] | null } }>(report: R): R => ({
  ...report,
  filters: { ...report.filters, scope: null },
});

describe('org-unit scope of the reports on chDB', () => {
  let db: ChdbTestDatabase;
  const databases: string[] = [];

  /** A fresh database holding `events`, projected as the projector would. */
  const load = async (events: readonly DomainEvent[]): Promise<string> => {
    const database = uniqueDatabase('scope');
    databases.push(database);
    await db.store.command(`CREATE DATABASE ${database}`);
    await migrate(db.store, database);
    const recorded = new EventLog().recordAll(events);
    const projected = projectBatch(recorded, ctx);
    expect(projected.outcomes).toEqual({ applied: recorded.length, duplicate: 0, rejected: 0 });
    await writeRows(db.store, database, projected.rows);
    return database;
  };

  beforeAll(async () => {
    db = await openChdbTestDatabase('scope');
  });

  afterAll(async () => {
    for (const database of databases) await db?.store.command(`DROP DATABASE IF EXISTS ${database} SYNC`);
    await db?.cleanup();
  });

  describe('weekly pack', () => {
    const events = doubled([...scenarioEvents(), ...scenarioActions()]);
    let full: string;
    beforeAll(async () => {
      full = await load(events);
    });

    const pack = (database: string, request: Partial<WeeklyPackRequest> = {}) =>
      weeklyPack(db.store, database, { week: '2026-W10', businessLine: 'postal', ...request });

    const REQUESTS: Partial<WeeklyPackRequest>[] = [
      {},
      { businessLine: undefined },
      { orgUnit: 'branch-7' },
      { week: '2026-W09' },
    ];

    it.each<[string, string[]]>([
      ['the written region', ['branch-12', 'branch-7', 'tel-hall-1', 'hub-2', 'it-centre']],
      ['one branch', ['branch-7']],
      ['a branch of each region', ['east-12', 'branch-7']],
      ['a unit named only by corrective actions', ['hub-2']],
      ['no unit at all', []],
    ])('scoped to %s %j: the pack of a data set of those units alone', async (_, scope) => {
      const alone = await load(restrictedTo(events, scope));
      for (const request of REQUESTS) {
        const scoped = await pack(full, { ...request, scope });
        expect(scoped.filters.scope).toEqual([...scope].sort());
        expect(unnamed(scoped)).toEqual(await pack(alone, request));
      }
    });

    it('the written region alone gives the hand-checked figures; every unit gives both regions', async () => {
      const scope = ['branch-12', 'branch-7', 'tel-hall-1', 'hub-2', 'it-centre'];
      const [scoped, unscoped] = await Promise.all([pack(full, { scope }), pack(full)]);
      // weekly-pack.int.spec.ts: 8 complaints, k04 and k07 repeats, A2 before 2 / after 1.
      expect(scoped.volume.count).toBe(8);
      expect(unscoped.volume.count).toBe(16);
      expect(scoped.repeatCustomer).toEqual({ numerator: 2, denominator: 8, rate: 0.25 });
      // k04, k07 and their copies: each a repeat of an earlier complaint in either region.
      expect(unscoped.repeatCustomer).toEqual({ numerator: 4, denominator: 16, rate: 0.25 });
      const effectOf = (result: WeeklyPack) =>
        result.correctiveActions.effects.find((effect) => effect.actionId === 'A2');
      expect(effectOf(scoped)).toMatchObject({ before: { count: 2 }, after: { count: 1 } });
      // Unscoped, the copy's complaints (received in the east, causes still at branch-12) count for A2 too.
      expect(effectOf(unscoped)).toMatchObject({ before: { count: 4 }, after: { count: 2 } });
      expect(scoped.correctiveActions.effects.map((effect) => effect.actionId)).toEqual(['A2']);
    });

    it('a scope restricts what the orgUnit filter may reach: branch-7 within it, branch-7 outside it', async () => {
      // k07 (branch-7) repeats p09a (branch-12): within a scope holding both units it is a repeat, as
      // under the orgUnit filter alone; within branch-7 alone p09a is out of sight.
      const within = await pack(full, { orgUnit: 'branch-7', scope: ['branch-7', 'branch-12'] });
      expect(within.volume.count).toBe(2);
      expect(within.repeatCustomer.numerator).toBe(1);
      const alone = await pack(full, { orgUnit: 'branch-7', scope: ['branch-7'] });
      expect(alone.volume.count).toBe(2);
      expect(alone.repeatCustomer.numerator).toBe(0);
      const outside = await pack(full, { orgUnit: 'branch-7', scope: ['east-7', 'east-12'] });
      expect(outside.volume).toMatchObject({ count: 0, abnormal: 0, previousWeek: 0 });
      expect(outside.rootCausePareto).toEqual([]);
    });

    it('binds hostile unit names as values, and refuses a scope that is not a list', async () => {
      const hostile = await pack(full, { scope: ["x' OR 1=1 --", "') OR ('1'='1"] });
      expect(hostile.volume.count).toBe(0);
      expect(hostile.correctiveActions).toEqual({
        due: 0,
        overdue: 0,
        completed: 0,
        completedLate: 0,
        effects: [],
      });
      await expect(pack(full, { scope: 'branch-7' as unknown as OrgUnitScope })).rejects.toMatchObject({
        code: 'QUERY.INVALID_SCOPE',
      });
    });

    describe('drill-down', () => {
      const period = parseIsoWeek('2026-W10');
      const receivedBy = unitsOf(events).complaints;

      /** Every figure of the pack that can be opened: keyed metrics with the keys the unscoped pack shows. */
      const figures = (result: WeeklyPack): [DrillDownMetric, string | undefined][] =>
        (Object.keys(DRILL_DOWN_METRICS) as DrillDownMetric[]).flatMap(
          (metric): [DrillDownMetric, string | undefined][] => {
            if (DRILL_DOWN_METRICS[metric].key !== 'required') return [[metric, undefined]];
            if (metric === 'satisfaction')
              return Object.entries(result.satisfaction.answers).flatMap(([question, answers]) =>
                answers.map(({ answer }): [DrillDownMetric, string] => [metric, `${question}:${answer}`]),
              );
            const dimension = metric.replace('breakdowns.', '') as keyof WeeklyPack['breakdowns'];
            return result.breakdowns[dimension].map(({ key }): [DrillDownMetric, string] => [metric, key]);
          },
        );

      it.each<[string[]]>([[['branch-7']], [['east-12', 'branch-7']], [[]]])(
        'scoped to %j lists only complaints its units received, as a data set of those units would',
        async (scope) => {
          const alone = await load(restrictedTo(events, scope));
          const list = (database: string, metric: DrillDownMetric, key?: string, more = {}) =>
            drillDown(db.store, database, { metric, key, period, pageSize: 200, ...more });
          const opened = figures(await pack(full, { businessLine: undefined }));
          let listed = 0;
          let hidden = 0;
          for (const [metric, key] of opened) {
            const scoped = await list(full, metric, key, { scope });
            expect(scoped.complaintIds.every((id) => scope.includes(receivedBy.get(id) ?? ''))).toBe(true);
            expect(unnamed(scoped)).toEqual(await list(alone, metric, key));
            const unscoped = await list(full, metric, key);
            listed += scoped.complaintIds.length;
            hidden += unscoped.complaintIds.length - scoped.complaintIds.length;
          }
          // Not vacuous: the figures listed complaints, and the scope held some back.
          expect(opened.length).toBeGreaterThan(30);
          expect(hidden).toBeGreaterThan(0);
          if (scope.length > 0) expect(listed).toBeGreaterThan(0);
          else expect(listed).toBe(0);
        },
      );
    });
  });

  describe('executive report', () => {
    const events = doubled([...executiveEvents(), ...executiveActions()]);
    let full: string;
    beforeAll(async () => {
      full = await load(events);
    });

    const report = (database: string, request: Partial<ExecutiveReportRequest> = {}) =>
      executiveReport(db.store, database, { period: '2026-Q1', businessLine: 'postal', ...request });

    it.each<[string[]]>([
      [['branch-12', 'tel-hall-1', 'hub-2', 'it-centre']],
      [['east-12', 'tel-hall-1']],
      [[]],
    ])('scoped to %j: the report of a data set of those units alone', async (scope) => {
      const alone = await load(restrictedTo(events, scope));
      for (const request of [{ businessLine: undefined }, { period: '2026-03', orgUnit: 'branch-12' }]) {
        const scoped = await report(full, { ...request, scope });
        expect(unnamed(scoped)).toEqual(await report(alone, request));
      }
    });

    it('scoped to the written region: half the volume of both; actions of the copy left out', async () => {
      const scope = ['branch-12', 'tel-hall-1', 'hub-2', 'it-centre'];
      const [scoped, unscoped] = await Promise.all([report(full, { scope }), report(full)]);
      expect(unscoped.kpis.volume.current).toBe(2 * scoped.kpis.volume.current);
      expect(scoped.kpis.volume.current).toBeGreaterThan(0);
      const actions = (result: typeof scoped) => Object.values(result.correctiveActions.byStatus);
      const total = (counts: number[]) => counts.reduce((sum, count) => sum + count, 0);
      expect(total(actions(unscoped))).toBe(2 * total(actions(scoped)));
    });
  });

  describe('trends', () => {
    const events = doubled(trendsScenarioEvents());
    let full: string;
    beforeAll(async () => {
      full = await load(events);
    });

    const trends = (database: string, request: Partial<TrendsRequest> = {}) =>
      rootCauseTrends(db.store, database, {
        dimension: 'causeCode',
        granularity: 'week',
        from: '2026-03-02',
        to: '2026-04-05',
        businessLine: 'postal',
        ...request,
      });

    it.each<[string[]]>([[['branch-7', 'branch-3']], [['east-12', 'branch-9']], [[]]])(
      'scoped to %j: the trends of a data set of those units alone',
      async (scope) => {
        const alone = await load(restrictedTo(events, scope));
        const requests: Partial<TrendsRequest>[] = [
          {},
          { dimension: 'orgUnit', businessLine: undefined },
          { dimension: 'causeFamily', granularity: 'day', orgUnit: 'east-12' },
        ];
        for (const request of requests) {
          const scoped = await trends(full, { ...request, scope });
          expect(unnamed(scoped)).toEqual(await trends(alone, request));
        }
      },
    );

    it('by org unit, scoped: only the units in scope have series', async () => {
      const scoped = await trends(full, {
        dimension: 'orgUnit',
        businessLine: undefined,
        scope: ['branch-7', 'east-3'],
      });
      expect(scoped.series.map((series) => series.key).sort()).toEqual(['branch-7', 'east-3']);
      expect((await trends(full, { dimension: 'orgUnit', businessLine: undefined })).series.length).toBe(10);
    });
  });
});
