/**
 * `P(X ≥ k)` for `X ~ Poisson(λ)`: how surprising a week's count is against its baseline.
 *
 * Written out rather than taken from a package: the packages that offer it either return only the CDF
 * (`1 − CDF` cancels to 0 exactly where a spike is decided, in the far tail) or bring a few dozen
 * transitive packages for the regularised incomplete gamma function. Here each pmf term is
 * `exp(−λ + i·ln λ − ln i!)`, so nothing over- or underflows on the way; the side of the distribution
 * summed is the short one, so the tail is never the difference of two numbers close to 1.
 */
export const poissonUpperTail = (k: number, lambda: number): number => {
  if (!Number.isInteger(k)) throw new RangeError(`k must be an integer, got ${k}`);
  if (!(lambda >= 0) || !Number.isFinite(lambda))
    throw new RangeError(`lambda must be a finite number ≥ 0, got ${lambda}`);
  if (k <= 0) return 1;
  if (lambda === 0) return 0;
  const logLambda = Math.log(lambda);
  let logFactorial = 0;
  for (let i = 2; i <= k; i += 1) logFactorial += Math.log(i);
  if (k <= lambda) {
    // The lower part, terms 0 … k−1, is at most about a half here: 1 − it keeps full precision.
    let lower = 0;
    let logFactorialI = 0;
    for (let i = 0; i < k; i += 1) {
      if (i > 1) logFactorialI += Math.log(i);
      lower += Math.exp(-lambda + i * logLambda - logFactorialI);
    }
    return Math.max(0, 1 - lower);
  }
  // k > λ: the terms from k on only shrink (ratio λ / (i + 1) < 1); add them until they stop counting.
  let term = Math.exp(-lambda + k * logLambda - logFactorial);
  let tail = 0;
  for (let i = k; term > 0 && term > tail * Number.EPSILON; i += 1) {
    tail += term;
    term *= lambda / (i + 1);
  }
  return Math.min(1, tail);
};
