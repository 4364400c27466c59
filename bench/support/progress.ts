/**
 * Progress of a measurement, as plain lines on stderr: the runner shows them as they come and keeps the
 * last ones for the report when the measurement fails. stdout is kept for the result line.
 */
export type Progress = (message: string) => void;

export const progressOf =
  (measurement: string): Progress =>
  (message) =>
    process.stderr.write(`[${measurement}] ${message}\n`);

/** The same, but at most one line per `intervalMs` (the last call always goes through with `force`). */
export const throttled = (progress: Progress, intervalMs = 2_000) => {
  let last = 0;
  return (message: string, force = false): void => {
    const now = Date.now();
    if (!force && now - last < intervalMs) return;
    last = now;
    progress(message);
  };
};

export const seconds = (since: bigint): number => Number(process.hrtime.bigint() - since) / 1e9;

/** 12345.6 → "12,346". */
export const formatCount = (value: number): string => Math.round(value).toLocaleString('en-US');

/** 1 → "1 round", 3 → "3 rounds". */
export const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;
