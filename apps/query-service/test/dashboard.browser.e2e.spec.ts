import { type Browser, type Page } from 'playwright-core';
import { recordTrendsScenario } from '@app/analytics/kpi/trends/test-support/trends.scenario';
import { recordScenario } from '@app/analytics/kpi/weekly-pack/test-support/weekly-pack.scenario';
import { type DrillDownReport } from '../src/reports/drill-down/get-drill-down.query';
import { type ReportLabels } from '../src/reports/labels/report-labels';
import { type TrendsReport } from '../src/reports/trends/get-trends.query';
import { type WeeklyPackReport } from '../src/reports/weekly-pack/get-weekly-pack.query';
import {
  ARTIFACTS,
  type BrowserGlobals,
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

describeInBrowser('dashboard in a headless browser: the pages show the API figures', () => {
  let pack: Served;
  let trends: Served;
  let browser: Browser;
  let page: Page;
  let base: string;
  let labels: ReportLabels;
  let pageErrors: string[] = [];
  const query = 'week=2026-W10&businessLine=postal';

  const api = <T>(path: string, origin = base): Promise<T> => getJson<T>(`${origin}${path}`);

  beforeAll(async () => {
    // The pack's hand-built scenario (weekly-pack.e2e.spec.ts) and, apart, the trends' one with a spike week.
    pack = await serve('dashboard', recordScenario());
    trends = await serve('dashboard_trends', recordTrendsScenario());
    base = pack.base;
    labels = await api<ReportLabels>('/reports/labels');
    ({ browser, page, errors: pageErrors } = await openBrowser());
    // The tab keeps a credential per origin: the two services listen on two ports.
    await signIn(page, `${trends.base}/dashboard/trends`);
    await signIn(page, `${base}/dashboard/weekly-pack?${query}`);
  });

  afterAll(async () => {
    await browser?.close();
    await closeServed(trends);
    await closeServed(pack);
  });

  it('shows every figure of the pack as the API answers it, with each formula', async () => {
    const { pack, definitions } = await api<WeeklyPackReport>(`/reports/weekly-pack?${query}`);
    await page.goto(`${base}/dashboard/weekly-pack?${query}`);
    await waitReady(page, 'zh-CN');
    const figures = await readFigures(page);
    const percent = (rate: number | null) =>
      rate === null
        ? '—'
        : new Intl.NumberFormat('zh-CN', { style: 'percent', maximumFractionDigits: 1 }).format(rate);
    const expectCount = (kpi: string, count: number) => {
      expect({ kpi, text: figures[kpi]?.text, value: figures[kpi]?.value }).toEqual({
        kpi,
        text: String(count),
        value: String(count),
      });
    };
    const expectRate = (
      kpi: string,
      rate: { numerator: number; denominator: number; rate: number | null },
    ) => {
      expectCount(`${kpi}.numerator`, rate.numerator);
      expectCount(`${kpi}.denominator`, rate.denominator);
      expect(figures[`${kpi}.rate`]).toMatchObject({
        text: percent(rate.rate),
        value: String(rate.rate ?? ''),
      });
    };

    expect(figures['week.id'].value).toBe('2026-W10');
    expectCount('volume.count', pack.volume.count);
    expectCount('volume.abnormal', pack.volume.abnormal);
    expectCount('volume.previousWeek', pack.volume.previousWeek);
    expect(figures['volume.meanOfPrevious4Weeks'].value).toBe(String(pack.volume.meanOfPrevious4Weeks));
    for (const { key, count } of pack.breakdowns.channel) expectCount(`breakdowns.channel.${key}`, count);
    for (const { key, count } of pack.breakdowns.category) expectCount(`breakdowns.category.${key}`, count);
    expectRate('timeliness', pack.timeliness);
    expectCount('timeliness.late', pack.timeliness.denominator - pack.timeliness.numerator);
    expectCount('timeliness.interimReplies', pack.timeliness.interimReplies);
    expectCount('overdueOpen.total', pack.overdueOpen.total);
    for (const { key, count } of pack.overdueOpen.byAge) expectCount(`overdueOpen.byAge.${key}`, count);
    expectRate('escalation', pack.escalation);
    for (const { level, count } of pack.escalation.byHighestLevel)
      expectCount(`escalation.byHighestLevel.${level}`, count);
    expectRate('firstContactResolution', pack.firstContactResolution);
    expectRate('reopen', pack.reopen);
    expectRate('repeatCustomer', pack.repeatCustomer);
    expectRate('followUpRate', pack.followUpRate);
    expectCount('satisfaction.followUps', pack.satisfaction.followUps);
    expect(pack.rootCausePareto.length).toBeGreaterThan(0);
    for (const row of pack.rootCausePareto) {
      const key = `rootCausePareto.${row.family}/${row.causeCode}/${row.responsibleUnit}`;
      expectCount(`${key}.count`, row.count);
      expectCount(`${key}.previousWeek`, row.previousWeek);
      expect(figures[`${key}.cumulativeShare`]).toMatchObject({ text: percent(row.cumulativeShare) });
    }
    for (const field of ['due', 'overdue', 'completed', 'completedLate'] as const)
      expect(figures[`correctiveActions.${field}`]?.value).toBe(String(pack.correctiveActions[field]));
    for (const effect of pack.correctiveActions.effects)
      expect(figures[`correctiveActions.effects.${effect.actionId}.after`]?.value).toBe(
        String(effect.after.weeklyMean),
      );
    // The scenario's figures, so that a page and an API that both went wrong cannot agree.
    expect([figures['volume.count'].text, figures['timeliness.rate'].text]).toEqual(['8', '66.7%']);

    for (const { id, formula } of definitions)
      expect(await page.locator(`[data-formula="${id}"]`).first().textContent()).toContain(formula['zh-CN']);
    expect(figures['volume.count'].href).toContain('/dashboard/drill-down?metric=volume&week=2026-W10');
    expect(pageErrors).toEqual([]);
  });

  it('draws the charts with ECharts, the Pareto with its cumulative share on a second axis', async () => {
    const { pack } = await api<WeeklyPackReport>(`/reports/weekly-pack?${query}`);
    const canvases = await paintedCharts(page);
    expect(canvases.map(({ chart }) => chart)).toEqual(
      expect.arrayContaining(['volume.weeks', 'breakdowns.channel', 'overdueOpen.byAge', 'rootCausePareto']),
    );
    for (const { chart, painted } of canvases)
      expect({ chart, painted: painted > 100 }).toEqual({ chart, painted: true });

    const pareto = await page.evaluate(() => {
      const { echarts, document } = globalThis as unknown as BrowserGlobals;
      const option = echarts
        .getInstanceByDom(document.querySelector('[data-chart="rootCausePareto"]'))
        .getOption() as { series: { type: string; yAxisIndex?: number; data: number[] }[] };
      return option.series.map(({ type, yAxisIndex, data }) => ({ type, yAxisIndex: yAxisIndex ?? 0, data }));
    });
    expect(pareto).toEqual([
      { type: 'bar', yAxisIndex: 0, data: pack.rootCausePareto.map((row) => row.count) },
      { type: 'line', yAxisIndex: 1, data: pack.rootCausePareto.map((row) => row.cumulativeShare) },
    ]);
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-weekly-pack.png`, fullPage: true });
  });

  it('switches to English without a reload: taxonomy and KPI labels change, the figures stay', async () => {
    const volumeLabel = labels.kpis.find((kpi) => kpi.id === 'volume')!.label;
    expect(await labelText(page, 'kpi.volume')).toBe(volumeLabel['zh-CN']);
    expect(await labelText(page, 'breakdowns.channel.counter')).toBe(labels.channels.counter['zh-CN']);
    expect(await labelText(page, 'filters.businessLine')).toBe(labels.businessLines.postal['zh-CN']);
    const before = await readFigures(page);
    await page.evaluate(() => {
      (globalThis as unknown as BrowserGlobals).marker = 'same document';
    });

    await page.click('button[data-lang="en"]');
    await waitReady(page, 'en');

    expect(await page.evaluate(() => (globalThis as unknown as BrowserGlobals).marker)).toBe('same document');
    expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await labelText(page, 'kpi.volume')).toBe(volumeLabel.en);
    expect(await labelText(page, 'breakdowns.channel.counter')).toBe(labels.channels.counter.en);
    expect(await labelText(page, 'filters.businessLine')).toBe('Postal');
    expect(await labelText(page, 'kpi.firstContactResolution')).toBe('First-contact resolution');
    const after = await readFigures(page);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    expect(after['volume.count'].text).toBe(before['volume.count'].text);
    expect(after['volume.count'].href).toContain('lang=en');
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-weekly-pack.en.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('prints on A4 without the controls', async () => {
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav.nav').isVisible()).toBe(false);
    expect(await page.locator('form.controls').isVisible()).toBe(false);
    expect(await page.locator('[data-kpi="volume.count"]').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
  });

  it('follows the volume to the list of its complaints, as the drill-down API lists them', async () => {
    const { pack } = await api<WeeklyPackReport>(`/reports/weekly-pack?${query}`);
    const list = await api<DrillDownReport>(`/reports/drill-down?metric=volume&${query}`);
    expect(list.total).toBe(pack.volume.count);

    await Promise.all([
      page.waitForURL(/\/dashboard\/drill-down\?/),
      page.click('a[data-kpi="volume.count"]'),
    ]);
    await waitReady(page, 'en');

    const figures = await readFigures(page);
    expect(figures['drillDown.total'].value).toBe(String(list.total));
    expect(figures['drillDown.total'].text).toBe(String(pack.volume.count));
    expect(figures['drillDown.week'].value).toBe('2026-W10');
    const ids = await page.$$eval('a[data-complaint-id]', (links) =>
      links.map((link) => link.getAttribute('data-complaint-id')),
    );
    expect(ids).toEqual(list.complaintIds);
    expect(await labelText(page, 'drillDown.metric')).toBe(labels.drillDownMetrics.volume.en);
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-drill-down.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('draws the cause trends as the trends API answers them, spike weeks marked', async () => {
    const trendsQuery =
      'dimension=causeCode&granularity=week&from=2026-03-02&to=2026-04-05&businessLine=postal';
    const report = await api<TrendsReport>(`/reports/trends?${trendsQuery}`, trends.base);
    const spiking = report.trends.series.filter((series) => series.spikes.length > 0);
    expect(spiking.map((series) => series.key)).toEqual(['attitude']);
    await page.goto(`${trends.base}/dashboard/trends?${trendsQuery}`);
    await waitReady(page, 'zh-CN');

    const figures = await readFigures(page);
    for (const series of report.trends.series)
      expect(figures[`trends.series.${series.key}.total`]?.value).toBe(String(series.total));
    expect(await page.locator('[data-spike="2026-W12"]').count()).toBe(1);
    // The x axis is the bucket index: a spike week shades its bucket (index ± 0.5) and pins its count.
    const lines = await page.evaluate(() => {
      const { echarts, document } = globalThis as unknown as BrowserGlobals;
      const option = echarts
        .getInstanceByDom(document.querySelector('[data-chart="trends"]'))
        .getOption() as {
        series: {
          data: [number, number][];
          markArea: { data: { xAxis: number }[][] };
          markPoint: { data: { coord: [number, number]; value: number }[] };
        }[];
      };
      return option.series.map(({ data, markArea, markPoint }) => ({
        data: data.map(([, count]) => count),
        areas: markArea.data.map(([from, to]) => [from.xAxis, to.xAxis]),
        points: markPoint.data.map(({ coord, value }) => ({ coord, value })),
      }));
    });
    const bucket = (week: string) => report.trends.buckets.findIndex((each) => each.id === week);
    expect(lines).toEqual(
      report.trends.series.map((series) => ({
        data: series.points.map((point) => point.count),
        areas: series.spikes.map((spike) => [bucket(spike.week) - 0.5, bucket(spike.week) + 0.5]),
        points: series.spikes.map((spike) => ({
          coord: [bucket(spike.week), spike.count],
          value: spike.count,
        })),
      })),
    );
    expect(lines[1].areas).toEqual([[1.5, 2.5]]);
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-trends.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('shows an API error with its field and reason, and keeps the controls', async () => {
    await page.goto(`${base}/dashboard/weekly-pack?week=2026-W99&businessLine=postal&lang=en`);
    await waitReady(page, 'error');
    const error = page.locator('[role="alert"]');
    expect(await error.getAttribute('data-error-code')).toBe('VALIDATION.FAILED');
    expect(await error.locator('[data-error-field="week"]').textContent()).toContain('week');
    expect(await page.locator('form.controls input[name="week"]').getAttribute('value')).toBe('2026-W99');
  });

  it('redirects /dashboard to the pack, keeping the parameters', async () => {
    const response = await fetch(`${base}/dashboard?${query}`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`/dashboard/weekly-pack?${query}`);
  });
});
