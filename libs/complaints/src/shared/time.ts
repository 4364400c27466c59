/**
 * Instants are ISO-8601 strings in events and commands. These helpers parse them; nothing here reads
 * a clock.
 */
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export const toMillis = (instant: string): number => Date.parse(instant);

/**
 * An ISO-8601 date-time with a zone designator. Date.parse alone is not enough: it reads '02/03/2026'
 * or a date-time without a zone in the host's local time (the decision would depend on TZ), and rolls
 * '2026-02-30' over into March.
 */
const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)$/;

export const isValidInstant = (value: string): boolean => {
  const match = ISO_INSTANT.exec(value);
  if (!match || Number.isNaN(Date.parse(value))) return false;
  const [year, month, day] = [match[1], match[2], match[3]].map(Number);
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
};

export const isBefore = (a: string, b: string): boolean => toMillis(a) < toMillis(b);

export const isAfter = (a: string, b: string): boolean => toMillis(a) > toMillis(b);

export const addHours = (instant: string, hours: number): string =>
  new Date(toMillis(instant) + hours * HOUR_MS).toISOString();

export const daysBetween = (from: string, to: string): number => (toMillis(to) - toMillis(from)) / DAY_MS;
