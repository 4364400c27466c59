import { type Browser, type Page } from 'playwright-core';
import { type DomainEvent } from '@app/complaints';
import { projectBatch, writeRows } from '@app/analytics';
import {
  scenarioActions,
  scenarioEvents,
} from '@app/analytics/kpi/weekly-pack/test-support/weekly-pack.scenario';
import { EventLog } from '@app/analytics/test-support/event-log';
import { ctx } from '@app/analytics/test-support/projection-fixtures';
import { type WeeklyPackReport } from '../src/reports/weekly-pack/get-weekly-pack.query';
import {
  ARTIFACTS,
  type Served,
  closeServed,
  describeInBrowser,
  getJson,
  openBrowser,
  readFigures,
  serve,
  signIn,
} from './dashboard-browser.harness';

const MEETING: DomainEvent = {
  type: 'QualityMeetingHeld',
  data: {
    meetingId: 'M2',
    businessLine: 'postal',
    week: '2026-W09',
    orgUnits: ['branch-12', 'hub-2'],
    heldAt: '2026-03-02T01:00:00.000Z',
    attendees: ['S2001'],
    reviewedArchiveId: null,
    chairedBy: 'S2001',
    recordedAt: '2026-03-02T01:00:00.000Z',
  },
};

/**
 * The weekly-pack page of 2026-W10 (postal) after the meeting of Mar 2, with an archive of the week whose
 * volume is one more than the live figures (as if a complaint was flagged abnormal after archiving): the
 * page opens with the measures since that meeting and says the live figures differ from the archive.
 */
describeInBrowser('dashboard in a headless browser: the pack as the next meeting opens it', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  let errors: string[] = [];
  const query = 'week=2026-W10&businessLine=postal';

  beforeAll(async () => {
    served = await serve(
      'pack_meeting',
      new EventLog().recordAll([...scenarioEvents(), ...scenarioActions(), MEETING]),
    );
    const { pack } = await getJson<WeeklyPackReport>(`${served.base}/reports/weekly-pack?${query}`);
    const archived = new EventLog().record({
      type: 'WeeklyPackArchived',
      data: {
        archiveId: 'postal.2026-W10.*',
        businessLine: 'postal',
        week: '2026-W10',
        orgUnit: null,
        timeZone: 'Asia/Shanghai',
        definitionsVersion: 'sha256:0123456789abcdef',
        figures: { ...pack, volume: { ...pack.volume, count: pack.volume.count + 1 } },
        generatedAt: '2026-03-09T00:00:00.000Z',
      },
    });
    await writeRows(served.db.store, served.db.database, projectBatch([archived], ctx).rows);
    ({ browser, page, errors } = await openBrowser());
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await closeServed(served);
  });

  it('opens with the measures since the last meeting and shows where the live figures left the archive', async () => {
    const report = await getJson<WeeklyPackReport>(`${served.base}/reports/weekly-pack?${query}`);
    expect(report.archive).toMatchObject({ differs: true, differences: ['volume.count'] });
    await signIn(page, `${served.base}/dashboard/weekly-pack?${query}`);
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-weekly-pack-meeting.png`, fullPage: true });

    const notice = page.locator('section[data-archive="postal.2026-W10.*"]');
    expect(await notice.getAttribute('data-differs')).toBe('true');
    expect(await page.locator('li[data-difference]').allTextContents()).toEqual(['volume.count']);

    // The first section after the notice is the measures since the meeting of Mar 2.
    const sections = await page.$$eval('main section', (all) =>
      all.map((each) => each.getAttribute('data-section') ?? each.getAttribute('data-archive')),
    );
    expect(sections.slice(0, 2)).toEqual(['postal.2026-W10.*', 'sinceLastMeeting']);
    expect(await page.locator('[data-last-meeting="M2"]').count()).toBe(1);
    const figures = await readFigures(page);
    expect(Object.keys(figures).filter((kpi) => kpi.startsWith('sinceLastMeeting.due.'))).toEqual([
      'sinceLastMeeting.due.A1',
      'sinceLastMeeting.due.A3',
    ]);
    expect(figures['sinceLastMeeting.overdue.A3']).toBeDefined();
    const verified = report.pack.sinceLastMeeting!.verified[0]!;
    expect(figures['sinceLastMeeting.verified.A2.before']?.value).toBe(String(verified.before.weeklyMean));
    expect(figures['sinceLastMeeting.verified.A2.after']?.value).toBe(String(verified.after.weeklyMean));
    expect(errors).toEqual([]);
  });
});
