import { DateTime } from 'luxon';
import { type Browser, type Page } from 'playwright-core';
import { recordTestCredential } from '@app/platform/logging/test-support';
import { registration } from '../apps/command-service/test/command-service.harness';
import { type DrillDownReport } from '../apps/query-service/src/reports/drill-down/get-drill-down.query';
import { type ReportLabels } from '../apps/query-service/src/reports/labels/report-labels';
import { type WeeklyPackReport } from '../apps/query-service/src/reports/weekly-pack/get-weekly-pack.query';
import {
  ARTIFACTS,
  describeInBrowser,
  getJson,
  openBrowser,
  readFigures,
  signIn,
  waitReady,
} from '../apps/query-service/test/dashboard-browser.harness';
import { type StandaloneUnderTest, startStandalone } from './support/standalone-app';

type Timeline = {
  complaintId: string;
  events: { revision: number; type: string; actor?: { id: string }; data: Record<string, unknown> }[];
};

/** Three complaints as a hotline agent takes them, each customer with a name and a phone the pages must not show. */
const CASES = [
  {
    customer: { reference: 'CUST-S01', name: '李春华', contact: { phone: '+86 139 1111 2222' } },
    classification: {
      category: 'item-delayed',
      severity: 'minor',
      responsibility: 'at-fault',
      form: 'quality',
    },
    acknowledge: true,
    investigate: true,
  },
  {
    customer: { reference: 'CUST-S02', name: '赵德明', contact: { phone: '+86 137 3333 4444' } },
    classification: {
      category: 'item-damaged',
      severity: 'serious',
      responsibility: 'undetermined',
      form: 'quality',
    },
    acknowledge: true,
    investigate: false,
  },
  {
    customer: { reference: 'CUST-S03', name: '陈美玲', contact: { phone: '+86 136 5555 6666' } },
    classification: {
      category: 'item-lost',
      severity: 'minor',
      responsibility: 'at-fault',
      form: 'attitude',
    },
    acknowledge: false,
    investigate: false,
  },
] as const;

/**
 * The dashboard of the one-process system, end to end with nothing simulated: complaints registered over
 * the command API are projected from the event store into chDB by the store-feed projector, the weekly
 * pack and its drill-down read them back, and the timeline page reads the command side's own
 * GET /complaints/:id/events from the same process. The only credential is the one a first run makes:
 * the local admin API key, which issues the agent's token and signs the dashboard in.
 */
