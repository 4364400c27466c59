/**
 * Pearson's chi-square test of independence on a contingency table, with its p-value from the
 * chi-square distribution (the regularized upper incomplete gamma function, Numerical Recipes §6.2).
 */

const LANCZOS = [
  676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

export const logGamma = (x: number): number => {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = 0.99999999999980993;
  LANCZOS.forEach((c, i) => (sum += c / (z + i + 1)));
  const t = z + LANCZOS.length - 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
};

const EPS = 1e-15;
const TINY = 1e-300;

/** Q(a, x) = Γ(a, x) / Γ(a): series below a + 1, continued fraction above. */
export const upperRegularizedGamma = (a: number, x: number): number => {
  if (x <= 0) return 1;
  const front = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 1000 && Math.abs(term) > Math.abs(sum) * EPS; n++) {
      term *= x / (a + n);
      sum += term;
    }
    return Math.max(0, 1 - sum * Math.exp(front));
  }
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.min(1, Math.exp(front) * h);
};

/** P(X ≥ statistic) for X ~ χ²(df). */
export const chiSquareSurvival = (statistic: number, df: number): number =>
  df <= 0 ? 1 : upperRegularizedGamma(df / 2, statistic / 2);

export type ChiSquareResult =
  | { tested: true; statistic: number; df: number; pValue: number; minExpected: number }
  /** Not tested: the table is too sparse for the chi-square approximation (Cochran's rule). */
  | { tested: false; reason: 'single-column' | 'sparse'; minExpected: number };

/**
 * Tests rows × columns (counts). Columns with no count at all are left out. Tested only when Cochran's
 * rule holds: every expected count at least 1 and at most 20 % of them below 5.
 */
export const chiSquareTest = (table: readonly (readonly number[])[]): ChiSquareResult => {
  const columns = (table[0] ?? []).map((_, j) => j).filter((j) => table.some((row) => (row[j] ?? 0) > 0));
  const rows = table.map((row) => columns.map((j) => row[j] ?? 0)).filter((row) => row.some((n) => n > 0));
  const total = rows.flat().reduce((a, b) => a + b, 0);
  if (rows.length < 2 || columns.length < 2)
    return { tested: false, reason: 'single-column', minExpected: 0 };
  const rowSums = rows.map((row) => row.reduce((a, b) => a + b, 0));
  const colSums = columns.map((_, j) => rows.reduce((sum, row) => sum + (row[j] as number), 0));
  let statistic = 0;
  let minExpected = Infinity;
  let belowFive = 0;
  rows.forEach((row, i) =>
    row.forEach((observed, j) => {
      const expected = ((rowSums[i] as number) * (colSums[j] as number)) / total;
      minExpected = Math.min(minExpected, expected);
      if (expected < 5) belowFive++;
      statistic += (observed - expected) ** 2 / expected;
    }),
  );
  if (minExpected < 1 || belowFive > 0.2 * rows.length * columns.length)
    return { tested: false, reason: 'sparse', minExpected };
  const df = (rows.length - 1) * (columns.length - 1);
  return { tested: true, statistic, df, pValue: chiSquareSurvival(statistic, df), minExpected };
};
