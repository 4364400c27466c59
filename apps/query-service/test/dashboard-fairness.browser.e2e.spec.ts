import { type Browser, type Page } from 'playwright-core';
import { harshUnitScenario } from '@app/analytics/kpi/fairness/test-support/harsh-unit.scenario';
import { EventLog } from '@app/analytics/test-support/event-log';
import { type FairnessResponse } from '../src/reports/fairness/get-fairness.query';
import {
  ARTIFACTS,
  type Served,
  closeServed,
  describeInBrowser,
  getJson,
  openBrowser,
  serve,
  signIn,
  waitReady,
} from './dashboard-browser.harness';

/**
 * The fairness page over the generated data set with one harsher unit: it states the test and its
 * thresholds, flags the cells the API flags (unit-4 among the units), shows every count of the API,
 * opens the causes behind a count, and switches language without a reload.
 */
describeInBrowser('dashboard in a headless browser: the fairness page', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  let errors: string[] = [];
  const query = 'period=2026-03&businessLine=postal';

  beforeAll(async () => {
    const events = harshUnitScenario({ seed: 7, harshUnit: 'unit-4', perCell: 100 });
    served = await serve('fairness_page', new EventLog().recordAll(events));
    ({ browser, page, errors } = await openBrowser());
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await closeServed(served);
  });

  it('shows the test, the flags and the counts of the API, and opens a cell’s list', async () => {
    const { report } = await getJson<FairnessResponse>(`${served.base}/reports/fairness?${query}`);
    await signIn(page, `${served.base}/dashboard/fairness?${query}`);
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-fairness-zh-CN.png`, fullPage: true });

    const testText = await page.locator('section[data-test="chi-square"]').textContent();
    expect(testText).toContain('Bonferroni');
    expect(testText).toContain(String(report.test.tests.orgUnit));

    const flagged = await page.$$eval('[data-flagged]', (els) =>
      els.map((el) => el.getAttribute('data-flagged')),
    );
    const expected = report.strata.flatMap((s) => [
      ...s.byOrgUnit.filter((c) => c.test.flagged).map((c) => `orgUnit:${c.key}`),
      ...s.byDecider.filter((c) => c.test.flagged).map((c) => `decider:${c.key}`),
    ]);
    expect(flagged).toEqual(expected);
    expect(flagged.filter((f) => f?.startsWith('orgUnit:')).every((f) => f === 'orgUnit:unit-4')).toBe(true);

    const stratum = report.strata[0]!;
    const shownTotals = await page
      .locator(
        `table[data-stratum="${stratum.causeCode}/${stratum.severity}"][data-dimension="orgUnit"] tbody tr td:nth-child(2)`,
      )
      .allTextContents();
    expect(shownTotals).toEqual(stratum.byOrgUnit.map((c) => String(c.decided)));

    const cell = stratum.byOrgUnit.find((c) => c.key === 'unit-4')!;
    await page.click(`[data-drill="orgUnit:unit-4:referral"]`);
    await page.waitForSelector('[data-fairness-list] table');
    expect(await page.locator('[data-fairness-list] tbody tr').count()).toBe(cell.levels.referral);
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-fairness-drill-down.png`, fullPage: true });

    await page.click('button[data-lang="en"]');
    await waitReady(page, 'en');
    expect(await page.locator('h1').textContent()).toBe('Fair accountability');
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-fairness-en.png`, fullPage: true });
    expect(errors).toEqual([]);
  });
});
