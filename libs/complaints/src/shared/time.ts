/**
 * Instants are ISO-8601 strings in events and commands. These helpers parse them; nothing here reads
 * a clock.
 */
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export const toMillis = (instant: string): number => Date.parse(instant);

export const isValidInstant = (value: string): boolean => !Number.isNaN(Date.parse(value));

export const isBefore = (a: string, b: string): boolean => toMillis(a) < toMillis(b);

export const isAfter = (a: string, b: string): boolean => toMillis(a) > toMillis(b);

export const addHours = (instant: string, hours: number): string =>
  new Date(toMillis(instant) + hours * HOUR_MS).toISOString();

export const daysBetween = (from: string, to: string): number => (toMillis(to) - toMillis(from)) / DAY_MS;
