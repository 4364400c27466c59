import { type CsvCell, toCsv, scopeCell } from '../shared/csv';
import {
  type CorrectiveActionEffect,
  type MeasuresSinceLastMeeting,
  type Rate,
  type WeeklyPack,
} from '@app/analytics/kpi/weekly-pack';

type Row = [kpi: string, measure: string, dimension: string, value: CsvCell];

export const WEEKLY_PACK_CSV_HEADER = ['kpi', 'measure', 'dimension', 'value'] as const;

const rateRows = (kpi: string, { numerator, denominator, rate }: Rate): Row[] => [
  [kpi, 'numerator', '', numerator],
  [kpi, 'denominator', '', denominator],
  [kpi, 'rate', '', rate],
];

const effectRows = (kpi: string, effect: CorrectiveActionEffect): Row[] => [
  [kpi, 'beforeWeeklyMean', effect.actionId, effect.before.weeklyMean],
  [kpi, 'afterWeeklyMean', effect.actionId, effect.after.weeklyMean],
  [kpi, 'change.difference', effect.actionId, effect.change.difference],
  [kpi, 'change.relative', effect.actionId, effect.change.relative],
  [kpi, 'effective', effect.actionId, effect.effective ? 1 : 0],
];

/**
 * What the next meeting opens with (a pack of one business line): the last meeting and the window since,
 * the measures due and overdue in it (each by its action id, with its due date), and each measure
 * verified in it with its effect, as the corrective actions' effects are given.
 */
const sinceLastMeetingRows = (since: MeasuresSinceLastMeeting): Row[] => [
  ['sinceLastMeeting', 'lastMeeting', '', since.lastMeeting?.meetingId ?? null],
  ['sinceLastMeeting', 'lastMeetingWeek', '', since.lastMeeting?.week ?? null],
  ['sinceLastMeeting', 'from', '', since.from],
  ['sinceLastMeeting', 'to', '', since.to],
  ['sinceLastMeeting', 'due', '', since.due.length],
  ...since.due.map((measure): Row => ['sinceLastMeeting', 'due.dueAt', measure.actionId, measure.dueAt]),
  ['sinceLastMeeting', 'overdue', '', since.overdue.length],
  ...since.overdue.map((measure): Row => [
    'sinceLastMeeting',
    'overdue.dueAt',
    measure.actionId,
    measure.dueAt,
  ]),
  ['sinceLastMeeting', 'verified', '', since.verified.length],
  ...since.verified.flatMap((effect) => effectRows('sinceLastMeetingEffect', effect)),
];

/**
 * The pack as one flat table, `kpi,measure,dimension,value`: one row per figure, the dimension naming
 * the breakdown key (channel code, age bucket, level, answer, week, `family/cause/unit`) or empty.
 * Rates and shares are fractions (0.25, not 25 %); a rate with a zero denominator is an empty cell.
 */
export const weeklyPackRows = (pack: WeeklyPack): Row[] => [
  ['week', 'id', '', pack.week.id],
  ['week', 'timeZone', '', pack.week.timeZone],
  ['week', 'start', '', pack.week.start],
  ['week', 'end', '', pack.week.end],
  ['filters', 'businessLine', '', pack.filters.businessLine],
  ['filters', 'orgUnit', '', pack.filters.orgUnit],
  ['filters', 'scope', '', scopeCell(pack.filters.scope)],
  ...(pack.sinceLastMeeting ? sinceLastMeetingRows(pack.sinceLastMeeting) : []),
  ['volume', 'count', '', pack.volume.count],
  ['abnormal', 'count', '', pack.volume.abnormal],
  ['volume', 'previousWeek', '', pack.volume.previousWeek],
  ['volume', 'changeVsPreviousWeek.difference', '', pack.volume.changeVsPreviousWeek.difference],
  ['volume', 'changeVsPreviousWeek.relative', '', pack.volume.changeVsPreviousWeek.relative],
  ...pack.volume.previous4Weeks.map(({ week, count }): Row => ['volume', 'previous4Weeks', week, count]),
  ['volume', 'meanOfPrevious4Weeks', '', pack.volume.meanOfPrevious4Weeks],
  [
    'volume',
    'changeVsMeanOfPrevious4Weeks.difference',
    '',
    pack.volume.changeVsMeanOfPrevious4Weeks.difference,
  ],
  ['volume', 'changeVsMeanOfPrevious4Weeks.relative', '', pack.volume.changeVsMeanOfPrevious4Weeks.relative],
  ...Object.entries(pack.breakdowns).flatMap(([dimension, counts]) =>
    counts.map(({ key, count }): Row => ['breakdowns', dimension, key, count]),
  ),
  ...rateRows('timeliness', pack.timeliness),
  ['interimReplies', 'count', '', pack.timeliness.interimReplies],
  ['overdueOpen', 'total', '', pack.overdueOpen.total],
  ...pack.overdueOpen.byAge.map(({ key, count }): Row => ['overdueOpen', 'byAge', key, count]),
  ...rateRows('escalation', pack.escalation),
  ...pack.escalation.byHighestLevel.map(({ level, count }): Row => [
    'escalation',
    'byHighestLevel',
    String(level),
    count,
  ]),
  ...rateRows('firstContactResolution', pack.firstContactResolution),
  ...rateRows('reopen', pack.reopen),
  ...rateRows('repeatCustomer', pack.repeatCustomer),
  ['satisfaction', 'followUps', '', pack.satisfaction.followUps],
  ...Object.entries(pack.satisfaction.answers).flatMap(([question, answers]) =>
    answers.flatMap(({ answer, count, share }): Row[] => [
      ['satisfaction', `${question}.count`, answer, count],
      ['satisfaction', `${question}.share`, answer, share],
    ]),
  ),
  ...rateRows('followUpRate', pack.followUpRate),
  ...pack.rootCausePareto.flatMap((cause): Row[] => {
    const key = `${cause.family}/${cause.causeCode}/${cause.responsibleUnit}`;
    return [
      ['rootCausePareto', 'count', key, cause.count],
      ['rootCausePareto', 'share', key, cause.share],
      ['rootCausePareto', 'cumulativeShare', key, cause.cumulativeShare],
      ['rootCausePareto', 'previousWeek', key, cause.previousWeek],
      ['rootCausePareto', 'changeVsPreviousWeek', key, cause.changeVsPreviousWeek],
    ];
  }),
  ['correctiveActions', 'due', '', pack.correctiveActions.due],
  ['correctiveActions', 'overdue', '', pack.correctiveActions.overdue],
  ['correctiveActions', 'completed', '', pack.correctiveActions.completed],
  ['correctiveActions', 'completedLate', '', pack.correctiveActions.completedLate],
  ...pack.correctiveActions.effects.flatMap((effect) => effectRows('correctiveActionEffect', effect)),
];

export const weeklyPackCsv = (pack: WeeklyPack): string =>
  toCsv(WEEKLY_PACK_CSV_HEADER, weeklyPackRows(pack));
