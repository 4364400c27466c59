import { chiSquareSurvival, chiSquareTest, logGamma } from './chi-square';

describe('chi-square', () => {
  it('logGamma matches factorials', () => {
    expect(Math.exp(logGamma(5))).toBeCloseTo(24, 9);
    expect(Math.exp(logGamma(0.5))).toBeCloseTo(Math.sqrt(Math.PI), 9);
  });

  it.each([
    [3.841458820694124, 1, 0.05],
    [5.991464547107979, 2, 0.05],
    [6.634896601021214, 1, 0.01],
    [18.307038053275146, 10, 0.05],
    [0.10258658877510107, 2, 0.95],
    [30, 4, 4.89e-6],
  ])('survival(%p, df %p) ≈ %p (published quantiles)', (x, df, p) =>
    expect(chiSquareSurvival(x, df) / p).toBeCloseTo(1, 2),
  );

  it('a 2×2 table: the textbook statistic', () => {
    // 2×2 [[20, 30], [30, 20]]: expected 25 everywhere, χ² = 4·25/25 = 4, df 1, p = 0.0455.
    const result = chiSquareTest([
      [20, 30],
      [30, 20],
    ]);
    expect(result).toMatchObject({ tested: true, statistic: 4, df: 1 });
    expect(result.tested && result.pValue).toBeCloseTo(0.0455, 4);
  });

  it('leaves out empty columns, refuses a sparse table', () => {
    expect(
      chiSquareTest([
        [10, 0, 10],
        [10, 0, 10],
      ]),
    ).toMatchObject({ tested: true, df: 1, statistic: 0, pValue: 1 });
    expect(
      chiSquareTest([
        [1, 2],
        [0, 1],
      ]),
    ).toMatchObject({ tested: false, reason: 'sparse' });
    expect(chiSquareTest([[5, 5]])).toMatchObject({ tested: false, reason: 'single-column' });
  });
});
