// The random machinery of the bootstrap: Philox4x32-10 against Random123's known answers, the
// keyed streams, and the Poisson sampler against the exact distribution (chi-square, fixed seeds).
import { lgamma } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { logFactorial, philox4x32, poissonInverse, RandomStream, samplePoisson } from '../src/index.js';

describe('philox4x32-10', () => {
  it('reproduces the Random123 known-answer vectors', () => {
    const out = new Uint32Array(4);
    philox4x32(0, 0, 0, 0, 0, 0, out);
    expect(Array.from(out)).toEqual([0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]);
    philox4x32(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, out);
    expect(Array.from(out)).toEqual([0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]);
    philox4x32(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, out);
    expect(Array.from(out)).toEqual([0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]);
  });
});

describe('RandomStream', () => {
  it('gives the same numbers for the same (seed, replicate, key) and different ones otherwise', () => {
    const draw = (seed: number, b: number, hi: number, lo: number) => {
      const s = new RandomStream(seed);
      s.reset(b, hi, lo);
      return Array.from({ length: 6 }, () => s.nextDouble());
    };
    expect(draw(7, 3, 11, 12)).toEqual(draw(7, 3, 11, 12));
    expect(draw(7, 3, 11, 12)).not.toEqual(draw(8, 3, 11, 12));
    expect(draw(7, 3, 11, 12)).not.toEqual(draw(7, 4, 11, 12));
    expect(draw(7, 3, 11, 12)).not.toEqual(draw(7, 3, 11, 13));
    // A seed above 2^32 uses its high word.
    expect(draw(2 ** 40, 0, 0, 0)).not.toEqual(draw(0, 0, 0, 0));
  });

  it('yields doubles strictly inside (0, 1) with the moments of a uniform', () => {
    const s = new RandomStream(1);
    s.reset(0, 0, 0);
    let sum = 0;
    let sq = 0;
    let inside = true;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const u = s.nextDouble();
      inside &&= u > 0 && u < 1;
      sum += u;
      sq += u * u;
    }
    expect(inside).toBe(true);
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(sq / n - 1 / 3)).toBeLessThan(0.003);
  });

  it('refuses a negative or fractional seed', () => {
    expect(() => new RandomStream(-1)).toThrow(/seed/);
    expect(() => new RandomStream(1.5)).toThrow(/seed/);
  });
});

/** Pearson chi-square of n Poisson(mean) draws against the exact pmf; tails pooled until each cell expects >= 5. */
function chiSquare(mean: number, n: number, seed: number): { stat: number; df: number } {
  const s = new RandomStream(seed);
  const counts = new Map<number, number>();
  let integers = true;
  for (let i = 0; i < n; i++) {
    s.reset(0, 0, i);
    const k = samplePoisson(s, mean);
    integers &&= Number.isInteger(k) && k >= 0;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  expect(integers).toBe(true);
  // Exact pmf through mathjs's log-gamma (independent of the sampler's log-factorial).
  const pmf = (k: number) => Math.exp(-mean + k * Math.log(mean) - (lgamma(k + 1) as number));
  const top = Math.ceil(mean + 12 * Math.sqrt(mean) + 20);
  const expected: number[] = [];
  const observed: number[] = [];
  let mass = 0;
  for (let k = 0; k < top; k++) {
    expected.push(pmf(k) * n);
    observed.push(counts.get(k) ?? 0);
    mass += pmf(k);
  }
  // Everything at or above `top` joins the last cell.
  expected[top - 1] += (1 - mass) * n;
  for (const [v, c] of counts) if (v >= top) observed[top - 1] += c;
  // Pool from the left and from the right until the end cells expect >= 5.
  while (expected.length > 2 && expected[0] < 5) {
    const e = expected.shift()!;
    const o = observed.shift()!;
    expected[0] += e;
    observed[0] += o;
  }
  while (expected.length > 2 && expected[expected.length - 1] < 5) {
    const e = expected.pop()!;
    const o = observed.pop()!;
    expected[expected.length - 1] += e;
    observed[observed.length - 1] += o;
  }
  const stat = expected.reduce((acc, e, i) => acc + (observed[i] - e) ** 2 / e, 0);
  return { stat, df: expected.length - 1 };
}

describe('samplePoisson', () => {
  // Chi-square critical value at p = 0.001 (Wilson-Hilferty), so a correct sampler passes these
  // fixed seeds with room to spare and a wrong one (any normal approximation) fails.
  const critical = (df: number) => df * (1 - 2 / (9 * df) + 3.09 * Math.sqrt(2 / (9 * df))) ** 3;

  for (const mean of [0.3, 1, 2.5, 9, 9.99, 10, 17.3, 120, 5000]) {
    it(`matches the exact Poisson(${mean}) distribution`, () => {
      const { stat, df } = chiSquare(mean, 100_000, 1000 + Math.round(mean * 10));
      expect(stat).toBeLessThan(critical(df));
    });
  }

  it('has mean and variance equal to the mean on both sides of the method switch', () => {
    for (const mean of [4.5, 31.7, 1e6]) {
      const s = new RandomStream(5);
      let sum = 0;
      let sq = 0;
      const n = 40_000;
      for (let i = 0; i < n; i++) {
        s.reset(1, 2, i);
        const k = samplePoisson(s, mean);
        sum += k;
        sq += k * k;
      }
      const m = sum / n;
      const v = sq / n - m * m;
      expect(Math.abs(m - mean)).toBeLessThan(5 * Math.sqrt(mean / n));
      expect(Math.abs(v / mean - 1)).toBeLessThan(0.05);
    }
  });

  it('returns 0 for mean 0 without spending numbers', () => {
    const a = new RandomStream(3);
    const b = new RandomStream(3);
    a.reset(0, 0, 1);
    b.reset(0, 0, 1);
    expect(samplePoisson(a, 0)).toBe(0);
    expect(a.nextDouble()).toBe(b.nextDouble());
  });

  it('inverts the cdf exactly at its steps', () => {
    const p0 = Math.exp(-2);
    expect(poissonInverse(p0 * 0.999, 2)).toBe(0);
    expect(poissonInverse(p0 * 1.001, 2)).toBe(1);
    expect(poissonInverse(p0 + 2 * p0 - 1e-12, 2)).toBe(1);
    expect(poissonInverse(p0 + 2 * p0 + 1e-12, 2)).toBe(2);
  });
});

describe('logFactorial', () => {
  it('agrees with the summed logarithms to 1e-13 relative (mathjs lgamma is only good to ~1e-11 here)', () => {
    let sumLogs = 0;
    let k = 0;
    for (const target of [0, 1, 2, 10, 15, 16, 17, 50, 170, 1000, 20000]) {
      for (; k < target; ) sumLogs += Math.log(++k);
      expect(Math.abs(logFactorial(target) - sumLogs)).toBeLessThanOrEqual(1e-13 * Math.max(1, sumLogs));
    }
    expect(Math.abs(logFactorial(123456) - (lgamma(123457) as number)) / logFactorial(123456)).toBeLessThan(1e-12);
  });
});
