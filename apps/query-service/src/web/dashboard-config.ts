import { DateTime } from 'luxon';
import { type QueryServiceConfig } from '../config/query-service.config';

/** What the browser pages need from the server: where to read events, the reporting zone, and defaults. */
export type DashboardConfig = {
  /** Origin of the command service's API; empty means the pages' own origin. */
  commandServiceUrl: string;
  /** The zone reporting weeks are read in: the pages show instants in it. */
  timeZone: string;
  /** The last complete ISO week in the reporting zone, for a pack page opened without `week`. */
  defaultWeek: string;
  /** The 12 complete weeks before this one (`YYYY-MM-DD`, both days inclusive), for a trends page opened bare. */
  defaultTrends: { from: string; to: string };
  /** The last complete month in the reporting zone (`YYYY-MM`), for an executive page opened without `period`. */
  defaultPeriod: string;
};

export const TRENDS_DEFAULT_WEEKS = 12;

const weekId = (day: DateTime): string => `${day.weekYear}-W${String(day.weekNumber).padStart(2, '0')}`;

/** The page defaults at `now`: time is passed in so that the defaults are testable. */
export const dashboardConfig = (
  config: Pick<QueryServiceConfig, 'COMMAND_SERVICE_URL' | 'REPORTING_TIME_ZONE'>,
  now: Date,
): DashboardConfig => {
  const local = DateTime.fromJSDate(now, { zone: config.REPORTING_TIME_ZONE });
  const thisMonday = local.startOf('week');
  return {
    commandServiceUrl: config.COMMAND_SERVICE_URL,
    timeZone: config.REPORTING_TIME_ZONE,
    defaultWeek: weekId(thisMonday.minus({ weeks: 1 })),
    defaultTrends: {
      from: thisMonday.minus({ weeks: TRENDS_DEFAULT_WEEKS }).toISODate() ?? '',
      to: thisMonday.minus({ days: 1 }).toISODate() ?? '',
    },
    defaultPeriod: local.startOf('month').minus({ months: 1 }).toFormat('yyyy-MM'),
  };
};

/**
 * The pages' Content-Security-Policy: scripts and styles from this origin only (ECharts writes inline
 * styles in its tooltips), data fetched from this origin and the command service.
 */
export const contentSecurityPolicy = (commandServiceUrl: string): string => {
  const connect = commandServiceUrl ? `'self' ${new URL(commandServiceUrl).origin}` : "'self'";
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
};
