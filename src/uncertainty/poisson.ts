import type { RandomStream } from './random-stream.js';

/** Means below this are drawn by inversion, at or above it by PTRS (see {@link samplePoisson}). */
export const POISSON_INVERSION_MAX_MEAN = 10;

// The cdf F(0), F(1), ... of the integer means 1..9 (the most common counts of aggregated paths),
// built with exactly the arithmetic of the sequential search (p(k) = p(k-1) mean / k, F(k) =
// F(k-1) + p(k), from p(0) = e^-mean, until p underflows), so a table lookup returns the same k.
const CDF_TABLES: Float64Array[] = Array.from({ length: POISSON_INVERSION_MAX_MEAN }, (_, mean) => {
  const cdf: number[] = [];
  let p = Math.exp(-mean);
  let f = p;
  cdf.push(f);
  for (let k = 1; mean > 0; k++) {
    p = (p * mean) / k;
    if (p === 0) break;
    f += p;
    cdf.push(f);
  }
  return Float64Array.from(cdf);
});

/**
 * Draws one Poisson(mean) variate, exactly (no normal approximation at any
 * mean):
 *
 * - mean 0: 0, without consuming numbers;
 * - mean < 10: inversion by sequential search, one uniform u and the smallest k
 *   with F(k) >= u, F built from p(0) = e^-mean and p(k) = p(k-1) mean / k;
 * - mean >= 10: PTRS, Hörmann's transformed rejection with squeeze ("The
 *   transformed rejection method for generating Poisson random variables",
 *   Insurance: Mathematics and Economics 12, 1993), about 1.1 pairs of uniforms
 *   per draw at any mean. Its acceptance test uses log k! from {@link logFactorial}.
 *
 * Non-integer means (weighted counts) are fine. Unchecked: `mean` must be finite and >= 0.
 *
 * @example
 * ```ts
 * const s = new RandomStream(7);
 * s.reset(0, 0, 1);
 * samplePoisson(s, 3); // e.g. 2
 * ```
 */
export function samplePoisson(stream: RandomStream, mean: number): number {
  if (!(mean > 0)) return 0;
  return mean < POISSON_INVERSION_MAX_MEAN ? poissonInversion(stream, mean) : poissonPtrs(stream, mean);
}

function poissonInversion(stream: RandomStream, mean: number): number {
  for (;;) {
    const k = poissonInverse(stream.nextDouble(), mean);
    if (k >= 0) return k;
  }
}

/**
 * Inversion step of {@link samplePoisson} for a mean below 10: the smallest k with
 * F(k) >= u, or -1 when u lies above the cdf as rounded in floating point (chance
 * ~1e-16; the caller then draws a new u). Exposed so a caller holding a block of
 * uniforms can spend them without a stream object.
 *
 * @example
 * ```ts
 * poissonInverse(0.3, 1); // 0, since F(0) = e^-1 = 0.37
 * ```
 */
export function poissonInverse(u: number, mean: number): number {
  if (Number.isInteger(mean)) {
    const cdf = CDF_TABLES[mean];
    let k = 0;
    while (k < cdf.length && u > cdf[k]) k++;
    return k < cdf.length ? k : -1;
  }
  const p0 = Math.exp(-mean);
  let k = 0;
  let p = p0;
  let f = p0;
  while (u > f) {
    k++;
    p = (p * mean) / k;
    // p underflowed before the rounded cdf reached u.
    if (p === 0) return -1;
    f += p;
  }
  return k;
}

function poissonPtrs(stream: RandomStream, mean: number): number {
  const slam = Math.sqrt(mean);
  const loglam = Math.log(mean);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = stream.nextDouble() - 0.5;
    const v = stream.nextDouble();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    // The squeeze: most draws are accepted here without a logarithm.
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -mean + k * loglam - logFactorial(k)) return k;
  }
}

// log k! for k < 16 exactly (from the products), Stirling's series above.
const LOG_FACTORIAL_TABLE = (() => {
  const t = new Float64Array(16);
  let f = 1;
  for (let k = 1; k < 16; k++) {
    f *= k;
    t[k] = Math.log(f);
  }
  return t;
})();
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * log(k!) for an integer k >= 0: a table below 16, Stirling's series with
 * four correction terms above (absolute error below 1e-15 there).
 *
 * @example
 * ```ts
 * logFactorial(5); // Math.log(120)
 * ```
 */
export function logFactorial(k: number): number {
  if (k < 16) return LOG_FACTORIAL_TABLE[k];
  const x = k + 1;
  const x2 = 1 / (x * x);
  // log Gamma(x) = (x - 1/2) log x - x + log sqrt(2 pi) + 1/(12x) - 1/(360x^3) + 1/(1260x^5) - 1/(1680x^7)
  const series = (1 / 12 - x2 * (1 / 360 - x2 * (1 / 1260 - x2 / 1680))) / x;
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + series;
}
