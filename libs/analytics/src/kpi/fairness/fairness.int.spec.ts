import { migrate } from '../../migrations/migrate';
import { projectBatch } from '../../projections/project-event';
import { writeRows } from '../../read-model/write-rows';
import { type ChdbTestDatabase, openChdbTestDatabase } from '../../test-support/chdb-test-database';
import { EventLog } from '../../test-support/event-log';
import { ctx } from '../../test-support/projection-fixtures';
import { parseReportPeriod } from '../shared';
import { fairnessDrillDown, fairnessReport } from './fairness.sql';
import { LADDER, UNITS, decidersOf, harshUnitScenario } from './test-support/harsh-unit.scenario';

const SEED = Number(process.env.FAIRNESS_SEED ?? 20261207);
const HARSH = 'unit-4';
const PER_CELL = 100;

/**
 * The fairness report on a generated data set where one unit's supervisors decide one rung harsher than
 * everyone else: the report flags that unit, in every stratum, and no other unit; among deciders only
 * that unit's. The p-values are printed.
 */
describe('fairness report on a data set with one harsher unit, on chDB', () => {
  let db: ChdbTestDatabase;
  const period = parseReportPeriod('2026-03');

  beforeAll(async () => {
    db = await openChdbTestDatabase('fairness');
    await migrate(db.store, db.database);
    const events = harshUnitScenario({ seed: SEED, harshUnit: HARSH, perCell: PER_CELL });
    await writeRows(db.store, db.database, projectBatch(new EventLog().recordAll(events), ctx).rows);
  }, 120_000);

  afterAll(async () => {
    await db?.cleanup();
  });

  it('flags the harsh unit and no other, with the p-values and the threshold stated', async () => {
    const report = await fairnessReport(db.store, db.database, { period, ladder: LADDER });
    const lines = report.strata.flatMap((stratum) =>
      stratum.byOrgUnit.map(
        (cell) =>
          `${stratum.causeCode}/${stratum.severity} ${cell.key}: ` +
          (cell.test.tested
            ? `χ²=${cell.test.statistic.toFixed(2)} df=${cell.test.df} p=${cell.test.pValue.toExponential(3)}${cell.test.flagged ? ' FLAGGED' : ''}`
            : `not tested (${cell.test.reason})`),
      ),
    );
    console.log(
      `fairness (seed ${SEED}, ${PER_CELL} per unit and stratum; α=${report.test.alpha}, ` +
        `m=${report.test.tests.orgUnit}, threshold=${report.test.thresholds.orgUnit?.toExponential(3)}):\n` +
        lines.join('\n'),
    );
    expect(report.test).toMatchObject({ name: 'chi-square', correction: 'bonferroni', alpha: 0.05 });
    expect(report.test.tests.orgUnit).toBe(UNITS.length * 4);
    const flaggedUnits = new Set(report.flags.filter((f) => f.dimension === 'orgUnit').map((f) => f.key));
    expect([...flaggedUnits]).toEqual([HARSH]);
    for (const flag of report.flags) expect(flag.pValue).toBeLessThan(flag.threshold);
    const flaggedDeciders = report.flags.filter((f) => f.dimension === 'decider').map((f) => f.key);
    expect(flaggedDeciders.length).toBeGreaterThan(0);
    for (const decider of flaggedDeciders) expect(decidersOf(HARSH)).toContain(decider);
  });

  it('every cell equals its drill-down list, and the strata add up', async () => {
    const report = await fairnessReport(db.store, db.database, { period, ladder: LADDER });
    expect(report.strata.reduce((sum, s) => sum + s.decided, 0)).toBe(UNITS.length * 4 * PER_CELL);
    const stratum = report.strata[0]!;
    for (const cell of [...stratum.byOrgUnit, ...stratum.byDecider]) {
      const dimension = stratum.byOrgUnit.includes(cell) ? 'orgUnit' : 'decider';
      for (const level of report.levels) {
        const list = await fairnessDrillDown(db.store, db.database, {
          period,
          causeCode: stratum.causeCode,
          severity: stratum.severity,
          dimension,
          key: cell.key,
          level,
          page: 1,
          pageSize: 200,
        });
        expect(list.total).toBe(cell.levels[level]);
        expect(list.items).toHaveLength(cell.levels[level]!);
      }
    }
  });

  it('appeal and upheld rates per unit and decider', async () => {
    const report = await fairnessReport(db.store, db.database, { period, ladder: LADDER });
    const units = report.appeals.orgUnit;
    expect(units.map((u) => u.key)).toEqual([...UNITS]);
    for (const unit of units) {
      expect(unit.decided).toBe(4 * PER_CELL);
      expect(unit.appealRate).toBeCloseTo(unit.appealed / unit.decided, 10);
      expect(unit.upheld).toBeLessThanOrEqual(unit.appealed);
    }
    expect(report.appeals.decider.reduce((sum, d) => sum + d.appealed, 0)).toBe(
      units.reduce((sum, u) => sum + u.appealed, 0),
    );
  });

  it('a scope sees only its units: the harsh unit is not flagged against itself alone', async () => {
    const report = await fairnessReport(db.store, db.database, {
      period,
      ladder: LADDER,
      scope: ['unit-1', 'unit-2'],
    });
    expect(report.filters.scope).toEqual(['unit-1', 'unit-2']);
    expect(new Set(report.strata.flatMap((s) => s.byOrgUnit.map((c) => c.key)))).toEqual(
      new Set(['unit-1', 'unit-2']),
    );
    expect(report.flags.filter((f) => f.dimension === 'orgUnit')).toEqual([]);
  });
});
