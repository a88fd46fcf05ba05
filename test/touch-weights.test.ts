// Touch types and weights: hand-computed shares for each heuristic model, the
// zero-weight fallback, conservation and neutral weights as properties, errors.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstTouch, lastNonDirect, lastTouch, linear, positionBased, timeDecay, type ChannelCredits, type PathStore } from '../src/index.js';
import { parseTouchWeights } from '../src/touch-types/touch-weights.js';
import { typedStore } from './helpers/typed-store.js';

const DAY = 86_400_000;
const credit = (r: ChannelCredits, name: string) => r.conversions[r.channels.indexOf(name)];
const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, x) => s + x, 0);
const W = { touchWeights: { weights: { click: 1, impression: 0.2 } } };

describe('hand-computed shares', () => {
  it('linear: in proportion to the weights (click 1, impression 0.2)', () => {
    const store = typedStore([{ path: 'display > search', types: 'impression > click', conversions: 6, value: 12 }]);
    const r = linear(store, { ...W, perTouch: true });
    expect(credit(r, 'display')).toBeCloseTo(6 * (0.2 / 1.2), 14);
    expect(credit(r, 'search')).toBeCloseTo(6 * (1 / 1.2), 14);
    expect(r.value[r.channels.indexOf('display')]).toBeCloseTo(2, 14);
    expect(Array.from(r.perTouch!.conversions)).toEqual([1, 5]);
    expect(r.touchWeights).toEqual({ column: 'touch_type', zeroWeightPaths: 0 });
  });

  it('position-based: U weights (0.4, 0.2, 0.4) times (0.2, 1, 1), normalised', () => {
    const store = typedStore([{ path: 'display > email > search', types: 'impression > click > click', conversions: 1 }]);
    const r = positionBased(store, W);
    const raw = [0.4 * 0.2, 0.2, 0.4];
    const total = raw[0] + raw[1] + raw[2];
    expect(credit(r, 'display')).toBeCloseTo(raw[0] / total, 14);
    expect(credit(r, 'email')).toBeCloseTo(raw[1] / total, 14);
    expect(credit(r, 'search')).toBeCloseTo(raw[2] / total, 14);
  });

  it('time decay: 2^(-age/halfLife) times the weight', () => {
    const store = typedStore([{ path: 'display > search', types: 'impression > click', conversions: 1, times: [0, DAY] }]);
    const r = timeDecay(store, { ...W, halfLife: '1d' });
    // Weights 1/2 * 0.2 and 1 * 1.
    expect(credit(r, 'display')).toBeCloseTo(0.1 / 1.1, 14);
    expect(credit(r, 'search')).toBeCloseTo(1 / 1.1, 14);
  });

  it('linear unique: the per-channel split, then in proportion to the weights', () => {
    const store = typedStore([{ path: 'a > b > a', types: 'click > click > impression', conversions: 1 }]);
    // Positional 1/4, 1/2, 1/4 times 1, 1, 0.2 = 0.25, 0.5, 0.05 (sum 0.8).
    const r = linear(store, { ...W, unique: true });
    expect(credit(r, 'a')).toBeCloseTo(0.3 / 0.8, 14);
    expect(credit(r, 'b')).toBeCloseTo(0.5 / 0.8, 14);
  });

  it('one-touch models give their touch everything whatever its weight, and count weight-0 touches', () => {
    const store = typedStore([
      { path: 'display > search', types: 'impression > click', conversions: 2 },
      { path: 'search > Direct', types: 'click > impression', conversions: 1 },
    ]);
    const none = { touchWeights: { weights: { click: 1, impression: 0 } } };
    expect(credit(firstTouch(store, none), 'display')).toBe(2);
    expect(firstTouch(store, none).touchWeights!.zeroWeightPaths).toBe(1);
    expect(credit(lastTouch(store, none), 'Direct')).toBe(1);
    expect(lastTouch(store, none).touchWeights!.zeroWeightPaths).toBe(1);
    expect(credit(lastNonDirect(store, none), 'search')).toBe(3);
    expect(lastNonDirect(store, none).touchWeights!.zeroWeightPaths).toBe(0);
  });

  it('a path whose weighted touches all weigh 0 keeps its positional split, counted', () => {
    const store = typedStore([
      { path: 'a > b', types: 'impression > impression', conversions: 4 },
      { path: 'a > c', types: 'impression > click', conversions: 1 },
    ]);
    const r = linear(store, { touchWeights: { weights: { click: 1, impression: 0 } } });
    expect(credit(r, 'a')).toBe(2);
    expect(credit(r, 'b')).toBe(2);
    expect(credit(r, 'c')).toBe(1);
    expect(r.touchWeights!.zeroWeightPaths).toBe(1);
    expect(sum(r.conversions)).toBe(5);
  });

  it('"*" weighs every type not named; a Map works like an object', () => {
    const store = typedStore([{ path: 'a > b > c', types: 'click > email_open > impression', conversions: 1 }]);
    const r = linear(store, { touchWeights: { weights: new Map([['impression', 0.5], ['*', 1]]) } });
    expect(credit(r, 'b')).toBeCloseTo(1 / 2.5, 14);
    expect(credit(r, 'c')).toBeCloseTo(0.5 / 2.5, 14);
  });
});

