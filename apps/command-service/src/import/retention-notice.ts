const DAY_MS = 86_400_000;

const day = (instant: number): string => new Date(instant).toISOString().slice(0, 10);

/**
 * What retention will do to the complaints just imported, said at the end of the import (which itself
 * erases nothing): retention counts from each complaint's closing as the file dates it, so history closed
 * longer ago than PII_RETENTION_DAYS is erased by the next sweep, and the rest when its time comes.
 */
export const retentionNotice = (
  closings: readonly string[],
  settings: { retentionDays: number; sweepIntervalMs: number },
  now: Date,
  dryRun = false,
): string => {
  const period = settings.retentionDays * DAY_MS;
  const cutoff = now.getTime() - period;
  const due = closings.filter((closedAt) => Date.parse(closedAt) < cutoff).length;
  const later = closings
    .map((closedAt) => Date.parse(closedAt) + period)
    .filter((erasedAfter) => erasedAfter > now.getTime())
    .sort((a, b) => a - b);
  const sweep =
    settings.sweepIntervalMs === 0
      ? 'the command service does not sweep (PII_SWEEP_INTERVAL_MS=0): npm run erase-expired erases them'
      : `the command service's next sweep (every ${Math.round(settings.sweepIntervalMs / 60_000)} min) or ` +
        'npm run erase-expired erases them';
  const parts = [
    `retention (${settings.retentionDays} days after closing, PII_RETENTION_DAYS): the import erases nothing.`,
    due > 0
      ? `${due} of the ${dryRun ? 'checked' : 'imported'} complaints were closed before ${day(cutoff)}, so their ` +
        `personal data is past retention: ${sweep}.`
      : `None of the ${dryRun ? 'checked' : 'imported'} complaints is past retention.`,
  ];
  if (later.length > 0)
    parts.push(
      `${later.length} more fall due between ${day(later[0]!)} and ${day(later.at(-1)!)}; open ones count ` +
        'from their closing.',
    );
  return parts.join(' ');
};
