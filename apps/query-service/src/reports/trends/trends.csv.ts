import { type RootCauseTrends } from '@app/analytics/kpi/trends';
import { toCsv } from '../shared/csv';

export const TRENDS_CSV_HEADER = ['key', 'family', 'bucket', 'bucketStart', 'count', 'spike'] as const;
export const TOP_MOVERS_CSV_HEADER = ['key', 'current', 'previous', 'difference', 'relative'] as const;

/**
 * One row per series point. `family` is the cause family on cause-code series, else empty; `spike` is 1
 * where the bucket is a week judged a spike and empty otherwise (spikes are weekly, so day and month
 * points never carry one: read them from the JSON).
 */
export const trendsCsv = (trends: RootCauseTrends): string => {
  const startOf = new Map(trends.buckets.map((bucket) => [bucket.id, bucket.start]));
  const rows = trends.series.flatMap((series) => {
    const spikeWeeks = new Set(series.spikes.map((spike) => spike.week));
    return series.points.map((point) => [
      series.key,
      series.family ?? null,
      point.bucket,
      startOf.get(point.bucket) ?? null,
      point.count,
      trends.granularity === 'week' && spikeWeeks.has(point.bucket) ? 1 : null,
    ]);
  });
  return toCsv(TRENDS_CSV_HEADER, rows);
};

/** One row per top mover; `relative` is a fraction (0.25, not 25 %), empty when the previous total is 0. */
export const topMoversCsv = (trends: RootCauseTrends): string =>
  toCsv(
    TOP_MOVERS_CSV_HEADER,
    trends.topMovers.map((mover) => [
      mover.key,
      mover.current,
      mover.previous,
      mover.difference,
      mover.relative,
    ]),
  );
