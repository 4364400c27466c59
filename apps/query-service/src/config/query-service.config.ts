import { z } from 'zod';
import { LOG_LEVELS, authConfigShape, domainFilesConfigShape, parseEnv } from '@app/platform';
import { ARCHIVE_SCHEDULE_FORMAT, parseArchiveSchedule } from '../reports/archive/archive-schedule';

const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'letters, digits and _ only');

/** Environment variables of the query service, validated once at start-up. */
const schema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3003),
    HOST: z.string().default('127.0.0.1'),
    ANALYTICS_STORE: z.enum(['chdb', 'clickhouse']).default('chdb'),
    /** chDB's data directory: one per process, shared by every analytics store in it. */
    CHDB_DATA_DIR: z.string().min(1).default('.data/chdb'),
    /** `http(s)://[user:password@]host:port`, for ANALYTICS_STORE=clickhouse. */
    CLICKHOUSE_URL: z.url().optional(),
    ANALYTICS_DATABASE: identifier.default('complaints'),
    /** The taxonomy and policy the reports label their codes with: the command service's files. */
    ...domainFilesConfigShape,
    /** Reporting weeks are ISO weeks placed in this zone. */
    REPORTING_TIME_ZONE: z.string().default('Asia/Shanghai'),
    /**
     * When last week's pack is archived, in REPORTING_TIME_ZONE (`MON 08:00`), or `off`. Only a process
     * given the event store archives (the one-process app, an analytics node on a shared store); of
     * several, the lease holder.
     */
    PACK_ARCHIVE_SCHEDULE: z
      .string()
      .default('MON 08:00')
      .refine((text) => parseArchiveSchedule(text) !== undefined, `must be ${ARCHIVE_SCHEDULE_FORMAT}`)
      .transform((text) => parseArchiveSchedule(text)!),
    /** How often the archiver checks whether a pack is due (and tries the lease). */
    PACK_ARCHIVE_CHECK_MS: z.coerce.number().int().min(100).default(60_000),
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    /** Which credentials the reports accept (AUTH_JWT_SECRETS, AUTH_API_KEYS…): the command service's. */
    ...authConfigShape,
    /**
     * Where the dashboard's browser pages read a complaint's events (`/complaints/:id/events`): the
     * command service's `http(s)://host:port`. Empty means this origin, as in the one-process app.
     */
    COMMAND_SERVICE_URL: z
      .union([z.literal(''), z.url({ protocol: /^https?$/ })])
      .default('')
      .transform((url) => url.replace(/\/+$/, '')),
  })
  .superRefine((config, context) => {
    if (config.ANALYTICS_STORE === 'clickhouse' && !config.CLICKHOUSE_URL)
      context.addIssue({
        code: 'custom',
        path: ['CLICKHOUSE_URL'],
        message: 'is required when ANALYTICS_STORE=clickhouse',
      });
    if (!isTimeZone(config.REPORTING_TIME_ZONE))
      context.addIssue({
        code: 'custom',
        path: ['REPORTING_TIME_ZONE'],
        message: 'is not an IANA time zone',
      });
  });

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export type QueryServiceConfig = z.infer<typeof schema>;

export const QUERY_SERVICE_CONFIG = Symbol('QUERY_SERVICE_CONFIG');

export const loadQueryServiceConfig = (env: NodeJS.ProcessEnv = process.env): QueryServiceConfig =>
  parseEnv(schema, env);
