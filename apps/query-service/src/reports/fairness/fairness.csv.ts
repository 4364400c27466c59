import { type FairnessReport } from '@app/analytics/kpi/fairness';
import { type CsvCell, toCsv } from '../shared/csv';

/**
 * One row per cell: the stratum, the dimension and key, the count of each level, the appeals, and the
 * test (statistic, df, p-value, the threshold it is compared with, flagged).
 */
export const fairnessCsv = (report: FairnessReport): string => {
  const header = [
    'causeCode',
    'severity',
    'dimension',
    'key',
    'decided',
    ...report.levels.map((level) => `level:${level}`),
    'appealed',
    'upheld',
    'tested',
    'statistic',
    'df',
    'pValue',
    'threshold',
    'flagged',
  ];
  const rows = report.strata.flatMap((stratum): CsvCell[][] =>
    (['orgUnit', 'decider'] as const).flatMap((dimension) =>
      (dimension === 'orgUnit' ? stratum.byOrgUnit : stratum.byDecider).map((cell) => [
        stratum.causeCode,
        stratum.severity,
        dimension,
        cell.key,
        cell.decided,
        ...report.levels.map((level) => cell.levels[level] ?? 0),
        cell.appealed,
        cell.upheld,
        cell.test.tested ? 'yes' : `no (${cell.test.reason})`,
        cell.test.tested ? cell.test.statistic : null,
        cell.test.tested ? cell.test.df : null,
        cell.test.tested ? cell.test.pValue : null,
        report.test.thresholds[dimension],
        cell.test.flagged ? 'yes' : 'no',
      ]),
    ),
  );
  return toCsv(header, rows);
};
