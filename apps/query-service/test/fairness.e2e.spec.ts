import { EventLog } from '@app/analytics/test-support/event-log';
import { harshUnitScenario } from '@app/analytics/kpi/fairness/test-support/harsh-unit.scenario';
import { type FairnessDrillDown } from '@app/analytics/kpi/fairness';
import { ANALYST, EXECUTIVE, bearer } from '@app/platform/auth/test-support';
import { type FairnessResponse } from '../src/reports/fairness/get-fairness.query';
import { type QueryServiceUnderTest, startQueryService } from './query-service.harness';

/**
 * The fairness report over HTTP on the generated data set with one harsher unit (unit-4): JSON, CSV and
 * drill-down agree, the scope is enforced, bad parameters are 400s naming the field.
 */
describe('query service: fairness report', () => {
  let service: QueryServiceUnderTest;
  const period = { period: '2026-03', businessLine: 'postal' };

  beforeAll(async () => {
    const events = harshUnitScenario({ seed: 7, harshUnit: 'unit-4', perCell: 100 });
    service = await startQueryService('fairness_http', new EventLog().recordAll(events));
  }, 120_000);

  afterAll(async () => {
    await service?.close();
  });

  it('answers the report with the ladder, the test and the flagged unit', async () => {
    const response = await service.as(ANALYST).get('/reports/fairness').query(period);
    expect(response.status).toBe(200);
    const { report, ladder } = response.body as FairnessResponse;
    expect(ladder.map((rung) => rung.code)).toEqual([
      'none',
      'notice',
      'warning',
      'points-deducted',
      'referral',
    ]);
    expect(ladder[3]!.labels).toEqual({ 'zh-CN': '扣分', en: 'Points deducted' });
    expect(report.test).toMatchObject({ name: 'chi-square', alpha: 0.05, correction: 'bonferroni' });
    expect(new Set(report.flags.filter((f) => f.dimension === 'orgUnit').map((f) => f.key))).toEqual(
      new Set(['unit-4']),
    );
  });

  it('the CSV carries the same cells and p-values', async () => {
    const json = (await service.as(ANALYST).get('/reports/fairness').query(period)).body as FairnessResponse;
    const csv = await service.as(ANALYST).get('/reports/fairness.csv').query(period);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const [header, ...rows] = (csv.text as string).trimEnd().split('\r\n');
    const columns = header!.split(',');
    const cells = json.report.strata.flatMap((s) => [...s.byOrgUnit, ...s.byDecider]);
    expect(rows).toHaveLength(cells.length);
    const at = (row: string, column: string) => row.split(',')[columns.indexOf(column)];
    const unit4 = rows.find((row) => row.includes(',orgUnit,unit-4,'))!;
    const stratum = json.report.strata.find((s) => s.byOrgUnit.some((c) => c.key === 'unit-4'))!;
    const cell = stratum.byOrgUnit.find((c) => c.key === 'unit-4')!;
    expect(Number(at(unit4, 'decided'))).toBe(cell.decided);
    expect(Number(at(unit4, 'pValue'))).toBe(cell.test.tested ? cell.test.pValue : NaN);
    expect(at(unit4, 'flagged')).toBe('yes');
  });

  it('drill-down lists the causes behind a cell', async () => {
    const { report } = (await service.as(ANALYST).get('/reports/fairness').query(period))
      .body as FairnessResponse;
    const stratum = report.strata[0]!;
    const cell = stratum.byOrgUnit[0]!;
    const list = await service
      .as(ANALYST)
      .get('/reports/fairness/drill-down')
      .query({
        ...period,
        causeCode: stratum.causeCode,
        severity: stratum.severity,
        dimension: 'orgUnit',
        key: cell.key,
        level: 'warning',
      });
    expect(list.status).toBe(200);
    expect((list.body as FairnessDrillDown).total).toBe(cell.levels.warning);
  });

  it('a scoped supervisor sees only the complaints of its units', async () => {
    const scoped = bearer({ roles: ['supervisor'], orgUnits: ['unit-1', 'unit-4'] });
    const { report } = (await service.as(scoped).get('/reports/fairness').query(period))
      .body as FairnessResponse;
    expect(report.filters.scope).toEqual(['unit-1', 'unit-4']);
    expect(new Set(report.appeals.orgUnit.map((row) => row.key))).toEqual(new Set(['unit-1', 'unit-4']));
    const other = await service
      .as(scoped)
      .get('/reports/fairness/drill-down')
      .query({
        ...period,
        causeCode: 'staff-attitude',
        severity: 'minor',
        dimension: 'orgUnit',
        key: 'unit-2',
      });
    expect((other.body as FairnessDrillDown).total).toBe(0);
  });

  it('refuses an executive, and bad parameters with the field, reason and code', async () => {
    expect((await service.as(EXECUTIVE).get('/reports/fairness').query(period)).status).toBe(403);
    const bad = await service.as(ANALYST).get('/reports/fairness').query({ period: '2026-13' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      expect.objectContaining({ field: 'period', code: 'QUERY.INVALID_PERIOD' }),
    ]);
    const missing = await service
      .as(ANALYST)
      .get('/reports/fairness/drill-down')
      .query({ period: '2026-03', causeCode: 'x', severity: 'minor', key: 'u', dimension: 'unit' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([
      expect.objectContaining({ field: 'dimension', code: 'QUERY.UNKNOWN_DIMENSION' }),
    ]);
  });
});
