import { DateTime } from 'luxon';
import { type Browser, type Page } from 'playwright-core';
import {
  type ComplaintListPage,
  type WorklistCounts,
} from '@app/analytics/complaint-list/complaint-list.sql';
import { recordTestCredential } from '@app/platform/logging/test-support';
import { registration } from '../apps/command-service/test/command-service.harness';
import { COMPLAINT_FIELD_LABELS } from '../apps/query-service/src/reports/labels/complaint-vocabulary';
import { type DrillDownReport } from '../apps/query-service/src/reports/drill-down/get-drill-down.query';
import { type ReportLabels } from '../apps/query-service/src/reports/labels/report-labels';
import {
  ARTIFACTS,
  describeInBrowser,
  getJson,
  openBrowser,
  signIn,
  waitReady,
} from '../apps/query-service/test/dashboard-browser.harness';
import { type StandaloneUnderTest, startStandalone } from './support/standalone-app';

/**
 * Finding and working complaints in the one-process system, end to end: complaints registered and handled
 * over the command API are projected into chDB by the store-feed projector; a hotline agent finds one by
 * the acceptance number the customer reads out (the header's search box), its page shows a header and
 * every field and value in zh-CN words; an analyst's drill-down table lists exactly the drill-down's JSON
 * and its CSV the same rows; the worklists page shows the badge counts of GET /worklists.
 */
