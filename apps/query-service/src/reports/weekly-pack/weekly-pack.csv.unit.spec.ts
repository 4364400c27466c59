import { type WeeklyPack } from '@app/analytics/kpi/weekly-pack.query';
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
});
