import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type Browser, type Page } from 'playwright-core';
import { recordScenario } from '@app/analytics/kpi/weekly-pack/test-support/weekly-pack.scenario';
import { EXECUTIVE, testToken } from '@app/platform/auth/test-support';
import { type ExecutiveReportResponse } from '../src/reports/executive/get-executive-report.query';
import {
  closeServed,
  describeInBrowser,
  getJson,
  openBrowser,
  readFigures,
  type Served,
  serve,
  signIn,
  waitReady,
} from './dashboard-browser.harness';

/** A reporting tool's API key, configured by its hash as operators do. */
const API_KEY = 'dashboard-test-api-key-0123456789abcdef';
const API_KEYS = JSON.stringify([
  { id: 'wall-screen', sha256: createHash('sha256').update(API_KEY).digest('hex'), roles: ['analyst'] },
]);

/** Chromium logs every refused fetch as a console error; the API's refusals are expected here. */
const unexpected = (errors: string[]) =>
  errors.filter(
    (error) => !/Failed to load resource: the server responded with a status of 40[13]/.test(error),
  );

/**
 * The dashboard's sign-in: without a credential the pages ask for one and show no figures (and make no
 * report request); refusals (401, 403, an org unit out of scope) are shown with their reason; a signed-in
 * tab sends its credential with every call, CSV downloads included; signing out forgets it. Scenario: the
 * weekly pack's (2026-W10, postal: 8 complaints, 2 of them received by branch-7).
 */