describe('errors', () => {
  const store = typedStore([{ path: 'a > b', types: 'click > email_open', conversions: 1 }]);
  it('names the types without a weight', () => {
    expect(() => linear(store, W)).toThrow(/no weight for touch type "email_open"/);
  });
  it('refuses a store without the column, naming the columns it has', () => {
    expect(() => linear(store, { touchWeights: { column: 'kind', weights: { click: 1 } } })).toThrow(/touch-type column "kind".*it has: touch_type/);
    const { attributes: _a, ...plain } = store;
    expect(() => linear(plain as PathStore, W)).toThrow(/attributeColumns/);
  });
  it('refuses negative or non-finite weights and a per-path column', () => {
    expect(() => linear(store, { touchWeights: { weights: { click: -1, '*': 1 } } })).toThrow(/finite number >= 0/);
    expect(() => linear(store, { touchWeights: { weights: { click: Number.NaN, '*': 1 } } })).toThrow(/finite number >= 0/);
    const perPath = { ...store, attributes: [{ ...store.attributes[0], touch: null }] };
    expect(() => linear(perPath, { touchWeights: { weights: { '*': 1 } } })).toThrow(/one value per path/);
  });
  it('parses the CLI list and refuses bad pairs', () => {
    expect([...parseTouchWeights('click=1, impression=0.2,*=0')]).toEqual([
      ['click', 1],
      ['impression', 0.2],
      ['*', 0],
    ]);
    for (const bad of ['click', 'click=', '=1', 'click=-1', 'click=abc', 'click=1,click=2']) expect(() => parseTouchWeights(bad)).toThrow();
  });
});

describe('properties (fast-check, fixed seeds)', () => {
  const type = fc.constantFrom('click', 'impression', 'open');
  const rows = fc.array(
    fc.integer({ min: 1, max: 6 }).chain((n) =>
      fc.record({
        path: fc.array(fc.constantFrom('a', 'b', 'c', 'Direct'), { minLength: n, maxLength: n }),
        types: fc.array(type, { minLength: n, maxLength: n }),
        conversions: fc.integer({ min: 0, max: 4 }),
        value: fc.integer({ min: 0, max: 40 }),
        nulls: fc.integer({ min: 0, max: 3 }),
        times: fc.array(fc.integer({ min: 0, max: 20 * DAY }), { minLength: n, maxLength: n }),
      }),
    ),
    { minLength: 1, maxLength: 10 },
  );
  const weights = fc.record({ click: fc.constantFrom(0, 0.2, 1, 3), impression: fc.constantFrom(0, 0.2, 1), open: fc.constantFrom(0, 0.5, 1) });
  const models = (store: PathStore, w: object) => [
    firstTouch(store, w),
    lastTouch(store, w),
    lastNonDirect(store, w),
    linear(store, w),
    linear(store, { ...w, unique: true }),
    positionBased(store, w),
    timeDecay(store, { ...w, halfLife: '3d' }),
  ];
  const build = (rs: { path: string[]; types: string[]; conversions: number; value: number; nulls: number; times: number[] }[]) =>
    typedStore(rs.map((r) => ({ path: r.path.join(' > '), types: r.types.join(' > '), conversions: r.conversions, value: r.conversions > 0 ? r.value : 0, nulls: r.nulls, times: [...r.times].sort((x, y) => x - y) })));

  it('every heuristic conserves conversions and value under any weights, per touch too', () => {
    fc.assert(
      fc.property(rows, weights, (rs, w) => {
        const store = build(rs);
        for (const r of models(store, { touchWeights: { weights: w }, perTouch: true })) {
          expect(Math.abs(sum(r.conversions) - r.totalConversions)).toBeLessThanOrEqual(1e-9 * Math.max(1, r.totalConversions));
          expect(Math.abs(sum(r.value) - r.totalValue)).toBeLessThanOrEqual(1e-9 * Math.max(1, r.totalValue));
          expect(Math.abs(sum(r.perTouch!.conversions) - r.totalConversions)).toBeLessThanOrEqual(1e-9 * Math.max(1, r.totalConversions));
          for (const x of r.conversions) expect(x).toBeGreaterThanOrEqual(0);
        }
      }),
      { seed: 21, numRuns: 150 },
    );
  });

  it('equal weights for every type change nothing', () => {
    fc.assert(
      fc.property(rows, fc.constantFrom(0.5, 1, 7), (rs, x) => {
        const store = build(rs);
        const weighted = models(store, { touchWeights: { weights: { '*': x } } });
        const plain = models(store, {});
        weighted.forEach((r, i) => r.conversions.forEach((c, ch) => expect(Math.abs(c - plain[i].conversions[ch])).toBeLessThanOrEqual(1e-12 * Math.max(1, c))));
      }),
      { seed: 22, numRuns: 100 },
    );
  });
});
