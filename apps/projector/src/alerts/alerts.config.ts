import { z } from 'zod';
import { DEFAULT_ALERT_POLICY } from '@app/analytics/alerts/alert-rules';

/**
 * A JSON variable parsed and checked against `shape`. An error names the path and the rule, never the
 * value: ALERTS_WEBHOOKS holds secrets, and a configuration error is printed at start-up.
 */
const jsonOf = <T extends z.ZodType>(shape: T) =>
  z.string().transform((text, context): z.infer<T> => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      context.addIssue({ code: 'custom', message: 'must be JSON' });
      return z.NEVER;
    }
    const parsed = shape.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        context.addIssue({
          code: 'custom',
          message: `${issue.path.join('.') || '(value)'}: ${issue.message}`,
        });
      return z.NEVER;
    }
    return parsed.data;
  });

const webhook = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, ".", "_" and "-" only, at most 64'),
    url: z.url({ protocol: /^https?$/ }),
    secret: z.string().min(32, 'must be at least 32 characters long'),
  })
  .strict();

const hours = z
  .number()
  .positive()
  .max(24 * 30);

const atRiskHours = z
  .object({
    default: hours,
    /** Per business line: `{ "default"?: h, "<severity>"?: h }`. */
    byLine: z.record(z.string().min(1), z.record(z.string().min(1), hours)).optional(),
  })
  .strict();

/** The alert pipeline's variables, part of the projector's configuration. */
export const alertsConfigShape = {
  /** Evaluate alerts in this process; by default where the projector follows the event store itself. */
  ALERTS_ENABLED: z.stringbool().optional(),
  /** Publish alerts to this Kafka topic (on KAFKA_BROKERS); none by default on the embedded feed. */
  ALERTS_TOPIC: z
    .string()
    .regex(/^[a-zA-Z0-9._-]{0,249}$/)
    .optional(),
  /** JSON `[{ "id", "url", "secret" }]`: webhooks that receive every alert, HMAC-SHA256 signed. */
  ALERTS_WEBHOOKS: jsonOf(z.array(webhook).max(20)).default([]),
  /** JSON `{ "default": h, "byLine"?: { "<line>": { "default"?: h, "<severity>"?: h } } }`. */
  ALERTS_AT_RISK_HOURS: jsonOf(atRiskHours).default({ default: DEFAULT_ALERT_POLICY.atRiskHours.default }),
  ALERTS_REPEAT_WINDOW_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(366)
    .default(DEFAULT_ALERT_POLICY.repeatWindowDays),
  /** An alert about an event older than this is history, not news: it is not raised. */
  ALERTS_MAX_AGE_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 366)
    .default(48),
  /** How often the time-driven rules (deadlines at risk, overdue replies and actions) are evaluated. */
  ALERTS_TICK_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  /** Attempts per webhook delivery, and the first pause (doubled per retry). */
  ALERTS_WEBHOOK_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(5),
  ALERTS_WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(1).max(60_000).default(500),
  ALERTS_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  /** Days and ISO weeks of the spike rules. */
  REPORTING_TIME_ZONE: z
    .string()
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'is not an IANA time zone')
    .default('Asia/Shanghai'),
};
