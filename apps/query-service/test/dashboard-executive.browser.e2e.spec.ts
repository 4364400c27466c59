import { type Browser, type Page } from 'playwright-core';
import { type CountTrend, type RateTrend } from '@app/analytics/kpi/executive';
import { recordExecutiveScenario } from '@app/analytics/kpi/executive/test-support/executive.scenario';
import { type DrillDownReport } from '../src/reports/drill-down/get-drill-down.query';
import { type ExecutiveReportResponse } from '../src/reports/executive/get-executive-report.query';
import { type ReportLabels } from '../src/reports/labels/report-labels';
import {
  ARTIFACTS,
  type BrowserGlobals,
  type Figure,
  type Served,
  closeServed,
  describeInBrowser,
  getJson,
  labelText,
  openBrowser,
  paintedCharts,
  readFigures,
  serve,
  signIn,
  waitReady,
} from './dashboard-browser.harness';

type Lang = 'zh-CN' | 'en';
const COMPARED = ['current', 'previousPeriod', 'yearAgo'] as const;
const CHANGES = ['changeVsPreviousPeriod', 'changeVsYearAgo'] as const;

/** The page's number formats, written out again here so that the shown text is checked, not only the value. */
const formats = (lang: Lang) => ({
  percent: (rate: number | null) =>
    rate === null
      ? '—'
      : new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(rate),
  signed: (value: number | null) =>
    value === null
      ? '—'
      : new Intl.NumberFormat(lang, { maximumFractionDigits: 2, signDisplay: 'exceptZero' }).format(value),
  points: (difference: number | null) => {
    if (difference === null) return '—';
    const shown = new Intl.NumberFormat(lang, { maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(
      difference * 100,
    );
    return lang === 'en' ? `${shown} pp` : `${shown}个百分点`;
  },
});

/**
 * The executive report page over the executive scenario (executive.scenario.ts: 2026-Q1, Asia/Shanghai,
 * postal, against 2025-Q4 and 2025-Q1): every figure it shows is the API's, each count opens its list.
 */
describeInBrowser('dashboard in a headless browser: the executive report page', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  let labels: ReportLabels;
  let pageErrors: string[] = [];
  const query = 'period=2026-Q1&businessLine=postal';
  const api = <T>(path: string): Promise<T> => getJson<T>(`${served.base}${path}`);

  /** Every figure of the report on the page, in `lang`, against the API's JSON. */
  const expectReportShown = (
    figures: Record<string, Figure>,
    response: ExecutiveReportResponse,
    lang: Lang,
  ) => {
    const { report } = response;
    const format = formats(lang);
    const expectFigure = (kpi: string, value: number | string | null, text: string) =>
      expect({ kpi, value: figures[kpi]?.value, text: figures[kpi]?.text }).toEqual({
        kpi,
        value: String(value ?? ''),
        text,
      });
    const expectCount = (kpi: string, count: number) => expectFigure(kpi, count, String(count));

    expectFigure('period.id', '2026-Q1', `${lang === 'en' ? 'Period' : '时段'} 2026-Q1`);
    for (const [id, trend] of Object.entries(report.kpis) as [string, CountTrend | RateTrend][]) {
      if (trend.unit === 'count') {
        for (const which of COMPARED) expectCount(`kpis.${id}.${which}`, trend[which]);
        for (const change of CHANGES) {
          expectFigure(
            `kpis.${id}.${change}.difference`,
            trend[change].difference,
            format.signed(trend[change].difference),
          );
          expectFigure(
            `kpis.${id}.${change}.relative`,
            trend[change].relative,
            trend[change].relative === null
              ? '—'
              : new Intl.NumberFormat(lang, {
                  style: 'percent',
                  maximumFractionDigits: 1,
                  signDisplay: 'exceptZero',
                }).format(trend[change].relative),
          );
        }
      } else {
        for (const which of COMPARED) {
          const { numerator, denominator, rate } = trend[which];
          expectFigure(`kpis.${id}.${which}.rate`, rate, format.percent(rate));
          expectCount(`kpis.${id}.${which}.numerator`, numerator);
          expectCount(`kpis.${id}.${which}.denominator`, denominator);
        }
        for (const change of CHANGES)
          expectFigure(
            `kpis.${id}.${change}.difference`,
            trend[change].difference,
            format.points(trend[change].difference),
          );
      }
    }
    for (const point of report.volumeSeries.current)
      expectCount(`volumeSeries.current.${point.id}`, point.count);
    for (const point of report.volumeSeries.yearAgo)
      expectCount(`volumeSeries.yearAgo.${point.id}`, point.count);
    expect(report.topCauses.length).toBeGreaterThan(0);
    for (const cause of report.topCauses) {
      const key = `topCauses.${cause.family}/${cause.causeCode}/${cause.responsibleUnit}`;
      expectCount(`${key}.count`, cause.count);
      expectFigure(`${key}.share`, cause.share, format.percent(cause.share));
      expectCount(`${key}.previousPeriod`, cause.previousPeriod);
      expectCount(`${key}.yearAgo`, cause.yearAgo);
      for (const change of CHANGES)
        expectFigure(
          `${key}.${change}.difference`,
          cause[change].difference,
          format.signed(cause[change].difference),
        );
    }
    const actions = report.correctiveActions;
    for (const [status, count] of Object.entries(actions.byStatus))
      expectCount(`correctiveActions.byStatus.${status}`, count);
    expectCount('correctiveActions.overdue', actions.overdue);
    expectCount('correctiveActions.completedInPeriod.total', actions.completedInPeriod.total);
    expectCount('correctiveActions.completedInPeriod.late', actions.completedInPeriod.late);
    expectCount('correctiveActions.verifiedInPeriod.effective', actions.verifiedInPeriod.effective);
    expectCount('correctiveActions.verifiedInPeriod.notEffective', actions.verifiedInPeriod.notEffective);
  };

  beforeAll(async () => {
    served = await serve('dashboard_exec', recordExecutiveScenario());
    labels = await api<ReportLabels>('/reports/labels');
    ({ browser, page, errors: pageErrors } = await openBrowser());
    await signIn(page, `${served.base}/dashboard/executive?${query}`);
  });

  afterAll(async () => {
    await browser?.close();
    await closeServed(served);
  });

  it('shows every figure of the report as the API answers it, with each formula', async () => {
    const response = await api<ExecutiveReportResponse>(`/reports/executive?${query}`);
    await page.goto(`${served.base}/dashboard/executive?${query}`);
    await waitReady(page, 'zh-CN');
    const figures = await readFigures(page);
    expectReportShown(figures, response, 'zh-CN');
    // The scenario's figures, so that a page and an API that both went wrong cannot agree.
    expect(
      [
        'kpis.volume.current',
        'kpis.volume.previousPeriod',
        'kpis.timeliness.current.rate',
        'kpis.timeliness.changeVsYearAgo.difference',
        'correctiveActions.byStatus.verified',
      ].map((kpi) => figures[kpi].text),
    ).toEqual(['9', '6', '75%', '+41.7个百分点', '2']);

    // Each headline KPI with the formula of the definition that explains it, every definition shown.
    for (const kpi of labels.executiveKpis) {
      const definition = response.definitions.find(({ id }) => id === kpi.definition)!;
      expect(await labelText(page, `kpis.${kpi.id}`)).toBe(kpi.label['zh-CN']);
      expect(await page.locator(`[data-kpi-formula="${kpi.id}"]`).textContent()).toContain(
        definition.formula['zh-CN'],
      );
    }
    for (const { id, formula } of response.definitions)
      expect(await page.locator(`[data-formula="${id}"]`).first().textContent()).toContain(formula['zh-CN']);

    // Counts open their lists over the period they belong to; a rate's parts open theirs.
    const href = (kpi: string) => figures[kpi].href;
    expect(href('kpis.volume.current')).toBe(
      '/dashboard/drill-down?metric=volume&period=2026-Q1&businessLine=postal',
    );
    expect(href('kpis.volume.previousPeriod')).toContain('metric=volume&period=2025-Q4');
    expect(href('kpis.volume.yearAgo')).toContain('metric=volume&period=2025-Q1');
    expect(href('kpis.satisfied.current.numerator')).toContain(
      `metric=satisfaction&period=2026-Q1&key=${encodeURIComponent('result:satisfied')}`,
    );
    expect(href('kpis.firstContactResolution.current.denominator')).toContain('metric=closed&period=2026-Q1');
    expect(href('volumeSeries.current.2026-02')).toContain('metric=volume&period=2026-02');
    const top = response.report.topCauses[0];
    const topKey = `${top.family}/${top.causeCode}/${top.responsibleUnit}`;
    expect(href(`topCauses.${topKey}.count`)).toContain(
      `metric=rootCausePareto&period=2026-Q1&key=${encodeURIComponent(topKey)}`,
    );
    expect(await page.locator('a.csv').getAttribute('href')).toBe(`/reports/executive.csv?${query}`);
    expect(pageErrors).toEqual([]);
  });

  it('draws the volume against a year ago, the top causes and the actions with ECharts', async () => {
    const { report } = await api<ExecutiveReportResponse>(`/reports/executive?${query}`);
    const canvases = await paintedCharts(page);
    expect(canvases.map(({ chart }) => chart)).toEqual([
      'volumeSeries',
      'topCauses',
      'correctiveActions.byStatus',
    ]);
    for (const { chart, painted } of canvases)
      expect({ chart, painted: painted > 100 }).toEqual({ chart, painted: true });
    const volume = await page.evaluate(() => {
      const { echarts, document } = globalThis as unknown as BrowserGlobals;
      const option = echarts
        .getInstanceByDom(document.querySelector('[data-chart="volumeSeries"]'))
        .getOption() as { xAxis: { data: string[] }[]; series: { data: number[] }[] };
      return { axis: option.xAxis[0].data, series: option.series.map(({ data }) => data) };
    });
    expect(volume).toEqual({
      axis: report.volumeSeries.current.map(({ id }) => id),
      series: [
        report.volumeSeries.current.map(({ count }) => count),
        report.volumeSeries.yearAgo.map(({ count }) => count),
      ],
    });
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-executive.png`, fullPage: true });
  });

  it('switches to English without a reload: labels change, the figures stay', async () => {
    const response = await api<ExecutiveReportResponse>(`/reports/executive?${query}`);
    const before = await readFigures(page);
    await page.evaluate(() => {
      (globalThis as unknown as BrowserGlobals).marker = 'same document';
    });
    await page.click('button[data-lang="en"]');
    await waitReady(page, 'en');

    expect(await page.evaluate(() => (globalThis as unknown as BrowserGlobals).marker)).toBe('same document');
    expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
    const after = await readFigures(page);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    expectReportShown(after, response, 'en');
    expect(after['kpis.timeliness.changeVsYearAgo.difference'].text).toBe('+41.7 pp');
    expect(await labelText(page, 'kpis.satisfied')).toBe('Satisfied with the result');
    expect(await labelText(page, 'kpis.followUps')).toBe('Follow-ups');
    expect(await labelText(page, 'filters.businessLine')).toBe(labels.businessLines.postal.en);
    expect(await labelText(page, 'definition.executive.topCauses')).toBe('Top causes');
    // A cause of the taxonomy by its label, one it does not know by its code.
    for (const cause of response.report.topCauses)
      expect(
        await labelText(page, `topCauses.${cause.family}/${cause.causeCode}/${cause.responsibleUnit}.cause`),
      ).toBe(labels.causes[cause.causeCode]?.labels.en ?? cause.causeCode);
    expect(response.report.topCauses.map(({ causeCode }) => causeCode)).toContain('system-outage');
    expect(after['kpis.volume.current'].href).toContain('lang=en');
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-executive.en.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('prints on A4 without the controls', async () => {
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav.nav').isVisible()).toBe(false);
    expect(await page.locator('form.controls').isVisible()).toBe(false);
    expect(await page.locator('[data-kpi="kpis.volume.current"]').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
  });

  it("follows the satisfied share's numerator to its complaints over the quarter, as the drill-down API lists them", async () => {
    const { report } = await api<ExecutiveReportResponse>(`/reports/executive?${query}`);
    const list = await api<DrillDownReport>(
      `/reports/drill-down?metric=satisfaction&key=result%3Asatisfied&${query}`,
    );
    expect(list.members).toBe(report.kpis.satisfied.current.numerator);

    await Promise.all([
      page.waitForURL(/\/dashboard\/drill-down\?/),
      page.click('a[data-kpi="kpis.satisfied.current.numerator"]'),
    ]);
    await waitReady(page, 'en');
    const figures = await readFigures(page);
    expect(figures['drillDown.period'].value).toBe('2026-Q1');
    expect(figures['drillDown.period'].text).toBe('Period 2026-Q1');
    expect(figures['drillDown.total'].value).toBe(String(list.total));
    const ids = await page.$$eval('a[data-complaint-id]', (links) =>
      links.map((link) => link.getAttribute('data-complaint-id')),
    );
    expect(ids).toEqual(list.complaintIds);
    expect(ids).toEqual(['c01', 'c06', 'q05']);
    expect(await labelText(page, 'drillDown.metric')).toBe(
      `${labels.drillDownMetrics.satisfaction.en} · ${labels.followUpQuestions.result.en}: ${labels.followUpAnswers.result.satisfied.en}`,
    );
    // The CSV and the way back keep the period.
    expect(await page.locator('a.csv').getAttribute('href')).toContain('period=2026-Q1');
    expect(await page.locator('header a.no-print').getAttribute('href')).toBe(
      `/dashboard/executive?${query}&lang=en`,
    );
    expect(pageErrors).toEqual([]);
  });

  it('picks another period with the period fields and reads it from the address', async () => {
    await page.goto(`${served.base}/dashboard/executive?${query}&lang=en`);
    await waitReady(page, 'en');
    await page.selectOption('select[data-period="kind"]', 'month');
    await page.selectOption('select[data-period="part"]', '3');
    expect(await page.inputValue('input[name="period"]')).toBe('2026-03');
    await Promise.all([page.waitForURL(/period=2026-03/), page.click('form.controls button[type="submit"]')]);
    await waitReady(page, 'en');
    const { report } = await api<ExecutiveReportResponse>(
      '/reports/executive?period=2026-03&businessLine=postal',
    );
    const figures = await readFigures(page);
    expect(figures['period.id'].value).toBe('2026-03');
    expect(figures['kpis.volume.current'].value).toBe(String(report.kpis.volume.current));
    // A month is read by its ISO weeks, clipped to the month: those parts are shown without a list.
    expect(report.volumeSeries.unit).toBe('isoWeek');
    expect(figures[`volumeSeries.current.${report.volumeSeries.current[0].id}`].href).toBeNull();
    expect(await page.locator('[data-nav="executive"]').getAttribute('aria-current')).toBe('page');
    expect(pageErrors).toEqual([]);
  });

  it('shows an API error with its field and reason, and keeps the controls', async () => {
    await page.goto(`${served.base}/dashboard/executive?period=2026-Q5&lang=en`);
    await waitReady(page, 'error');
    const error = page.locator('[role="alert"]');
    expect(await error.getAttribute('data-error-code')).toBe('VALIDATION.FAILED');
    expect(await error.locator('[data-error-field="period"]').textContent()).toContain('period');
    expect(await page.locator('form.controls').isVisible()).toBe(true);
  });
});
