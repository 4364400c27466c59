import { type WeeklyPack } from '@app/analytics/kpi/weekly-pack';
import { weeklyPackCsv } from './weekly-pack.csv';

const rate = { numerator: 0, denominator: 0, rate: null };
const emptyPack = (channelKey: string): WeeklyPack => ({
  sinceLastMeeting: null,
  week: { id: '2026-W10', timeZone: 'Asia/Shanghai', start: 's', end: 'e' },
  filters: { businessLine: null, orgUnit: 'branch, "north"', scope: ['branch-7', '=x'] },
  volume: {
    count: 0,
    abnormal: 0,
    previousWeek: 0,
    changeVsPreviousWeek: { difference: -1, relative: null },
    previous4Weeks: [],
    meanOfPrevious4Weeks: 0,
    changeVsMeanOfPrevious4Weeks: { difference: 0, relative: null },
  },
  breakdowns: {
    channel: [{ key: channelKey, count: 1 }],
    category: [],
    severity: [],
    responsibility: [],
    orgUnit: [],
  },
  timeliness: { ...rate, interimReplies: 0 },
  overdueOpen: { total: 0, byAge: [] },
  escalation: { ...rate, byHighestLevel: [] },
  firstContactResolution: rate,
  reopen: rate,
  repeatCustomer: rate,
  satisfaction: { followUps: 0, answers: { result: [], timeliness: [], attitude: [], wouldReuse: [] } },
  followUpRate: rate,
  rootCausePareto: [],
  correctiveActions: { due: 0, overdue: 0, completed: 0, completedLate: 0, effects: [] },
});

describe('weekly pack CSV', () => {
  const lines = (pack: WeeklyPack) => weeklyPackCsv(pack).split('\r\n');

  it('quotes text with commas or quotes, leaves nulls empty and negative numbers alone', () => {
    const csv = lines(emptyPack('counter'));
    expect(csv).toContain('filters,orgUnit,,"branch, ""north"""');
    expect(csv).toContain('filters,businessLine,,');
    expect(csv).toContain('filters,scope,,"[""branch-7"",""=x""]"');
    expect(csv).toContain('volume,changeVsPreviousWeek.difference,,-1');
    expect(csv).toContain('timeliness,rate,,');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(lines(emptyPack('=HYPERLINK("x")'))).toContain('breakdowns,channel,"\'=HYPERLINK(""x"")",1');
  });

  it('opens, after the week and filters, with the measures since the last meeting of the line', () => {
    const measure = {
      causeCodes: ['sorting-error'],
      orgUnits: ['branch-7'],
      owner: 'S3001',
      status: 'proposed',
      completedAt: null,
      meetingId: 'm1',
      decisionId: 'd1',
    };
    const csv = lines({
      ...emptyPack('counter'),
      filters: { businessLine: 'postal', orgUnit: null, scope: null },
      sinceLastMeeting: {
        lastMeeting: { meetingId: 'm1', week: '2026-W09', heldAt: '2026-03-02T02:00:00.000Z' },
        from: '2026-03-02T02:00:00.000Z',
        to: '2026-03-08T16:00:00.000Z',
        due: [{ ...measure, actionId: 'a1', dueAt: '2026-03-05T00:00:00.000Z' }],
        overdue: [{ ...measure, actionId: 'a1', dueAt: '2026-03-05T00:00:00.000Z' }],
        verified: [
          {
            actionId: 'a2',
            causeCodes: ['staff-attitude'],
            verifiedAt: '2026-03-06T00:00:00.000Z',
            effective: true,
            before: { count: 8, weeklyMean: 2 },
            after: { count: 2, weeklyMean: 0.5 },
            change: { difference: -1.5, relative: -0.75 },
          } as never,
        ],
      },
    });
    const volume = csv.indexOf('volume,count,,0');
    const opening = csv.slice(csv.indexOf('filters,scope,,') + 1, volume);
    expect(opening).toEqual([
      'sinceLastMeeting,lastMeeting,,m1',
      'sinceLastMeeting,lastMeetingWeek,,2026-W09',
      'sinceLastMeeting,from,,2026-03-02T02:00:00.000Z',
      'sinceLastMeeting,to,,2026-03-08T16:00:00.000Z',
      'sinceLastMeeting,due,,1',
      'sinceLastMeeting,due.dueAt,a1,2026-03-05T00:00:00.000Z',
      'sinceLastMeeting,overdue,,1',
      'sinceLastMeeting,overdue.dueAt,a1,2026-03-05T00:00:00.000Z',
      'sinceLastMeeting,verified,,1',
      'sinceLastMeetingEffect,beforeWeeklyMean,a2,2',
      'sinceLastMeetingEffect,afterWeeklyMean,a2,0.5',
      'sinceLastMeetingEffect,change.difference,a2,-1.5',
      'sinceLastMeetingEffect,change.relative,a2,-0.75',
      'sinceLastMeetingEffect,effective,a2,1',
    ]);
  });
});
