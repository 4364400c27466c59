import { type BenchReport, failedMeasurements, formatValue, renderReport } from './bench-report';

const environment = {
  cpu: 'Test CPU @ 2.0GHz',
  cores: 2,
  ramGb: 7.75,
  node: 'v20.0.0',
  postgres: '16.4',
  kafka: '3.9.2',
  chdb: '3.4.0 (ClickHouse 26.7)',
  date: '2026-03-02',
};

const report: BenchReport = {
  size: 'tiny',
  environment,
  seconds: 75,
  outcomes: [
    {
      measurement: 'relay-vs-kafkajs',
      status: 'ok',
      result: {
        measurement: 'relay-vs-kafkajs',
        seconds: 12.4,
        figures: [
          {
            id: 'relay.events_per_s',
            label: 'relay | PostgreSQL → Kafka',
            value: 8504,
            unit: 'events/s',
            baseline: { label: 'bare kafkajs producer', value: 14936 },
            ratio: 0.5694,
            notes: 'median of 3\nrounds',
          },
          {
            id: 'freshness.p99_ms',
            label: 'freshness p99',
            value: 277.04,
            unit: 'ms',
            goal: { text: '≤ 1000 ms', met: true },
          },
          {
            id: 'projection',
            label: 'projection',
            value: 5922,
            unit: 'events/s',
            goal: { text: '≥ 50,000 events/s', met: false },
            notes: 'inserting bounds it',
          },
        ],
      },
    },
    {
      measurement: 'rebuild',
      status: 'failed',
      reason: 'exit code 1',
      seconds: 3,
      stderrTail: ['Error: boom', '    at x'],
    },
  ],
};

describe('formatValue', () => {
  it('writes rates and megabytes as whole numbers, small latencies to a tenth', () => {
    expect(formatValue(14936.4, 'events/s')).toBe('14,936 events/s');
    expect(formatValue(711.6, 'MB')).toBe('712 MB');
    expect(formatValue(62.24, 'ms')).toBe('62.2 ms');
    expect(formatValue(1277.04, 'ms')).toBe('1,277 ms');
  });
});

describe('renderReport', () => {
  const markdown = renderReport(report);

  it('heads the report with the date, the size and the environment', () => {
    expect(markdown).toMatch(/^# Benchmark 2026-03-02\n/);
    expect(markdown).toContain('--size=tiny`: 2 measurements in 1 min 15 s');
    expect(markdown).toContain('- CPU: Test CPU @ 2.0GHz, 2 cores; RAM 7.8 GB');
    expect(markdown).toContain('- Node v20.0.0; PostgreSQL 16.4; Kafka 3.9.2; chDB 3.4.0 (ClickHouse 26.7)');
  });

  it('lists every figure with ours, the peer, the ratio and the goal, and a failed measurement as failed', () => {
    const rows = markdown.split('\n').filter((line) => line.startsWith('| '));
    expect(rows).toEqual([
      '| Measurement | Figure | Ours | Peer | Ratio | Goal | Met? |',
      '| relay-vs-kafkajs | relay \\| PostgreSQL → Kafka | 8,504 events/s | 14,936 events/s (bare kafkajs producer) | 0.57× | — | — |',
      '| relay-vs-kafkajs | freshness p99 | 277 ms | — | — | ≤ 1000 ms | yes |',
      '| relay-vs-kafkajs | projection | 5,922 events/s | — | — | ≥ 50,000 events/s | **no** |',
      '| rebuild | **failed**: exit code 1 | — | — | — | — | **failed** |',
    ]);
    expect(markdown).toContain('Failed: rebuild.');
    expect(markdown).toContain('Goals missed: projection (see the notes).');
  });

  it('gives the notes per measurement, and the stderr tail of a failed one', () => {
    expect(markdown).toContain(
      '### relay-vs-kafkajs (12 s)\n\n- **relay | PostgreSQL → Kafka**: median of 3 rounds\n',
    );
    expect(markdown).toContain(
      '### rebuild — failed after 3 s: exit code 1\n\nLast lines on stderr:\n\n    Error: boom\n        at x\n',
    );
  });

  it('says so when everything ran and every goal was met', () => {
    const [first] = report.outcomes;
    if (first.status !== 'ok') throw new Error('the first outcome is a result');
    const clean = { ...first, result: { ...first.result, figures: first.result.figures.slice(0, 2) } };
    expect(failedMeasurements([clean])).toEqual([]);
    const markdown = renderReport({ ...report, outcomes: [clean] });
    expect(markdown).toContain('Every measurement ran.');
    expect(markdown).toContain('Every goal measured was met.');
  });
});
