import fc from 'fast-check';
import { type Pool } from 'pg';
import { type ChdbTestDatabase, openChdbTestDatabase } from '@app/analytics/test-support/chdb-test-database';
import { connectTestPool } from '@app/event-store/test-support/postgres-test-database';
import { formatDay, parseDay } from '../../apps/seeder/src/generator/calendar';
import { type Probe, checkDataSet } from './data-set-invariants';
import { type DataSetSpec, GeneratedReportData, type LiveFeedSpec } from './generated-report-data';
import { InvariantViolation, Invariants } from './report-invariants';

/**
 * The reports' invariants as a property over generated data sets: fast-check draws a data set (the
 * seeder's seed, size, span and end day; histories decided by the domain's deciders, stored in a
 * PostgreSQL event store and projected into chDB by the projector's own pipeline) and where to look (a
 * window of weeks, a report period, a business line, an org-unit scope), and every invariant is checked
 * through the public report and drill-down functions (`data-set-invariants.ts`, `report-invariants.ts`):
 *
 * - the five business lines add up to every line, week by week and for the executive period (every
 *   count, numerator, denominator, breakdown, bucket, answer, cause and corrective-action count);
 * - the org units of a line add up to the line, in the week's pack or in the period's report;
 * - every figure equals its drill-down list (all without a key, a sample of those with one), and the
 *   lines' lists share out the whole's;
 * - rates lie in [0, 1] where their definitions say so, and each report's parts agree;
 * - a week's figures are the same asked alone, inside another week's pack (its history), inside an
 *   executive period (its sub-periods, by drill-down over their bounds), and after a rebuild;
 * - a scoped report equals the report over only that scope's data.
 *
 * A failing case prints the fast-check seed and path, the smallest data set fast-check shrank it to,
 * and the first figure that broke. INVARIANTS_SEED and INVARIANTS_RUNS replay or widen the search.
 */
const SEED = Number(process.env.INVARIANTS_SEED ?? 20_261_215);
const RUNS = Number(process.env.INVARIANTS_RUNS ?? 4);
/** Once a data set has failed, shrinking stops trying smaller ones after this long. */
const SHRINK_BUDGET_MS = 150_000;
/**
 * The drill-downs of keyed figures (breakdown keys, buckets, levels, answers, causes) checked per data
 * set: a sample, since a week has a hundred of them; every figure without a key is checked every time.
 */
const KEYED_DRILL_DOWNS = 12;

const dataSets: fc.Arbitrary<DataSetSpec> = fc.record({
  seed: fc.noShrink(fc.integer({ min: 1, max: 2 ** 31 - 1 })),
  complaints: fc.integer({ min: 20, max: 700 }),
  months: fc.integer({ min: 1, max: 2 }),
  end: fc.integer({ min: 0, max: 240 }).map((days) => formatDay(parseDay('2025-11-01') + days)),
});

const liveFeeds: fc.Arbitrary<LiveFeedSpec> = fc.record({
  batchSize: fc.integer({ min: 25, max: 2000 }),
  cacheSize: fc.integer({ min: 1, max: 500 }),
  redeliverEvery: fc.integer({ min: 1, max: 6 }),
});

const probes: fc.Arbitrary<Probe> = fc.record({
  week: fc.nat(),
  period: fc.nat(),
  line: fc.nat(),
  units: fc.constantFrom('pack' as const, 'executive' as const),
  scope: fc.uniqueArray(fc.nat(), { minLength: 1, maxLength: 3 }),
  keyed: fc.uniqueArray(fc.nat(), { minLength: KEYED_DRILL_DOWNS, maxLength: KEYED_DRILL_DOWNS }),
});

describe('report invariants over generated data sets (property)', () => {
  let chdb: ChdbTestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    chdb = await openChdbTestDatabase('invariants');
    pool = await connectTestPool({ max: 4 });
  });

  afterAll(async () => {
    await pool?.end();
    await chdb?.cleanup();
  });

  it(`hold on ${RUNS} generated data sets (seed ${SEED})`, async () => {
    const totals = { dataSets: 0, complaints: 0, events: 0, figures: 0 };
    const started = Date.now();
    let firstFailureAt: number | undefined;
    await fc.assert(
      fc.asyncProperty(dataSets, liveFeeds, probes, async (spec, live, probe) => {
        // Shrinking a failure re-runs smaller data sets; it stops after a while with the smallest so far.
        if (firstFailureAt !== undefined && Date.now() - firstFailureAt > SHRINK_BUDGET_MS) fc.pre(false);
        const data = await GeneratedReportData.load(spec, live, chdb.store, pool);
        const check = new Invariants();
        try {
          await checkDataSet(check, data, probe);
        } catch (error) {
          firstFailureAt ??= Date.now();
          if (error instanceof InvariantViolation)
            error.message += ` (data set: ${data.complaintCount} complaint streams, ${data.events.length} events)`;
          throw error;
        } finally {
          await data.dispose();
        }
        if (firstFailureAt === undefined) {
          totals.dataSets += 1;
          totals.complaints += data.complaintCount;
          totals.events += data.events.length;
          totals.figures += check.figures;
        }
      }),
      { seed: SEED, numRuns: RUNS, includeErrorInReport: true },
    );
    console.info(
      `report invariants: seed ${SEED} (INVARIANTS_SEED), numRuns ${RUNS}: ${totals.dataSets} generated data sets ` +
        `(${totals.complaints} complaints, ${totals.events} events), ${totals.figures} figures checked ` +
        `in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    expect(totals.dataSets).toBe(RUNS);
    expect(totals.figures).toBeGreaterThan(RUNS * 1000);
  }, 1_200_000);
});
