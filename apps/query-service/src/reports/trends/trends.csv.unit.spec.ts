import { type RootCauseTrends } from '@app/analytics/kpi/trends';
import { topMoversCsv, trendsCsv } from './trends.csv';

const trends = (granularity: RootCauseTrends['granularity'], key: string): RootCauseTrends => ({
  dimension: 'causeCode',
  granularity,
  timeZone: 'UTC',
  from: '2026-03-02',
  to: '2026-03-15',
  filters: { businessLine: null, orgUnit: null, scope: null },
  buckets: [
    { id: '2026-W10', start: '2026-03-02T00:00:00.000Z', end: '2026-03-09T00:00:00.000Z' },
    { id: '2026-W11', start: '2026-03-09T00:00:00.000Z', end: '2026-03-16T00:00:00.000Z' },
  ],
  series: [
    {
      key,
      family: 'staff',
      total: 9,
      points: [
        { bucket: '2026-W10', count: 1 },
        { bucket: '2026-W11', count: 8 },
      ],
      spikes: [
        {
          week: '2026-W11',
          start: '2026-03-09T00:00:00.000Z',
          end: '2026-03-16T00:00:00.000Z',
          count: 8,
          baseline: 1,
          probability: 1e-5,
        },
      ],
    },
  ],
  topMovers: [{ key, family: 'staff', current: 9, previous: 0, difference: 9, relative: null }],
  previousPeriod: { from: '2026-02-16', to: '2026-03-01' },
  truncated: false,
});

describe('trends CSV', () => {
  const lines = (csv: string) => csv.split('\r\n');

  it('marks the spike week with 1 and leaves other points empty', () => {
    expect(lines(trendsCsv(trends('week', 'attitude')))).toEqual([
      'key,family,bucket,bucketStart,count,spike',
      'attitude,staff,2026-W10,2026-03-02T00:00:00.000Z,1,',
      'attitude,staff,2026-W11,2026-03-09T00:00:00.000Z,8,1',
      '',
    ]);
  });

  it('never marks a spike on points that are not weeks', () => {
    expect(lines(trendsCsv(trends('month', 'attitude')))[2]).toBe(
      'attitude,staff,2026-W11,2026-03-09T00:00:00.000Z,8,',
    );
  });

  it('defuses keys a spreadsheet would run as a formula, and quotes commas', () => {
    expect(lines(trendsCsv(trends('week', '=HYPERLINK("x")')))[1]).toBe(
      '"\'=HYPERLINK(""x"")",staff,2026-W10,2026-03-02T00:00:00.000Z,1,',
    );
    expect(lines(topMoversCsv(trends('week', 'a, b')))).toEqual([
      'key,current,previous,difference,relative',
      '"a, b",9,0,9,',
      '',
    ]);
  });
});