describeInBrowser('dashboard over the one-process system: pack → drill-down → complaint timeline', () => {
  let standalone: StandaloneUnderTest;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[] = [];
  let base: string;
  let week: string;
  const ids: string[] = [];
  let admin: { 'X-Api-Key': string };
  let agent: { Authorization: string };

  /** A POST over HTTP with `credential`; anything but 2xx fails the test with the API's answer. */
  const send = async (
    path: string,
    body: unknown,
    credential: Record<string, string>,
  ): Promise<Record<string, unknown>> => {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...credential },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new Error(`POST ${path} → ${response.status}: ${JSON.stringify(answer)}`);
    return answer;
  };
  /** A command as the agent A1001. */
  const post = (path: string, body: unknown) => send(path, body, agent);
  /** A read as the local admin. */
  const read = <T>(url: string) => getJson<T>(url, admin);

  beforeAll(async () => {
    standalone = await startStandalone('standalone-dashboard');
    const { credentials, queryConfig } = standalone.configs;
    base = standalone.base;
    // A first run: the process made its admin key and hands it out once.
    expect(credentials.newAdminKey).toEqual(expect.any(String));
    recordTestCredential(credentials.newAdminKey!);
    admin = { 'X-Api-Key': credentials.newAdminKey! };
    const issued = await send(
      '/auth/tokens',
      { subject: 'A1001', roles: ['agent'], ttlSeconds: 3600 },
      admin,
    );
    agent = { Authorization: `Bearer ${issued.token as string}` };

    for (const each of CASES) {
      // No receivedAt: the command service stamps the registration with its own clock, now.
      const registered = await post(
        '/complaints',
        registration({ customer: each.customer, receivedAt: undefined }),
      );
      const id = registered.complaintId as string;
      ids.push(id);
      await post(`/complaints/${id}/classify`, each.classification);
      if (each.acknowledge)
        await post(`/complaints/${id}/acknowledge`, { mode: 'deferred', contactMethod: 'phone' });
      if (each.investigate)
        await post(`/complaints/${id}/investigation-finding`, {
          sources: ['customer', 'records'],
          what: 'Missorted at the hub',
        });
    }
    // The ISO week the complaints were received in, in the reporting zone: the current one.
    const first = await read<Timeline>(`${base}/complaints/${ids[0]}/events`);
    week = DateTime.fromISO(first.events[0].data.receivedAt as string, {
      zone: queryConfig.REPORTING_TIME_ZONE,
    }).toFormat("kkkk-'W'WW");
    expect(week).toBe(DateTime.now().setZone(queryConfig.REPORTING_TIME_ZONE).toFormat("kkkk-'W'WW"));

    // Projected: the pack counts all three, each under its category.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const { pack } = await read<WeeklyPackReport>(`${base}/reports/weekly-pack?week=${week}`);
      const categories = pack.breakdowns.category.map(({ key }) => key);
      if (pack.volume.count === CASES.length && !categories.includes('unclassified')) break;
      if (Date.now() > deadline)
        throw new Error(`not projected in time: ${pack.volume.count} complaints, ${categories.join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    ({ browser, page, errors: pageErrors } = await openBrowser());
  });

  afterAll(async () => {
    await browser?.close();
    await standalone?.close();
  });

  it('opens the pack of this week, the list behind its volume, and a complaint with its events in order', async () => {
    const labels = await read<ReportLabels>(`${base}/reports/labels`);
    const { pack } = await read<WeeklyPackReport>(`${base}/reports/weekly-pack?week=${week}`);
    // The owner's key issues an analyst's token (an issuer hands out no more than it holds); the analyst
    // signs in through the page's own sign-in box.
    const analyst = await send('/auth/tokens', { subject: 'Q3001', roles: ['analyst'] }, admin);
    await signIn(page, `${base}/dashboard/weekly-pack?week=${week}`, {
      token: analyst.token as string,
      kind: 'bearer',
    });
    const packFigures = await readFigures(page);
    expect(packFigures['week.id'].value).toBe(week);
    expect(packFigures['volume.count']).toMatchObject({ value: '3', text: String(pack.volume.count) });
    for (const { key, count } of pack.breakdowns.category)
      expect(packFigures[`breakdowns.category.${key}`]?.value).toBe(String(count));

    const list = await read<DrillDownReport>(`${base}/reports/drill-down?metric=volume&week=${week}`);
    expect([...list.complaintIds].sort()).toEqual([...ids].sort());
    await Promise.all([
      page.waitForURL(/\/dashboard\/drill-down\?/),
      page.click('a[data-kpi="volume.count"]'),
    ]);
    await waitReady(page, 'zh-CN');
    const listFigures = await readFigures(page);
    expect(listFigures['drillDown.week'].value).toBe(week);
    expect(listFigures['drillDown.total'].value).toBe(String(list.total));
    expect(
      await page.$$eval('a[data-complaint-id]', (links) =>
        links.map((link) => link.getAttribute('data-complaint-id')),
      ),
    ).toEqual(list.complaintIds);

    // The first complaint: registered, classified, acknowledged, investigated.
    const id = ids[0];
    const timeline = await read<Timeline>(`${base}/complaints/${id}/events`);
    expect(timeline.events.map(({ type }) => type)).toEqual([
      'ComplaintRegistered',
      'ComplaintClassified',
      'ComplaintAcknowledged',
      'InvestigationFindingRecorded',
    ]);
    const [, events] = await Promise.all([
      page.waitForURL(new RegExp(`/dashboard/complaints/${id}$`)),
      // The page reads the command side itself: the same process, the same origin.
      page.waitForResponse(`${base}/complaints/${id}/events`),
      page.click(`a[data-complaint-id="${id}"]`),
    ]);
    expect(events.status()).toBe(200);
    await waitReady(page, 'zh-CN');

    const rows = await page.$$eval('table[data-list="events"] tbody tr', (trs) =>
      trs.map((tr) => {
        const cells = [...tr.querySelectorAll('td')];
        return {
          revision: cells[0]?.textContent,
          type: cells[1]?.querySelector('[data-event-type]')?.getAttribute('data-event-type'),
          label: cells[1]?.textContent,
          actor: cells[3]?.textContent,
        };
      }),
    );
    expect(rows).toEqual(
      timeline.events.map((event) => ({
        revision: String(event.revision),
        type: event.type,
        label: labels.eventTypes[event.type as keyof ReportLabels['eventTypes']]['zh-CN'],
        actor: `${event.actor?.id} (${labels.complaintValues.role.agent['zh-CN']})`,
      })),
    );
    // The heading names the complaint by its acceptance number, as the customer knows it.
    expect(await page.locator('code[data-complaint-id]').textContent()).toBe(
      timeline.events[0].data.acceptanceNumber,
    );
    const body = (await page.textContent('main')) ?? '';
    expect(body).toContain(labels.categories['item-delayed']['zh-CN']);
    // Signed in as an analyst, who lacks personal-data:read: the finding's free text is redacted.
    expect(body).toContain('[redacted]');
    expect(body).not.toContain('Missorted at the hub');
    // Personal data stays off the report pages (保密制度).
    for (const { customer } of CASES) {
      expect(body).not.toContain(customer.name);
      expect(body).not.toContain(customer.contact.phone);
    }
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-standalone-timeline.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
