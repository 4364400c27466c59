import { existsSync, mkdirSync } from 'node:fs';
import { type INestApplication } from '@nestjs/common';
import { type Browser, type Page, chromium } from 'playwright-core';
import { migrate, projectBatch, writeRows } from '@app/analytics';
import { recordTrendsScenario } from '@app/analytics/kpi/test-support/trends.scenario';
import { recordScenario } from '@app/analytics/kpi/test-support/weekly-pack.scenario';
import { type ChdbTestDatabase, openChdbTestDatabase } from '@app/analytics/test-support/chdb-test-database';
import { ctx } from '@app/analytics/test-support/projection-fixtures';
import { complaintStream } from '@app/complaints';
import { CUSTOMER } from '@app/complaints/test-support/complaint-events';
import { type RecordedEvent } from '@app/event-store';
import { createQueryHttpApp } from '../src/bootstrap';
import { loadQueryServiceConfig } from '../src/config/query-service.config';
import { QueryServiceModule } from '../src/query-service.module';
import { type DrillDownReport } from '../src/reports/drill-down/get-drill-down.query';
import { type ReportLabels } from '../src/reports/labels/report-labels';
import { type TrendsReport } from '../src/reports/trends/get-trends.query';
import { type WeeklyPackReport } from '../src/reports/weekly-pack/get-weekly-pack.query';

/** Debian's Chromium (scripts/ensure-chromium.sh installs it); `npx playwright install` is not used. */
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = 'test-artifacts';

// In CI a missing browser is a failure (the launch throws); only a local run without one says why it skips.
const runnable = existsSync(CHROMIUM) || Boolean(process.env.CI);
if (!runnable)
  console.warn(
    `SKIP dashboard browser test: ${CHROMIUM} is missing (bash scripts/ensure-chromium.sh installs it)`,
  );
const describeInBrowser = runnable ? describe : describe.skip;

type Figure = { text: string; value: string; href: string | null };

/** Every figure on the page by its `data-kpi` name: the text shown, the raw value, the drill-down link. */
const readFigures = async (page: Page): Promise<Record<string, Figure>> =>
  Object.fromEntries(
    await page.$$eval('[data-kpi]', (elements) =>
      elements.map((element) => [
        element.getAttribute('data-kpi') ?? '',
        {
          text: element.textContent ?? '',
          value: element.getAttribute('data-value') ?? '',
          href: element.getAttribute('href'),
        },
      ]),
    ),
  );

/** The browser's globals the checks read, typed here: the test compiles without the DOM library. */
type BrowserGlobals = {
  marker?: string;
  document: { querySelector(selector: string): unknown };
  echarts: { getInstanceByDom(element: unknown): { getOption(): unknown } };
};

/** The query service over its own chDB database holding `events`, listening on a free local port. */
type Served = { db: ChdbTestDatabase; app: INestApplication; base: string };

const serve = async (prefix: string, events: RecordedEvent[]): Promise<Served> => {
  const db = await openChdbTestDatabase(prefix);
  await migrate(db.store, db.database);
  await writeRows(db.store, db.database, projectBatch(events, ctx).rows);
  const config = loadQueryServiceConfig({ ANALYTICS_DATABASE: db.database, LOG_LEVEL: 'silent' });
  const app = await createQueryHttpApp(QueryServiceModule.register({ config, analyticsStore: db.store }), {
    logger: false,
  });
  await app.listen(0, '127.0.0.1');
  return { db, app, base: await app.getUrl() };
};

const labelText = (page: Page, name: string) => page.locator(`[data-label="${name}"]`).first().textContent();

const waitReady = (page: Page, state: string) => page.waitForSelector(`body[data-ready="${state}"]`);

describeInBrowser('dashboard in a headless browser: the pages show the API figures', () => {
  let pack: Served;
  let trends: Served;
  let browser: Browser;
  let page: Page;
  let base: string;
  let labels: ReportLabels;
  const pageErrors: string[] = [];
  const query = 'week=2026-W10&businessLine=postal';

  const api = async <T>(path: string, origin = base): Promise<T> => {
    const response = await fetch(`${origin}${path}`);
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // The pack's hand-built scenario (weekly-pack.e2e.spec.ts) and, apart, the trends' one with a spike week.
    pack = await serve('dashboard', recordScenario());
    trends = await serve('dashboard_trends', recordTrendsScenario());
    base = pack.base;
    labels = await api<ReportLabels>('/reports/labels');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`${message.text()} (${message.location().url})`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    for (const served of [trends, pack]) {
      await served?.app.close();
      await served?.db.cleanup();
    }
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
    // Painted pixels (alpha > 0) of each chart's canvas: ECharts drew something, not just an empty box.
    const canvases = await page.$$eval('[data-chart]', (boxes) =>
      boxes.map((box) => {
        const chart = box.getAttribute('data-chart');
        const canvas = box.querySelector('canvas');
        if (!canvas) return { chart, painted: 0 };
        const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
        let painted = 0;
        for (let index = 3; index < pixels.length; index += 4) if (pixels[index] > 0) painted += 1;
        return { chart, painted };
      }),
    );
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
    const ids = await page.$$eval('a[data-complaint-id]', (links) =>
      links.map((link) => link.getAttribute('data-complaint-id')),
    );
    expect(ids).toEqual(list.complaintIds);
    expect(await labelText(page, 'drillDown.metric')).toBe(labels.drillDownMetrics.volume.en);
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-drill-down.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it("opens a complaint's timeline from the list, in order, without the customer's personal data", async () => {
    const recorded = recordScenario().filter((event) => event.streamId === complaintStream('k03'));
    // The command service answers GET /complaints/:id/events; this test serves the same shape itself.
    await page.route('**/complaints/k03/events', (route) =>
      route.fulfill({
        json: {
          complaintId: 'k03',
          version: recorded.length - 1,
          events: recorded.map((event) => ({
            revision: event.streamRevision,
            eventId: event.eventId,
            type: event.type,
            schemaVersion: event.schemaVersion,
            occurredAt: event.metadata.occurredAt,
            recordedAt: event.recordedAt.toISOString(),
            actor: event.metadata.actor,
            correlationId: event.metadata.correlationId,
            data: event.data,
          })),
        },
      }),
    );
    await Promise.all([
      page.waitForURL(/\/dashboard\/complaints\/k03/),
      page.click('a[data-complaint-id="k03"]'),
    ]);
    await waitReady(page, 'en');
    const types = await page.$$eval('[data-event-type]', (cells) =>
      cells.map((cell) => [cell.getAttribute('data-event-type'), cell.textContent]),
    );
    expect(types.map(([type]) => type)).toEqual(recorded.map((event) => event.type));
    expect(types[0]).toEqual(['ComplaintRegistered', labels.eventTypes.ComplaintRegistered.en]);
    const body = (await page.textContent('main')) ?? '';
    expect(body).toContain('Item damaged');
    expect(body).toContain('Serious');
    expect(body).not.toContain(CUSTOMER.name);
    expect(body).not.toContain(CUSTOMER.contact.phone);
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-complaint-timeline.png`, fullPage: true });
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
