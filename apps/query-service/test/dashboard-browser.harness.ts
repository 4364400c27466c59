import { existsSync, mkdirSync } from 'node:fs';
import { type INestApplication } from '@nestjs/common';
import { type Browser, type Page, chromium } from 'playwright-core';
import { migrate, projectBatch, writeRows } from '@app/analytics';
import { type ChdbTestDatabase, openChdbTestDatabase } from '@app/analytics/test-support/chdb-test-database';
import { ctx } from '@app/analytics/test-support/projection-fixtures';
import { type RecordedEvent } from '@app/event-store';
import { ANALYST, TEST_AUTH_ENV, testToken } from '@app/platform/auth/test-support';
import { withTestLogging } from '@app/platform/logging/test-support';
import { createQueryHttpApp } from '../src/bootstrap';
import { loadQueryServiceConfig } from '../src/config/query-service.config';
import { QueryServiceModule } from '../src/query-service.module';

/** Debian's Chromium (scripts/ensure-chromium.sh installs it); `npx playwright install` is not used. */
export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = 'test-artifacts';

// In CI a missing browser is a failure (the launch throws); only a local run without one says why it skips.
const runnable = existsSync(CHROMIUM) || Boolean(process.env.CI);
if (!runnable)
  console.warn(
    `SKIP dashboard browser test: ${CHROMIUM} is missing (bash scripts/ensure-chromium.sh installs it)`,
  );
export const describeInBrowser = runnable ? describe : describe.skip;

export type Figure = { text: string; value: string; href: string | null };

/** Every figure on the page by its `data-kpi` name: the text shown, the raw value, the drill-down link. */
export const readFigures = async (page: Page): Promise<Record<string, Figure>> =>
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

/** The browser's globals the checks read, typed here: the tests compile without the DOM library. */
export type BrowserGlobals = {
  marker?: string;
  document: { querySelector(selector: string): unknown };
  echarts: { getInstanceByDom(element: unknown): { getOption(): unknown } };
};

/** Painted pixels (alpha > 0) of each chart's canvas: ECharts drew something, not just an empty box. */
export const paintedCharts = (page: Page): Promise<{ chart: string | null; painted: number }[]> =>
  page.$$eval('[data-chart]', (boxes) =>
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

/** The query service over its own chDB database holding `events`, listening on a free local port. */
export type Served = { db: ChdbTestDatabase; app: INestApplication; base: string };

export const serve = async (
  prefix: string,
  events: RecordedEvent[],
  env: Readonly<Record<string, string>> = {},
): Promise<Served> => {
  const db = await openChdbTestDatabase(prefix);
  await migrate(db.store, db.database);
  await writeRows(db.store, db.database, projectBatch(events, ctx).rows);
  const config = loadQueryServiceConfig({
    ...TEST_AUTH_ENV,
    ...env,
    ANALYTICS_DATABASE: db.database,
    LOG_LEVEL: 'silent',
  });
  const app = await createQueryHttpApp(
    withTestLogging('dashboard', QueryServiceModule.register({ config, analyticsStore: db.store })),
  );
  await app.listen(0, '127.0.0.1');
  return { db, app, base: await app.getUrl() };
};

export const closeServed = async (served: Served | undefined): Promise<void> => {
  await served?.app.close();
  await served?.db.cleanup();
};

/**
 * Headless Chromium with one zh-CN page; every uncaught page error and console error lands in `errors`,
 * which the tests expect to stay empty.
 */
export const openBrowser = async (): Promise<{ browser: Browser; page: Page; errors: string[] }> => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
  });
  return { browser, page, errors };
};

export const labelText = (page: Page, name: string) =>
  page.locator(`[data-label="${name}"]`).first().textContent();

/**
 * The page has drawn its data (or its error) in this language, or asks to sign in: `zh-CN`, `en`,
 * `error` or `signin`.
 */
export const waitReady = (page: Page, state: string) => page.waitForSelector(`body[data-ready="${state}"]`);

/** A quality analyst's token, valid for the test run: the role that reads every report and list. */
export const ANALYST_TOKEN = testToken({ roles: ['analyst'], ttlSeconds: 6 * 3600 });

/**
 * Signs the browser tab in on `url`'s origin through the dashboard's own sign-in box (the credential is
 * kept per origin, for the tab), then waits until the page has drawn in `ready`.
 */
export const signIn = async (
  page: Page,
  url: string,
  { token = ANALYST_TOKEN, kind = 'bearer', ready = 'zh-CN' } = {},
): Promise<void> => {
  await page.goto(url);
  await waitReady(page, 'signin');
  await page.check(`form[data-sign-in] input[name="kind"][value="${kind}"]`);
  await page.fill('form[data-sign-in] input[name="credential"]', token);
  await page.click('form[data-sign-in] button[type="submit"]');
  await waitReady(page, ready);
};

/** A JSON GET (as the analyst unless told otherwise) that must answer 200. */
export const getJson = async <T>(url: string, headers: Record<string, string> = ANALYST): Promise<T> => {
  const response = await fetch(url, { headers });
  expect({ url, status: response.status }).toEqual({ url, status: 200 });
  return (await response.json()) as T;
};