describeInBrowser('dashboard: search, worklists and drill-down tables over the one-process system', () => {
  let standalone: StandaloneUnderTest;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[] = [];
  let base: string;
  let week: string;
  let labels: ReportLabels;
  let admin: { 'X-Api-Key': string };
  let agent: { Authorization: string };
  let agentToken: string;
  let analystToken: string;
  const registered: { complaintId: string; acceptanceNumber: string }[] = [];

  const send = async (path: string, body: unknown, credential: Record<string, string>) => {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...credential },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new Error(`POST ${path} → ${response.status}: ${JSON.stringify(answer)}`);
    return answer;
  };
  const post = (path: string, body: unknown) => send(path, body, agent);
  const read = <T>(path: string) => getJson<T>(`${base}${path}`, admin);
  const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

  beforeAll(async () => {
    standalone = await startStandalone('complaint-search');
    const { credentials, queryConfig } = standalone.configs;
    base = standalone.base;
    recordTestCredential(credentials.newAdminKey!);
    admin = { 'X-Api-Key': credentials.newAdminKey! };
    agentToken = (await send('/auth/tokens', { subject: 'A1001', roles: ['agent'], ttlSeconds: 3600 }, admin))
      .token as string;
    analystToken = (
      await send('/auth/tokens', { subject: 'Q3001', roles: ['analyst'], ttlSeconds: 3600 }, admin)
    ).token as string;
    agent = { Authorization: `Bearer ${agentToken}` };

    // Three complaints; the first goes through the steps whose facts the issue saw as raw keys.
    for (const [n, category] of ['item-delayed', 'item-damaged', 'item-lost'].entries()) {
      const answer = await post(
        '/complaints',
        registration({
          customer: { reference: `CUST-F0${n}`, name: '周晓', contact: { phone: '+86 135 0000 000' + n } },
          receivedAt: undefined,
        }),
      );
      const id = answer.complaintId as string;
      registered.push({ complaintId: id, acceptanceNumber: answer.acceptanceNumber as string });
      await post(`/complaints/${id}/classify`, {
        category,
        severity: n === 1 ? 'serious' : 'minor',
        responsibility: 'at-fault',
        form: 'quality',
      });
      if (n === 2) continue;
      await post(`/complaints/${id}/acknowledge`, { mode: 'deferred', contactMethod: 'phone' });
      if (n === 0) {
        await post(`/complaints/${id}/dispatch`, {
          dispatchId: 'd1',
          assigneeKind: 'department',
          assignee: 'sorting-centre',
          instructions: '核查分拣记录',
          dueAt: hoursFromNow(8),
        });
        await post(`/complaints/${id}/investigation-finding`, {
          sources: ['records', 'cctv'],
          what: '分拣错误',
        });
        await post(`/complaints/${id}/root-causes`, {
          causes: [{ causeCode: 'sorting-error', responsibleUnit: 'sorting-centre' }],
        });
        await post(`/complaints/${id}/return-dispatch`, { dispatchId: 'd1', result: '已核查' });
        await post(`/complaints/${id}/final-reply`, { summary: '已重新投递', contactMethod: 'phone' });
      }
    }
    labels = await read<ReportLabels>('/reports/labels');
    week = DateTime.now().setZone(queryConfig.REPORTING_TIME_ZONE).toFormat("kkkk-'W'WW");

    // Listed once projected: the freshness bound the README states (about a second; usually tens of ms).
    const last = registered[registered.length - 1]!;
    const started = Date.now();
    for (;;) {
      const found = await read<ComplaintListPage>(`/complaints?acceptanceNumber=${last.acceptanceNumber}`);
      const replied = await read<ComplaintListPage>(`/complaints?status=replied`);
      if (found.total === 1 && replied.total === 1) break;
      if (Date.now() - started > 20_000) throw new Error('not listed within 20 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    console.log(`complaint search: last command → listed in ${Date.now() - started} ms (polled every 20 ms)`);
    ({ browser, page, errors: pageErrors } = await openBrowser());
  });

  afterAll(async () => {
    await browser?.close();
    await standalone?.close();
  });

  it('search by an acceptance number opens that complaint; its zh-CN page shows no raw key', async () => {
    const [target] = registered;
    await signIn(page, `${base}/dashboard/worklists`, { token: agentToken });
    await page.fill('input[data-search]', target!.acceptanceNumber);
    await Promise.all([
      page.waitForURL(new RegExp(`/dashboard/complaints/${target!.complaintId}$`)),
      page.press('input[data-search]', 'Enter'),
    ]);
    await waitReady(page, 'zh-CN');

    // The header: what the complaint is, from the read side.
    const summary = Object.fromEntries(
      await page.$$eval('[data-summary]', (cells) =>
        cells.map((cell) => [cell.getAttribute('data-summary'), cell.textContent]),
      ),
    );
    expect(summary).toEqual({
      acceptanceNumber: target!.acceptanceNumber,
      status: labels.complaintValues.status.replied['zh-CN'],
      businessLine: labels.businessLines.postal['zh-CN'],
      category: labels.categories['item-delayed']['zh-CN'],
      severity: labels.severities.minor['zh-CN'],
      replyDeadline: expect.stringMatching(/\d/),
      deadlineMet: labels.complaintValues.onTime.met['zh-CN'],
    });
    expect(await page.locator('code[data-complaint-id]').textContent()).toBe(target!.acceptanceNumber);

    // Every field named in words, and no code shown as itself.
    const terms = await page.$$eval('main dt', (dts) => dts.map((dt) => dt.textContent ?? ''));
    const rawKeys = Object.keys(COMPLAINT_FIELD_LABELS);
    expect(terms.length).toBeGreaterThan(20);
    expect(terms.filter((term) => rawKeys.includes(term) || !/[\u4e00-\u9fff]/.test(term))).toEqual([]);
    const text = (await page.textContent('main')) ?? '';
    const codes = [
      'deferred',
      'immediate',
      'phone',
      'department',
      'handler',
      'records',
      'cctv',
      'agent',
      'sorting-error',
      'service-capacity',
      'hotline-11185',
      'item-delayed',
      'replied',
      'postal',
      ...rawKeys,
    ];
    expect(codes.filter((code) => new RegExp(`(^|[^A-Za-z-])${code}([^A-Za-z-]|$)`).test(text))).toEqual([]);
    expect(await page.locator('[data-fact="mode"]').first().textContent()).toBe(
      labels.complaintValues.mode.deferred['zh-CN'],
    );
    expect(await page.locator('[data-fact="assigneeKind"]').first().textContent()).toBe(
      labels.complaintValues.assigneeKind.department['zh-CN'],
    );
    await page.screenshot({ path: `${ARTIFACTS}/complaint-search-complaint.zh-CN.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('a search that finds nothing says so beside the box', async () => {
    await page.fill('input[data-search]', 'PO-NO-SUCH-NUMBER');
    await page.press('input[data-search]', 'Enter');
    await page.waitForFunction(() => {
      const { document } = globalThis as unknown as {
        document: { querySelector(s: string): { textContent: string | null } | null };
      };
      return (document.querySelector('[data-search-status]')?.textContent ?? '').includes(
        'PO-NO-SUCH-NUMBER',
      );
    });
    expect(pageErrors).toEqual([]);
  });

  it('the worklists page shows the badge counts of GET /worklists and the overdue-free list of the due', async () => {
    const counts = await read<WorklistCounts>('/worklists');
    await page.goto(`${base}/dashboard/worklists?worklist=dueSoon&dueWithinHours=200`);
    await waitReady(page, 'zh-CN');
    const badges = Object.fromEntries(
      await page.$$eval('[data-worklist-count]', (badges) =>
        badges.map((badge) => [badge.getAttribute('data-worklist-count'), badge.getAttribute('data-value')]),
      ),
    );
    expect(badges).toEqual(
      Object.fromEntries(Object.entries(counts.counts).map(([name, count]) => [name, String(count)])),
    );
    await page.screenshot({ path: `${ARTIFACTS}/complaint-search-worklists.zh-CN.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('a drill-down table lists exactly its JSON, sortable, and its CSV has the same rows', async () => {
    // The agent signs out (the tab keeps one credential per origin); the analyst signs in.
    await page.evaluate(() =>
      (globalThis as unknown as { sessionStorage: { clear(): void } }).sessionStorage.clear(),
    );
    await signIn(page, `${base}/dashboard/drill-down?metric=volume&week=${week}&lang=en`, {
      token: analystToken,
      ready: 'en',
    });
    const analyst = { Authorization: `Bearer ${analystToken}` };
    const list = await getJson<DrillDownReport>(
      `${base}/reports/drill-down?metric=volume&week=${week}`,
      analyst,
    );
    expect(list.total).toBe(3);
    const rows = () =>
      page.$$eval('table[data-list="complaints"] tbody tr', (trs) =>
        trs.map((tr) => ({
          id: tr.getAttribute('data-row-id'),
          cells: Object.fromEntries(
            [...tr.querySelectorAll('td')].map((td) => [td.getAttribute('data-column'), td.textContent]),
          ),
        })),
      );
    const shown = await rows();
    expect(shown.map((row) => row.id)).toEqual(list.complaintIds);
    expect(shown.map((row) => row.cells)).toEqual(
      list.complaints.map((item) => ({
        acceptanceNumber: item.acceptanceNumber,
        registeredAt: expect.any(String),
        businessLine: labels.businessLines[item.businessLine]!.en,
        channel: labels.channels[item.channel]!.en,
        category: labels.categories[item.category!]!.en,
        severity: labels.severities[item.severity!]!.en,
        status: labels.complaintValues.status[item.status]!.en,
        orgUnit: item.orgUnit,
        replyDeadline: expect.any(String),
        onTime: expect.any(String),
        causes: item.causes.length
          ? item.causes.map((code) => labels.causes[code]!.labels.en).join(', ')
          : '—',
      })),
    );

    // Sorted by the acceptance number, then back the other way: the same rows.
    await page.click('th[data-sort-column="acceptanceNumber"] button');
    const ascending = (await rows()).map((row) => row.cells.acceptanceNumber);
    expect(ascending).toEqual([...ascending].sort());
    await page.click('th[data-sort-column="acceptanceNumber"] button');
    expect((await rows()).map((row) => row.cells.acceptanceNumber)).toEqual([...ascending].reverse());

    const csv = await fetch(`${base}/reports/drill-down.csv?metric=volume&week=${week}`, {
      headers: analyst,
    });
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(list.complaintIds);
    expect(lines.slice(1).map((line) => line.split(',')[1])).toEqual(
      list.complaints.map((c) => c.acceptanceNumber),
    );
    await page.screenshot({ path: `${ARTIFACTS}/complaint-search-drill-down.en.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
