import { DateTime, type WeekdayNumbers } from 'luxon';

/**
 * When the weekly pack is archived: a weekday and a local time in the reporting zone (`MON 08:00` by
 * default), or `off`. At that moment of week W the pack of week W-1 is archived; a process that was down
 * then archives it at its next check, so a missed moment is caught up, never skipped.
 */
export type ArchiveSchedule = { weekday: WeekdayNumbers; hour: number; minute: number } | 'off';

const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];
const PATTERN = /^(MON|TUE|WED|THU|FRI|SAT|SUN) ([01]\d|2[0-3]):([0-5]\d)$/;

export const ARCHIVE_SCHEDULE_FORMAT = "'off' or a weekday and a 24-hour time, e.g. 'MON 08:00'";

/** Parses `MON 08:00` (weekday in capitals, 24-hour time) or `off`; undefined when it is neither. */
export const parseArchiveSchedule = (text: string): ArchiveSchedule | undefined => {
  if (text === 'off') return 'off';
  const match = PATTERN.exec(text);
  if (!match) return undefined;
  return {
    weekday: (WEEKDAYS.indexOf(match[1]) + 1) as WeekdayNumbers,
    hour: Number(match[2]),
    minute: Number(match[3]),
  };
};

/**
 * The ISO week whose pack is due for archiving at `now`: the week before the current one once this
 * week's moment has passed, otherwise the week before that (archived last week, or caught up now).
 */
export const weekDueForArchive = (
  schedule: Exclude<ArchiveSchedule, 'off'>,
  now: Date,
  timeZone: string,
): string => {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  const moment = local
    .startOf('week')
    .set({ weekday: schedule.weekday, hour: schedule.hour, minute: schedule.minute });
  const due = local.minus({ weeks: local < moment ? 2 : 1 });
  return `${due.weekYear}-W${String(due.weekNumber).padStart(2, '0')}`;
};
