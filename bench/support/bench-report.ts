import type { BenchFigure, BenchResult } from './bench-result';
import type { BenchSize } from './bench-size';

/** What became of one measurement of the run. */
export type MeasurementOutcome =
  | { measurement: string; status: 'ok'; result: BenchResult }
  | {
      measurement: string;
      status: 'failed';
      /** Why, in a few words: the exit code, a timeout, a missing script. */
      reason: string;
      seconds: number;
      /** The last lines the measurement wrote on stderr. */
      stderrTail: string[];
    };

export interface BenchEnvironment {
  cpu: string;
  cores: number;
  ramGb: number;
  node: string;
  postgres: string;
  kafka: string;
  chdb: string;
  /** YYYY-MM-DD, local time. */
  date: string;
}

export interface BenchReport {
  size: BenchSize;
  environment: BenchEnvironment;
  outcomes: readonly MeasurementOutcome[];
  seconds: number;
}

const PER_SECOND = /\/s$/;

/** A figure's value for the table: rates as whole numbers with separators, latencies to the 0.1 ms. */
export const formatValue = (value: number, unit: string): string => {
  const digits = PER_SECOND.test(unit) || unit === 'MB' ? 0 : Math.abs(value) >= 100 ? 0 : 1;
  const text = value.toLocaleString('en-US', {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });
  return `${text} ${unit}`;
};

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

const duration = (seconds: number): string =>
  seconds < 60 ? `${Math.round(seconds)} s` : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;

const met = (figure: BenchFigure): string => (figure.goal ? (figure.goal.met ? 'yes' : '**no**') : '—');

const figureRow = (measurement: string, figure: BenchFigure): string[] => [
  measurement,
  figure.label,
  formatValue(figure.value, figure.unit),
  figure.baseline ? `${formatValue(figure.baseline.value, figure.unit)} (${figure.baseline.label})` : '—',
  figure.ratio !== undefined ? `${figure.ratio.toFixed(2)}×` : '—',
  figure.goal?.text ?? '—',
  met(figure),
];

const rows = (outcome: MeasurementOutcome): string[][] =>
  outcome.status === 'ok'
    ? outcome.result.figures.map((figure) => figureRow(outcome.measurement, figure))
    : [[outcome.measurement, `**failed**: ${outcome.reason}`, '—', '—', '—', '—', '**failed**']];

const notes = (outcome: MeasurementOutcome): string[] => {
  if (outcome.status === 'failed') {
    const tail = outcome.stderrTail.map((line) => `    ${line}`);
    return [
      `### ${outcome.measurement} — failed after ${duration(outcome.seconds)}: ${outcome.reason}`,
      '',
      ...(tail.length > 0 ? ['Last lines on stderr:', '', ...tail, ''] : []),
    ];
  }
  const annotated = outcome.result.figures.filter((figure) => figure.notes);
  return [
    `### ${outcome.measurement} (${duration(outcome.result.seconds)})`,
    '',
    ...annotated.map((figure) => `- **${figure.label}**: ${cell(figure.notes!)}`),
    ...(annotated.length > 0 ? [''] : []),
  ];
};

const table = (header: string[], body: string[][]): string[] => [
  `| ${header.join(' | ')} |`,
  `|${header.map(() => '---').join('|')}|`,
  ...body.map((row) => `| ${row.map(cell).join(' | ')} |`),
];

export const failedMeasurements = (outcomes: readonly MeasurementOutcome[]): string[] =>
  outcomes.filter((outcome) => outcome.status === 'failed').map((outcome) => outcome.measurement);

const missedGoals = (outcomes: readonly MeasurementOutcome[]): string[] =>
  outcomes.flatMap((outcome) =>
    outcome.status === 'ok'
      ? outcome.result.figures
          .filter((figure) => figure.goal && !figure.goal.met)
          .map((figure) => figure.label)
      : [],
  );

/** The run as markdown: environment, one table of every figure, then the notes of each measurement. */
export const renderReport = (report: BenchReport): string => {
  const { environment: env, outcomes } = report;
  const failed = failedMeasurements(outcomes);
  const missed = missedGoals(outcomes);
  const lines = [
    `# Benchmark ${env.date}`,
    '',
    `\`npm run bench -- --size=${report.size}\`: ${outcomes.length} measurements in ${duration(report.seconds)}, ` +
      'each pair measured side by side in the same run on this machine. Ratio > 1 means ours is better.',
    '',
    `- CPU: ${env.cpu}, ${env.cores} cores; RAM ${env.ramGb.toFixed(1)} GB`,
    `- Node ${env.node}; PostgreSQL ${env.postgres}; Kafka ${env.kafka}; chDB ${env.chdb}`,
    '',
    ...table(['Measurement', 'Figure', 'Ours', 'Peer', 'Ratio', 'Goal', 'Met?'], outcomes.flatMap(rows)),
    '',
    failed.length > 0 ? `Failed: ${failed.join(', ')}.` : 'Every measurement ran.',
    missed.length > 0
      ? `Goals missed: ${missed.join('; ')} (see the notes).`
      : 'Every goal measured was met.',
    '',
    '## Notes',
    '',
    ...outcomes.flatMap(notes),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
};