describeInBrowser('dashboard sign-in in a headless browser', () => {
  let served: Served;
  let browser: Browser;
  const query = 'week=2026-W10&businessLine=postal';

  beforeAll(async () => {
    served = await serve('dashboard_sign_in', recordScenario(), { AUTH_API_KEYS: API_KEYS });
    ({ browser } = await openBrowser());
  });

  afterAll(async () => {
    await browser?.close();
    await closeServed(served);
  });

  /** A fresh tab (nothing stored), with its errors and the report requests it made. */
  const freshTab = async (): Promise<{ page: Page; errors: string[]; reportRequests: string[] }> => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    const reportRequests: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/reports/')) reportRequests.push(request.url());
    });
    return { page, errors, reportRequests };
  };

  it('without a credential every page asks to sign in and shows no figures', async () => {
    const { page, errors, reportRequests } = await freshTab();
    for (const path of [
      `/dashboard/weekly-pack?${query}`,
      `/dashboard/drill-down?metric=volume&${query}`,
      '/dashboard/trends',
      '/dashboard/executive?period=2026-Q1',
      '/dashboard/complaints/k01',
    ]) {
      await page.goto(`${served.base}${path}${path.includes('?') ? '&' : '?'}lang=en`);
      await waitReady(page, 'signin');
      expect(await page.locator('form[data-sign-in]').isVisible()).toBe(true);
      expect(await page.locator('form[data-sign-in] input[name="credential"]').getAttribute('type')).toBe(
        'password',
      );
      expect(await page.locator('h2').first().textContent()).toBe('Sign in');
      expect(Object.keys(await readFigures(page))).toEqual([]);
      expect(await page.locator('[data-signed-in]').count()).toBe(0);
    }
    expect(reportRequests).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a refused credential brings the sign-in back with the reason', async () => {
    const { page, errors } = await freshTab();
    await signIn(page, `${served.base}/dashboard/weekly-pack?${query}&lang=en`, {
      token: testToken({ roles: ['analyst'], ttlSeconds: -60 }),
      ready: 'signin',
    });
    const alert = page.locator('[role="alert"]');
    expect(await alert.getAttribute('data-error-code')).toBe('AUTH.UNAUTHENTICATED');
    expect(await alert.textContent()).toContain('the token has expired');
    expect(await alert.locator('[data-refusal]').textContent()).toBe(
      'The credential was refused or has expired: sign in again.',
    );
    expect(await page.locator('form[data-sign-in]').isVisible()).toBe(true);
    expect(Object.keys(await readFigures(page))).toEqual([]);
    expect(unexpected(errors)).toEqual([]);
    await page.context().close();
  });

  it('a role without the permission is told so, and sees the report it may read', async () => {
    const { page, errors } = await freshTab();
    await signIn(page, `${served.base}/dashboard/weekly-pack?${query}&lang=en`, {
      token: testToken({ roles: ['executive'] }),
      ready: 'error',
    });
    const alert = page.locator('[role="alert"]');
    expect(await alert.getAttribute('data-error-code')).toBe('AUTH.FORBIDDEN');
    expect(await alert.locator('[data-refusal]').textContent()).toBe('Your role may not read this.');
    expect(await alert.textContent()).toContain('requires the permission analytics:read');
    expect(Object.keys(await readFigures(page))).toEqual([]);
    expect(await page.locator('[data-signed-in="bearer"]').isVisible()).toBe(true);

    const executive = 'period=2026-03&businessLine=postal';
    const { report } = await getJson<ExecutiveReportResponse>(
      `${served.base}/reports/executive?${executive}`,
      EXECUTIVE,
    );
    expect(report.kpis.volume.current).toBeGreaterThan(0);
    await page.goto(`${served.base}/dashboard/executive?${executive}&lang=en`);
    await waitReady(page, 'en');
    expect((await readFigures(page))['kpis.volume.current']?.value).toBe(String(report.kpis.volume.current));
    // The dashboard offers only what the role may open: no pages it would be refused, no drill-down links.
    expect(
      await page.locator('nav [data-nav]').evaluateAll((links) => links.map((a) => a.dataset.nav)),
    ).toEqual(['executive']);
    expect(await page.locator('[data-kpi]').count()).toBeGreaterThan(0);
    expect(await page.locator('a[data-kpi]').count()).toBe(0);
    expect(await page.locator('a[href*="/dashboard/drill-down"]').count()).toBe(0);
    expect(unexpected(errors)).toEqual([]);
    await page.context().close();
  });

  it('a reader restricted to branch-7 sees its figures, its units named, and is refused another unit', async () => {
    const { page, errors } = await freshTab();
    await signIn(page, `${served.base}/dashboard/weekly-pack?${query}&lang=en`, {
      token: testToken({ roles: ['supervisor'], orgUnits: ['branch-7'] }),
      ready: 'en',
    });
    expect((await readFigures(page))['volume.count']?.value).toBe('2');
    expect(await page.locator('[data-label="filters.scope"]').textContent()).toBe('branch-7');

    await page.goto(`${served.base}/dashboard/weekly-pack?${query}&orgUnit=branch-12&lang=en`);
    await waitReady(page, 'error');
    const alert = page.locator('[role="alert"]');
    expect(await alert.getAttribute('data-error-code')).toBe('AUTH.OUT_OF_SCOPE');
    expect(await alert.locator('[data-refusal]').textContent()).toBe(
      'That org unit is outside the units you may see.',
    );
    expect(await alert.locator('[data-error-field="orgUnit"]').textContent()).toContain('"branch-12"');
    expect(unexpected(errors)).toEqual([]);
    await page.context().close();
  });

  it('with an API key: figures, the CSV downloaded with the key, and signing out forgets it', async () => {
    const { page, errors, reportRequests } = await freshTab();
    await signIn(page, `${served.base}/dashboard/weekly-pack?${query}`, { token: API_KEY, kind: 'api-key' });
    expect((await readFigures(page))['volume.count']?.value).toBe('8');
    expect(await page.locator('[data-signed-in="api-key"]').isVisible()).toBe(true);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a.csv')]);
    expect(download.suggestedFilename()).toBe('weekly-pack-2026-W10.csv');
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.split('\r\n').slice(0, 1)).toEqual(['kpi,measure,dimension,value']);
    expect(csv).toContain('volume,count,,8\r\n');

    const requestsBefore = reportRequests.length;
    await page.click('button[data-action="sign-out"]');
    await waitReady(page, 'signin');
    expect(Object.keys(await readFigures(page))).toEqual([]);
    const stored = await page.evaluate(
      () => (globalThis as unknown as { sessionStorage: { length: number } }).sessionStorage.length,
    );
    expect(stored).toBe(0);
    expect(reportRequests.length).toBe(requestsBefore);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
