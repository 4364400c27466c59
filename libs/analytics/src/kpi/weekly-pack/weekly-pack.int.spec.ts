import { migrate } from '../../migrations/migrate';
import { projectBatch } from '../../projections/project-event';
import { writeRows } from '../../read-model/write-rows';
import { type ChdbTestDatabase, openChdbTestDatabase } from '../../test-support/chdb-test-database';
import { ctx } from '../../test-support/projection-fixtures';
import { type WeeklyPack, weeklyPack } from './weekly-pack.sql';
import { recordScenario } from './test-support/weekly-pack.scenario';

/**
 * The expected figures are worked out by hand from the scenario (see `weekly-pack.scenario.ts`):
 * target week 2026-W10 in Asia/Shanghai, business line postal.
 */
describe('weekly quality-analysis pack on chDB', () => {
  let db: ChdbTestDatabase;
  const events = recordScenario();

  beforeAll(async () => {
    db = await openChdbTestDatabase('kpi');
    await migrate(db.store, db.database);
    const projected = projectBatch(events, ctx);
    expect(projected.outcomes).toEqual({ applied: events.length, duplicate: 0, rejected: 0 });
    await writeRows(db.store, db.database, projected.rows);
    // A redelivered batch must change nothing: every query reads deduplicated state.
    await writeRows(db.store, db.database, projected.rows);
  });

  afterAll(async () => {
    await db?.cleanup();
  });

  const pack = (request: Partial<Parameters<typeof weeklyPack>[2]> = {}) =>
    weeklyPack(db.store, db.database, { week: '2026-W10', businessLine: 'postal', ...request });

  describe('2026-W10, postal, all org units', () => {
    let result: WeeklyPack;
    let elapsedMs: number;

    beforeAll(async () => {
      const started = performance.now();
      result = await pack();
      elapsedMs = performance.now() - started;
    });

    it('names the week in the reporting zone', () => {
      expect(result.week).toEqual({
        id: '2026-W10',
        timeZone: 'Asia/Shanghai',
        start: '2026-03-01T16:00:00.000Z',
        end: '2026-03-08T16:00:00.000Z',
      });
      expect(result.filters).toEqual({ businessLine: 'postal', orgUnit: null, scope: null });
      // Reported for the hand-over only: speed is measured by the benchmark, never asserted here.
      console.info(`weekly pack on the scenario: ${elapsedMs.toFixed(0)} ms`);
    });

    it('volume: merged duplicate once, abnormal apart, change vs last week and the 4-week mean', () => {
      // W10: k01 … k08 = 8 (k08d merged into k08, k09 abnormal, t01 telecom).
      // W09: p09a, p09b, p09c = 3; W08: p08a, p08b = 2; W07: p07a = 1; W06: p06a, p06b = 2; W05's p05 out.
      // mean = (3 + 2 + 1 + 2) / 4 = 2; vs last week 8 − 3 = 5 (5/3); vs mean 8 − 2 = 6 (6/2 = 3).
      expect(result.volume).toEqual({
        count: 8,
        abnormal: 1,
        previousWeek: 3,
        changeVsPreviousWeek: { difference: 5, relative: 5 / 3 },
        previous4Weeks: [
          { week: '2026-W09', count: 3 },
          { week: '2026-W08', count: 2 },
          { week: '2026-W07', count: 1 },
          { week: '2026-W06', count: 2 },
        ],
        meanOfPrevious4Weeks: 2,
        changeVsMeanOfPrevious4Weeks: { difference: 6, relative: 3 },
      });
    });

    it('breakdowns of the 8 by channel, category, severity, responsibility and org unit', () => {
      expect(result.breakdowns).toEqual({
        // counter: k01 k03 k06 k07; hotline-11185: k02 k05 k08; web-portal: k04.
        channel: [
          { key: 'counter', count: 4 },
          { key: 'hotline-11185', count: 3 },
          { key: 'web-portal', count: 1 },
        ],
        // item-damaged: k01 k03 k04 k08; item-delayed: k02 k07; k06 never classified; wrong-charge: k05.
        category: [
          { key: 'item-damaged', count: 4 },
          { key: 'item-delayed', count: 2 },
          { key: 'unclassified', count: 1 },
          { key: 'wrong-charge', count: 1 },
        ],
        // serious: k03; unclassified: k06; the other 6 minor.
        severity: [
          { key: 'minor', count: 6 },
          { key: 'serious', count: 1 },
          { key: 'unclassified', count: 1 },
        ],
        // not-at-fault: k04; undetermined: k05; unclassified: k06; the other 5 at-fault.
        responsibility: [
          { key: 'at-fault', count: 5 },
          { key: 'not-at-fault', count: 1 },
          { key: 'unclassified', count: 1 },
          { key: 'undetermined', count: 1 },
        ],
        // branch-7: k03 k07.
        orgUnit: [
          { key: 'branch-12', count: 6 },
          { key: 'branch-7', count: 2 },
        ],
      });
    });

    it('timeliness: final replies in the week against the deadline then in force; interim replies', () => {
      // Final replies in W10: k01 ✓, k02 ✓ (extended deadline Mar 6), k03 ✗, k05 ✓, k06 ✓, p08b ✗
      // (k09 abnormal and t01 telecom left out) → 4 / 6. Interim replies in W10: k02, p08a (2nd) = 2.
      expect(result.timeliness).toEqual({ numerator: 4, denominator: 6, rate: 4 / 6, interimReplies: 2 });
    });

    it('overdue open at the end of the week, by days since registration', () => {
      // End = Mar 8 16:00Z. Awaiting a final reply with the deadline passed:
      // k08 0 d (Mar 8 10:00), k04 5 d (Mar 3 09:00), p09b 9 d, p07a 26 d, p06a 33 d.
      // Not overdue: p08a (deadline Mar 10), k03 (reopened, no new deadline), k07/p06b/p05 (none set).
      expect(result.overdueOpen).toEqual({
        total: 5,
        byAge: [
          { key: '0-2', count: 1 },
          { key: '3-7', count: 1 },
          { key: '8-14', count: 1 },
          { key: '15-30', count: 1 },
          { key: '31+', count: 1 },
        ],
      });
    });

    it('escalation: k03 (level 2) and k05 (level 1) of 8', () => {
      expect(result.escalation).toEqual({
        numerator: 2,
        denominator: 8,
        rate: 0.25,
        byHighestLevel: [
          { level: 1, count: 1 },
          { level: 2, count: 1 },
        ],
      });
    });

    it('first-contact resolution and reopen rate over the 6 complaints closed in the week', () => {
      // Closed in W10: k01, k02, k03, k05, k06, p08b (k09 abnormal, t01 telecom left out).
      // FCR: k01 only (k06 immediate but dispatched; k02 k03 k05 p08b deferred) → 1/6.
      // Reopened since: k03 → 1/6.
      expect(result.firstContactResolution).toEqual({ numerator: 1, denominator: 6, rate: 1 / 6 });
      expect(result.reopen).toEqual({ numerator: 1, denominator: 6, rate: 1 / 6 });
    });

    it('repeat customers: same customer, category and business line in the 30 days before', () => {
      // k04 (CUST-1 after k01), k07 (CUST-7 after p09a, another org unit) → 2/8.
      // Not: k02 (CUST-2's p05 was 33 days before), k03 (CUST-3's p08a is item-lost),
      // k08 (only its own merged duplicate before it).
      expect(result.repeatCustomer).toEqual({ numerator: 2, denominator: 8, rate: 0.25 });
    });

    it('satisfaction of the 4 follow-ups recorded in the week, and the follow-up rate', () => {
      // k01 satisfied/timely/satisfied/yes, k02 neutral/neutral/satisfied/yes,
      // k05 dissatisfied/late/neutral/unsure, p08b dissatisfied/late/dissatisfied/no (k09, t01 left out).
      const of = (counts: [string, number][]) =>
        counts.map(([answer, count]) => ({ answer, count, share: count / 4 }));
      expect(result.satisfaction).toEqual({
        followUps: 4,
        answers: {
          result: of([
            ['satisfied', 1],
            ['neutral', 1],
            ['dissatisfied', 2],
          ]),
          timeliness: of([
            ['timely', 1],
            ['neutral', 1],
            ['late', 2],
          ]),
          attitude: of([
            ['satisfied', 2],
            ['neutral', 1],
            ['dissatisfied', 1],
          ]),
          wouldReuse: of([
            ['yes', 2],
            ['unsure', 1],
            ['no', 1],
          ]),
        },
      });
      // 4 follow-ups ÷ 6 closed.
      expect(result.followUpRate).toEqual({ numerator: 4, denominator: 6, rate: 4 / 6 });
    });

    it('root-cause Pareto over active causes, with the change vs W09', () => {
      // W10 active causes: transport-delay/hub-2 (k02, k03) 2; attitude/branch-12 (k05's C2, k06) 2;
      // attitude/branch-7 (k03) 1; misunderstanding/branch-12 (k04) 1 → 6. k05's C1 was replaced and
      // k09 is abnormal. W09: skills/branch-12 (p09a), transport-delay (p09b), misunderstanding (p09c).
      // Cumulative: 2/6, 4/6, 5/6, 6/6, 6/6.
      expect(result.rootCausePareto).toEqual([
        {
          family: 'service-capacity',
          causeCode: 'transport-delay',
          responsibleUnit: 'hub-2',
          count: 2,
          share: 2 / 6,
          cumulativeShare: 2 / 6,
          previousWeek: 1,
          changeVsPreviousWeek: 1,
        },
        {
          family: 'staff',
          causeCode: 'attitude',
          responsibleUnit: 'branch-12',
          count: 2,
          share: 2 / 6,
          cumulativeShare: 4 / 6,
          previousWeek: 0,
          changeVsPreviousWeek: 2,
        },
        {
          family: 'customer',
          causeCode: 'misunderstanding',
          responsibleUnit: 'branch-12',
          count: 1,
          share: 1 / 6,
          cumulativeShare: 5 / 6,
          previousWeek: 1,
          changeVsPreviousWeek: 0,
        },
        {
          family: 'staff',
          causeCode: 'attitude',
          responsibleUnit: 'branch-7',
          count: 1,
          share: 1 / 6,
          cumulativeShare: 6 / 6,
          previousWeek: 0,
          changeVsPreviousWeek: 1,
        },
        {
          family: 'staff',
          causeCode: 'skills',
          responsibleUnit: 'branch-12',
          count: 0,
          share: 0,
          cumulativeShare: 1,
          previousWeek: 1,
          changeVsPreviousWeek: -1,
        },
      ]);
    });
  });

  describe('2026-W09: state at the end of a week, for complaints changed since', () => {
    it('overdue open at the end of W09, folding the events of complaints that changed after it', async () => {
      // End of W09: 2026-03-01T16:00Z. Deadlines running then: p06a (Feb 6, passed; 26 days old → 15-30),
      // p07a (interim → Feb 20, passed; 19 days → 15-30), p08b (Feb 20, passed; replied only on Mar 2, so
      // its current row says 'replied' but at the end of W09 it was still owed; 12 days → 8-14), p08a
      // (interim → Mar 3, not passed then; its current row was changed on Mar 3), p09b (Mar 2, not passed).
      const { overdueOpen } = await pack({ week: '2026-W09' });
      expect(overdueOpen).toEqual({
        total: 3,
        byAge: [
          { key: '0-2', count: 0 },
          { key: '3-7', count: 0 },
          { key: '8-14', count: 1 },
          { key: '15-30', count: 2 },
          { key: '31+', count: 0 },
        ],
      });
    });
  });

  describe('corrective actions', () => {
    it('due, overdue and completed in W10; the verified action before vs after, in weekly means', async () => {
      const { correctiveActions } = await pack();
      // Due in W10: A1 (Mar 4), A3 (Mar 6); A4 is telecom. Overdue at the end of W10: A3 (started, not
      // completed, due Mar 6); A1 was completed on Mar 5. Completed in W10: A1, late (due Mar 4).
      expect(correctiveActions).toMatchObject({ due: 2, overdue: 1, completed: 1, completedLate: 1 });
      // Verified by the end of W10: only A2. Causes staff/skills at branch-12: before [Jan 15, Feb 12)
      // p06a, p07a = 2 → 0.5 a week; after [Feb 20, Mar 20) p09a = 1 → 0.25 a week: −0.25, −50 %.
      expect(correctiveActions.effects).toEqual([
        {
          actionId: 'A2',
          causeCodes: ['skills'],
          orgUnits: ['branch-12'],
          startedAt: '2026-02-12T00:00:00.000Z',
          completedAt: '2026-02-20T00:00:00.000Z',
          verifiedAt: '2026-03-04T09:00:00.000Z',
          effective: true,
          before: { count: 2, weeklyMean: 0.5 },
          after: { count: 1, weeklyMean: 0.25 },
          change: { difference: -0.25, relative: -0.5 },
        },
      ]);
    });

    it('an org unit sees the actions naming it; the week before sees no verification yet', async () => {
      expect((await pack({ orgUnit: 'hub-2' })).correctiveActions).toMatchObject({
        due: 1,
        overdue: 0,
        completed: 1,
        effects: [],
      });
      // W09 [Feb 22 16:00Z, Mar 1 16:00Z): A2 is due in it (Feb 27) but was completed on Feb 20, so not
      // overdue; A1 and A3 are due later; A2 is verified only on Mar 4.
      expect((await pack({ week: '2026-W09' })).correctiveActions).toEqual({
        due: 1,
        overdue: 0,
        completed: 0,
        completedLate: 0,
        effects: [],
      });
    });
  });

  describe('filters', () => {
    it('org unit branch-7: k03 and k07; k07 is still a repeat of p09a received by branch-12', async () => {
      const result = await pack({ orgUnit: 'branch-7' });
      expect(result.volume.count).toBe(2);
      expect(result.repeatCustomer).toEqual({ numerator: 1, denominator: 2, rate: 0.5 });
      expect(result.escalation.byHighestLevel).toEqual([{ level: 2, count: 1 }]);
      expect(result.timeliness).toEqual({ numerator: 0, denominator: 1, rate: 0, interimReplies: 0 });
    });

    it('business line telecom: only t01', async () => {
      const result = await pack({ businessLine: 'telecom' });
      expect(result.volume).toMatchObject({ count: 1, abnormal: 0, previousWeek: 0 });
      expect(result.breakdowns.channel).toEqual([{ key: 'hotline-10086', count: 1 }]);
      expect(result.timeliness).toEqual({ numerator: 1, denominator: 1, rate: 1, interimReplies: 0 });
      expect(result.firstContactResolution).toEqual({ numerator: 0, denominator: 1, rate: 0 });
      expect(result.followUpRate).toEqual({ numerator: 1, denominator: 1, rate: 1 });
      expect(result.rootCausePareto).toEqual([]);
    });

    it('no business-line filter: every line together', async () => {
      const result = await pack({ businessLine: undefined });
      // 8 postal + t01.
      expect(result.volume.count).toBe(9);
      expect(result.filters).toEqual({ businessLine: null, orgUnit: null, scope: null });
    });

    it.each([
      { businessLine: "x' OR 1=1 --" },
      { orgUnit: "x' OR 1=1 --" },
      { businessLine: 'postal\\', orgUnit: "') OR ('1'='1" },
    ])('binds a hostile filter as a value: %j matches nothing', async (filter) => {
      const result = await pack(filter);
      expect(result.volume).toMatchObject({
        count: 0,
        abnormal: 0,
        previousWeek: 0,
        meanOfPrevious4Weeks: 0,
      });
      expect(result.breakdowns.channel).toEqual([]);
      expect(result.timeliness).toEqual({ numerator: 0, denominator: 0, rate: null, interimReplies: 0 });
      expect(result.overdueOpen.total).toBe(0);
      expect(result.escalation).toMatchObject({ rate: null, byHighestLevel: [] });
      expect(result.firstContactResolution.rate).toBeNull();
      expect(result.repeatCustomer.rate).toBeNull();
      expect(result.satisfaction.followUps).toBe(0);
      expect(result.rootCausePareto).toEqual([]);
    });

    it('refuses a bad week or a bad database name before querying', async () => {
      await expect(pack({ week: "2026-W10' --" })).rejects.toMatchObject({ code: 'QUERY.INVALID_WEEK' });
      await expect(
        weeklyPack(db.store, `${db.database}; DROP TABLE x`, { week: '2026-W10' }),
      ).rejects.toMatchObject({ code: 'ANALYTICS_STORE.INVALID_IDENTIFIER' });
    });
  });
});
