import { poissonUpperTail } from './poisson';

/** Relative closeness: the far tail is checked digit by digit, not against an absolute 1e-x. */
const expectRelativelyClose = (actual: number, expected: number, digits = 10) =>
  expect(Math.abs(actual - expected) / expected).toBeLessThan(10 ** -digits);

describe('poissonUpperTail: P(X ≥ k) for X ~ Poisson(λ)', () => {
  it('is 1 for k ≤ 0, and 0 for k ≥ 1 when λ = 0', () => {
    expect(poissonUpperTail(0, 3)).toBe(1);
    expect(poissonUpperTail(-2, 3)).toBe(1);
    expect(poissonUpperTail(0, 0)).toBe(1);
    expect(poissonUpperTail(1, 0)).toBe(0);
  });

  it('P(X ≥ 1 | λ = 2) = 1 − e^−2 ≈ 0.8646647', () => {
    expectRelativelyClose(poissonUpperTail(1, 2), 1 - Math.exp(-2), 14);
  });

  it('P(X ≥ 5 | λ = 0.5) = 1 − e^−0.5·(1 + 0.5 + 0.125 + 0.0208333 + 0.0026042) ≈ 1.72116e-4', () => {
    // e^−0.5 = 0.60653066; 0.60653066 × 1.6484375 = 0.99982788; 1 − that = 1.7212e-4.
    expectRelativelyClose(poissonUpperTail(5, 0.5), 1.72115629955841e-4);
  });

  it('P(X ≥ 4 | λ = 0.5) = 1 − e^−0.5·(1 + 0.5 + 0.125 + 0.0208333) ≈ 1.75162e-3', () => {
    // 0.60653066 × 1.6458333 = 0.99824838 → 1.7516e-3.
    expectRelativelyClose(poissonUpperTail(4, 0.5), 1.75162255629082e-3);
  });

  it('P(X ≥ 7 | λ = 1) = 1 − e^−1·(1 + 1 + 1/2 + 1/6 + 1/24 + 1/120 + 1/720) ≈ 8.32411e-5', () => {
    // Σ = 2.7180556; e^−1 = 0.36787944; product 0.99991676 → 8.324e-5.
    expectRelativelyClose(poissonUpperTail(7, 1), 8.32411492880231e-5);
  });

  it('P(X ≥ 8 | λ = 6) ≈ 0.25602 (a high but steady count is not surprising)', () => {
    // e^−6 = 0.00247875; Σ_{i<8} 6^i/i! = 1 + 6 + 18 + 36 + 54 + 64.8 + 64.8 + 55.542857 = 300.142857;
    // 0.00247875 × 300.142857 = 0.743980 → 0.25602.
    expectRelativelyClose(poissonUpperTail(8, 6), 0.256020239546283);
  });

  it('P(X ≥ 3 | λ = 3) ≈ 0.57681 (k ≤ λ: the lower part is summed)', () => {
    // 1 − e^−3·(1 + 3 + 4.5) = 1 − 0.04978707 × 8.5 = 0.57681.
    expectRelativelyClose(poissonUpperTail(3, 3), 0.576809918873156);
  });

  it('keeps its digits far in the tail, where 1 − CDF would be 0', () => {
    // P(X ≥ 60 | 5) = Σ_{i ≥ 60} e^−5·5^i/i! ≈ e^−5·5^60/60! · 1.0909… ≈ 7.6496e-43.
    expectRelativelyClose(poissonUpperTail(60, 5), 7.64961008109814e-43);
  });

  it('stays sound for a large λ (no e^−λ underflow, no 1000! overflow)', () => {
    // Just above one half, as the skew of the distribution says; reference values to 15 digits.
    expectRelativelyClose(poissonUpperTail(1000, 1000), 0.504205244180216, 9);
    expectRelativelyClose(poissonUpperTail(1100, 1000), 9.62630405866557e-4, 9);
  });

  it.each([
    [1.5, 1],
    [3, -1],
    [3, Number.NaN],
    [3, Number.POSITIVE_INFINITY],
  ])('refuses k = %p, λ = %p', (k, lambda) => {
    expect(() => poissonUpperTail(k, lambda)).toThrow(RangeError);
  });
});
