import { type Browser, type Page } from 'playwright-core';
import { type AlertList } from '@app/analytics/alerts/alert-list.sql';
import { AGENT, TEST_AUTH_ENV, testToken } from '@app/platform/auth/test-support';
import { registration } from '../../apps/command-service/test/command-service.harness';
import {
  ARTIFACTS,
  describeInBrowser,
  getJson,
  openBrowser,
  signIn,
  waitReady,
} from '../../apps/query-service/test/dashboard-browser.harness';
import { type StandaloneUnderTest, startStandalone } from '../support/standalone-app';

const UNIT = 'beijing-branch-3';
const SUPERVISOR_TOKEN = testToken({
  roles: ['supervisor'],
  orgUnits: [UNIT],
  subject: 'S2009',
  ttlSeconds: 3600,
});
const ADMIN_TOKEN = testToken({ roles: ['admin'], ttlSeconds: 3600 });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The alert list page over the one-process system: a spike of one cause in live HTTP traffic raises two
 * alerts (the day's and the ISO week's); a supervisor of the unit sees both on /dashboard/alerts and
 * acknowledges one with its button; the acknowledgement is recorded on the command side, projected, and
 * listed under "acknowledged" after a reload. An administrator (who reads reports but may not acknowledge)
 * gets no button.
 */
describeInBrowser('dashboard: the alert list and acknowledging an alert', () => {
  let standalone: StandaloneUnderTest;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[] = [];
  let base: string;
  const supervisor = { Authorization: `Bearer ${SUPERVISOR_TOKEN}` };

  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...AGENT },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new Error(`POST ${path} → ${response.status}: ${JSON.stringify(answer)}`);
    return answer;
  };

  beforeAll(async () => {
    standalone = await startStandalone('alerts-browser', {
      ...TEST_AUTH_ENV,
    });
    base = standalone.base;

    for (let n = 0; n < 5; n++) {
      const { complaintId } = await post(
        '/complaints',
        registration({
          receivedAt: undefined,
          customer: { reference: `CUST-B${n}`, name: '韩梅梅', contact: { phone: `+86 136 0000 00${n}1` } },
          receivedBy: { jobNumber: 'A1001', orgUnit: UNIT },
        }),
      );
      const id = complaintId as string;
      await post(`/complaints/${id}/classify`, {
        category: 'item-delayed',
        severity: 'minor',
        responsibility: 'at-fault',
        form: 'quality',
      });
      await post(`/complaints/${id}/acknowledge`, { mode: 'deferred', contactMethod: 'phone' });
      await post(`/complaints/${id}/investigation-finding`, { sources: ['records'], what: '分拣错误' });
      await post(`/complaints/${id}/root-causes`, {
        causes: [{ causeCode: 'sorting-error', responsibleUnit: 'sorting-centre' }],
      });
    }
    const deadline = Date.now() + 10_000;
    while ((await getJson<AlertList>(`${base}/alerts?status=all`, supervisor)).total < 2) {
      if (Date.now() > deadline) throw new Error('the spike alerts were not listed within 10 s');
      await sleep(50);
    }
    ({ browser, page, errors: pageErrors } = await openBrowser());
  });

  afterAll(async () => {
    await browser?.close();
    await standalone?.close();
  });

  it('a supervisor of the unit acknowledges the daily spike from the list; it is then listed as acknowledged', async () => {
    await signIn(page, `${base}/dashboard/alerts?lang=en`, { token: SUPERVISOR_TOKEN, ready: 'en' });
    const rows = () =>
      page.$$eval('tr[data-alert-id]', (elements) =>
        elements.map((row) => ({
          id: row.getAttribute('data-alert-id'),
          state: row.getAttribute('data-alert-state'),
          rule: row.querySelector('[data-rule]')?.getAttribute('data-rule'),
          count: row.querySelector('[data-figure="count"]')?.getAttribute('data-value'),
          link: row.querySelector('a[data-link]')?.getAttribute('href'),
          button: row.querySelector('button[data-ack]') !== null,
          text: row.textContent ?? '',
        })),
      );
    const open = await rows();
    expect(open.map((row) => [row.rule, row.state, row.count, row.button]).sort()).toEqual([
      ['cause-spike-daily', 'open', '5', true],
      ['cause-spike-weekly', 'open', '5', true],
    ]);
    expect(open.every((row) => row.link?.startsWith('/dashboard/trends?'))).toBe(true);
    expect(open.map((row) => row.text).join(' ')).not.toMatch(/CUST-B|韩梅梅|\+86/);
    await page.screenshot({ path: `${ARTIFACTS}/alerts-open.png`, fullPage: true });

    const daily = open.find((row) => row.rule === 'cause-spike-daily')!;
    await page.click(`button[data-ack="${daily.id}"]`);
    await page.waitForSelector(`tr[data-alert-id="${daily.id}"] [data-acknowledged]`);
    expect(await page.textContent(`tr[data-alert-id="${daily.id}"] [data-acknowledged]`)).toMatch(
      /^Acknowledged by S2009 \(supervisor\) at /,
    );

    // Recorded on the command side and projected: listed under "acknowledged" once the projector has it.
    const deadline = Date.now() + 10_000;
    for (;;) {
      await page.goto(`${base}/dashboard/alerts?lang=en&status=acknowledged`);
      await waitReady(page, 'en');
      const acknowledged = await rows();
      if (acknowledged.length === 1) {
        expect(acknowledged[0]).toMatchObject({ id: daily.id, state: 'acknowledged', button: false });
        break;
      }
      if (Date.now() > deadline) throw new Error('the acknowledgement was not listed within 10 s');
      await sleep(100);
    }
    await page.screenshot({ path: `${ARTIFACTS}/alerts-acknowledged.png`, fullPage: true });
    await page.goto(`${base}/dashboard/alerts?lang=en`);
    await waitReady(page, 'en');
    expect((await rows()).map((row) => row.rule)).toEqual(['cause-spike-weekly']);
    expect(pageErrors).toEqual([]);
  });

  it('a reader who may read reports but not acknowledge sees the alerts without a button', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const other = await context.newPage();
    try {
      await signIn(other, `${base}/dashboard/alerts?status=all`, { token: ADMIN_TOKEN });
      const states = await other.$$eval('tr[data-alert-id]', (elements) =>
        elements.map((row) => row.querySelector('button[data-ack]') !== null),
      );
      expect(states).toEqual([false, false]);
      expect(await other.textContent('h1')).toBe('预警');
    } finally {
      await context.close();
    }
  });
});
