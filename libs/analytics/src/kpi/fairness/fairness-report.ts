import { chiSquareTest } from './chi-square';

/**
 * The fairness report (问责尺度一致性): "the same fault gets the same consequence". For each cause code
 * and severity (a stratum), the consequences decided are counted by org unit (the responsible unit) and
 * by decider (the supervisor); each unit and each decider is tested against the rest of its stratum with
 * a chi-square test of independence on the 2 × k table (this one / all others × ladder rungs), tested
 * only when Cochran's rule holds. A cell is flagged when its p-value is below α / m (Bonferroni), m being
 * the number of cells tested in that dimension over the whole report.
 */
export type ConsequenceCount = {
  causeCode: string;
  severity: string;
  orgUnit: string;
  decider: string;
  /** The rung as first decided (before any appeal): what the decider chose. */
  level: string;
  decided: number;
  appealed: number;
  upheld: number;
};

export const FAIRNESS_DIMENSIONS = ['orgUnit', 'decider'] as const;
export type FairnessDimension = (typeof FAIRNESS_DIMENSIONS)[number];

export type CellTest =
  | { tested: true; statistic: number; df: number; pValue: number; minExpected: number; flagged: boolean }
  | { tested: false; reason: 'single-column' | 'sparse'; minExpected: number; flagged: false };

export type FairnessCell = {
  key: string;
  decided: number;
  /** Count per ladder level, every level of the report listed. */
  levels: Record<string, number>;
  appealed: number;
  upheld: number;
  test: CellTest;
};

export type FairnessStratum = {
  causeCode: string;
  severity: string;
  decided: number;
  levels: Record<string, number>;
  byOrgUnit: FairnessCell[];
  byDecider: FairnessCell[];
};

export type AppealRates = {
  key: string;
  decided: number;
  appealed: number;
  upheld: number;
  /** appealed / decided; null when nothing was decided. */
  appealRate: number | null;
  /** upheld / appealed; null when nothing was appealed. */
  upheldRate: number | null;
};

export type FairnessTestDefinition = {
  name: 'chi-square';
  description: string;
  alpha: number;
  correction: 'bonferroni';
  /** Cells tested per dimension (m), and the threshold α / m a p-value must be below to flag. */
  tests: Record<FairnessDimension, number>;
  thresholds: Record<FairnessDimension, number | null>;
  minimumExpected: string;
};

export type FairnessFlag = {
  dimension: FairnessDimension;
  key: string;
  causeCode: string;
  severity: string;
  pValue: number;
  threshold: number;
};

export type FairnessFigures = {
  levels: string[];
  test: FairnessTestDefinition;
  strata: FairnessStratum[];
  appeals: Record<FairnessDimension, AppealRates[]>;
  flags: FairnessFlag[];
};

export const DEFAULT_ALPHA = 0.05;

const keyOf = (row: ConsequenceCount, dimension: FairnessDimension) =>
  dimension === 'orgUnit' ? row.orgUnit : row.decider;

const sum = (rows: readonly ConsequenceCount[], field: 'decided' | 'appealed' | 'upheld') =>
  rows.reduce((total, row) => total + row[field], 0);

const levelCounts = (rows: readonly ConsequenceCount[], levels: readonly string[]) =>
  Object.fromEntries(
    levels.map((level) => [
      level,
      sum(
        rows.filter((row) => row.level === level),
        'decided',
      ),
    ]),
  );

const groupBy = <T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return new Map([...groups.entries()].sort(([a], [b]) => a.localeCompare(b)));
};

const rate = (numerator: number, denominator: number) => (denominator === 0 ? null : numerator / denominator);

/**
 * `ladder` orders the levels (lowest first); a level decided but no longer on the ladder is listed after
 * it. `alpha` is the family-wise error rate of each dimension.
 */
export const fairnessFigures = (
  rows: readonly ConsequenceCount[],
  ladder: readonly string[],
  alpha = DEFAULT_ALPHA,
): FairnessFigures => {
  const levels = [
    ...ladder,
    ...[...new Set(rows.map((row) => row.level))].filter((l) => !ladder.includes(l)).sort(),
  ];
  const cellsOf = (stratum: readonly ConsequenceCount[], dimension: FairnessDimension) =>
    [...groupBy(stratum, (row) => keyOf(row, dimension)).entries()].map(([key, own]) => {
      const others = stratum.filter((row) => keyOf(row, dimension) !== key);
      const table = [own, others].map((part) =>
        levels.map((level) => levelCounts(part, [level])[level] as number),
      );
      return {
        key,
        decided: sum(own, 'decided'),
        levels: levelCounts(own, levels),
        appealed: sum(own, 'appealed'),
        upheld: sum(own, 'upheld'),
        test: { ...chiSquareTest(table), flagged: false },
      } as FairnessCell;
    });
  const strata = [...groupBy(rows, (row) => `${row.causeCode}\u0000${row.severity}`).values()].map(
    (stratum): FairnessStratum => ({
      causeCode: (stratum[0] as ConsequenceCount).causeCode,
      severity: (stratum[0] as ConsequenceCount).severity,
      decided: sum(stratum, 'decided'),
      levels: levelCounts(stratum, levels),
      byOrgUnit: cellsOf(stratum, 'orgUnit'),
      byDecider: cellsOf(stratum, 'decider'),
    }),
  );
  const cellsIn = (dimension: FairnessDimension) =>
    strata.flatMap((stratum) =>
      (dimension === 'orgUnit' ? stratum.byOrgUnit : stratum.byDecider).map((cell) => ({ stratum, cell })),
    );
  const tests = {} as Record<FairnessDimension, number>;
  const thresholds = {} as Record<FairnessDimension, number | null>;
  const flags: FairnessFlag[] = [];
  for (const dimension of FAIRNESS_DIMENSIONS) {
    const tested = cellsIn(dimension).filter(({ cell }) => cell.test.tested);
    tests[dimension] = tested.length;
    const threshold = tested.length === 0 ? null : alpha / tested.length;
    thresholds[dimension] = threshold;
    for (const { stratum, cell } of tested) {
      if (cell.test.tested && threshold !== null && cell.test.pValue < threshold) {
        cell.test.flagged = true;
        flags.push({
          dimension,
          key: cell.key,
          causeCode: stratum.causeCode,
          severity: stratum.severity,
          pValue: cell.test.pValue,
          threshold,
        });
      }
    }
  }
  const appeals = Object.fromEntries(
    FAIRNESS_DIMENSIONS.map((dimension) => [
      dimension,
      [...groupBy(rows, (row) => keyOf(row, dimension)).entries()].map(([key, own]): AppealRates => {
        const decided = sum(own, 'decided');
        const appealed = sum(own, 'appealed');
        const upheld = sum(own, 'upheld');
        return {
          key,
          decided,
          appealed,
          upheld,
          appealRate: rate(appealed, decided),
          upheldRate: rate(upheld, appealed),
        };
      }),
    ]),
  ) as Record<FairnessDimension, AppealRates[]>;
  return {
    levels,
    test: {
      name: 'chi-square',
      description:
        'Pearson chi-square test of independence, one unit (or decider) against the rest of its cause code and ' +
        'severity, over the ladder levels decided; flagged when p < α / m (Bonferroni over the m cells tested ' +
        'in the dimension)',
      alpha,
      correction: 'bonferroni',
      tests,
      thresholds,
      minimumExpected:
        "Cochran's rule: every expected count ≥ 1 and at most 20 % of them < 5; otherwise not tested",
    },
    strata,
    appeals,
    flags: flags.sort((a, b) => a.pValue - b.pValue),
  };
};
