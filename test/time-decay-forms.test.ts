// Time decay's two forms: the continuous 2^(-t/halfLife) of Adobe and Google, with
// Google's documented 7-day example, and DP6's step form d^floor(t/F) with d = 1/2.
import { describe, expect, it } from 'vitest';
import { fromPathRows, timeDecay } from '../src/index.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

describe('continuous (default)', () => {
  it("Google's help example: clicks 22, 15, 8 and 1 days before the conversion weigh 0.125, 0.25, 0.5 and 1", () => {
    const conv = 30 * DAY;
    const store = fromPathRows([{ path: 'a > b > c > d', conversions: 15, times: [conv - 22 * DAY, conv - 15 * DAY, conv - 8 * DAY, conv - 1 * DAY] }], { timesColumn: 'times' });
    const r = timeDecay(store, { halfLife: '7d' });
    [1, 2, 4, 8].forEach((share, i) => expect(r.conversions[i]).toBeCloseTo(share, 12));
  });
});

describe('step (DP6: decay_over_time 0.5 every frequency hours)', () => {
  it('touches in the same half-life period weigh the same: 0, 100, 200, 400 hours before, period 168 h -> 1, 1, 1/2, 1/4', () => {
    const t = 1000 * HOUR;
    const store = fromPathRows([{ path: 'd > c > b > a', conversions: 11, value: 22, times: [t - 400 * HOUR, t - 200 * HOUR, t - 100 * HOUR, t] }], { timesColumn: 'times' });
    const r = timeDecay(store, { halfLife: 168 * HOUR, form: 'step' });
    // Weights 1/4, 1/2, 1, 1 (sum 11/4) for d, c, b, a.
    expect(Array.from(r.conversions)).toEqual([1, 2, 4, 4]);
    expect(Array.from(r.value)).toEqual([2, 4, 8, 8]);
  });

  it('the youngest touch keeps weight 1 however far the others are (5,000 half-lives: exactly 0)', () => {
    const store = fromPathRows([{ path: 'a > b', conversions: 3, times: [0, 5000 * DAY] }], { timesColumn: 'times' });
    const r = timeDecay(store, { halfLife: '1d', form: 'step' });
    expect(r.conversions[1]).toBe(3);
    expect(r.conversions[0]).toBe(0);
  });

  it('refuses an unknown form', () => {
    const store = fromPathRows([{ path: 'a', conversions: 1, times: [0] }], { timesColumn: 'times' });
    expect(() => timeDecay(store, { form: 'linear' as 'step' })).toThrow(/form must be "continuous" or "step"/);
  });
});
