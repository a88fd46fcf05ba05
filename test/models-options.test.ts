// Options, edge cases and errors of the heuristic models.
import { describe, expect, it } from 'vitest';
import {
  firstTouch,
  fromPathRows,
  lastNonDirect,
  lastTouch,
  linear,
  PathCreditError,
  PathStoreBuilder,
  positionBased,
  timeDecay,
  type ChannelCredits,
  type PathStore,
} from '../src/index.js';

const DAY = 86_400_000;
const arr = (a: Float64Array) => Array.from(a);
const credit = (c: ChannelCredits, name: string) => c.conversions[c.channels.indexOf(name)];

function expectError(fn: () => unknown, pattern: RegExp): PathCreditError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PathCreditError);
    expect((e as Error).message).toMatch(pattern);
    return e as PathCreditError;
  }
  throw new Error('expected a PathCreditError');
}

describe('linear', () => {
  it('per touch by default; unique splits over distinct channels (docs example)', () => {
    const store = fromPathRows([{ path: 'a > b > a', conversions: 3, value: 30 }]);
    expect(arr(linear(store).conversions)).toEqual([2, 1]);
    expect(arr(linear(store).value)).toEqual([20, 10]);
    expect(arr(linear(store, { unique: true }).conversions)).toEqual([1.5, 1.5]);
    expect(arr(linear(store, { unique: true, perTouch: true }).perTouch!.conversions)).toEqual([0.75, 1.5, 0.75]);
  });
});

describe('lastNonDirect', () => {
  it('uses a custom direct list, matched exactly', () => {
    const store = fromPathRows([
      { path: 'email > (none) > DIRECT', conversions: 1 },
      { path: 'direct > (none)', conversions: 1 },
    ]);
    const res = lastNonDirect(store, { direct: ['(none)', 'DIRECT'] });
    expect(res.channels).toEqual(['email', '(none)', 'DIRECT', 'direct']);
    // Row 2: the last non-direct touch is "direct" (not in the custom list).
    expect(arr(res.conversions)).toEqual([1, 0, 0, 1]);
    // With the default list, "DIRECT" and "(none)" are ordinary channels.
    expect(arr(lastNonDirect(store).conversions)).toEqual([0, 1, 1, 0]);
  });
  it('rejects a direct list that is not strings', () => {
    const store = fromPathRows([{ path: 'a', conversions: 1 }]);
    expectError(() => lastNonDirect(store, { direct: 'direct' as never }), /direct must be an array/);
    expectError(() => lastNonDirect(store, { direct: [1] as never }), /direct must be an array/);
  });
});

describe('positionBased', () => {
  const store = fromPathRows([
    { path: 'a > b > c', conversions: 1, value: 10 },
    { path: 'x > y', conversions: 1, value: 0 },
  ]);
  it('docs example: U and J on a 3-touch path', () => {
    expect(arr(positionBased(store).conversions).slice(0, 3).map((x) => +x.toFixed(12))).toEqual([0.4, 0.2, 0.4]);
    expect(arr(positionBased(store, { preset: 'J' }).conversions).slice(0, 3).map((x) => +x.toFixed(12))).toEqual([0.2, 0.2, 0.6]);
  });
  it('first + last = 1 leaves the middle touches nothing', () => {
    const res = positionBased(store, { first: 0.7, last: 0.3 });
    expect(credit(res, 'b')).toBe(0);
    expect(credit(res, 'a')).toBeCloseTo(0.7, 15);
    expect(credit(res, 'x')).toBeCloseTo(0.7, 15);
  });
  it('both weights 0: middles share everything, a 2-touch path splits in half', () => {
    const res = positionBased(store, { first: 0, last: 0 });
    expect([credit(res, 'a'), credit(res, 'b'), credit(res, 'c')]).toEqual([0, 1, 0]);
    expect([credit(res, 'x'), credit(res, 'y')]).toEqual([0.5, 0.5]);
  });
  it('an explicit weight overrides the preset for its end only', () => {
    const res = positionBased(store, { preset: 'J', first: 0.3 });
    expect(credit(res, 'a')).toBeCloseTo(0.3, 15);
    expect(credit(res, 'c')).toBeCloseTo(0.6, 15);
    expect(credit(res, 'b')).toBeCloseTo(0.1, 15);
  });
  it('rejects bad weights and presets with a clear error', () => {
    for (const bad of [NaN, -0.1, Infinity, '0.4' as never]) {
      const e = expectError(() => positionBased(store, { first: bad }), /first must be a finite number >= 0/);
      expect(e.column).toBe('first');
      expectError(() => positionBased(store, { last: bad }), /last must be a finite number >= 0/);
    }
    expectError(() => positionBased(store, { first: 0.6, last: 0.5 }), /first \+ last must be <= 1/);
    expectError(() => positionBased(store, { preset: 'V' as never }), /preset must be/);
  });
});

describe('timeDecay', () => {
  it('halfLife as a number of ms and as a duration string agree; default is 7 days', () => {
    const store = fromPathRows([{ path: 'a > b', conversions: 3, times: [0, 7 * DAY] }], { timesColumn: 'times' });
    expect(arr(timeDecay(store).conversions)).toEqual([1, 2]);
    expect(arr(timeDecay(store, { halfLife: '7d' }).conversions)).toEqual([1, 2]);
    expect(arr(timeDecay(store, { halfLife: 7 * DAY }).conversions)).toEqual([1, 2]);
    expect(arr(timeDecay(store, { halfLife: '1w' }).conversions)).toEqual([1, 2]);
  });
  it('measures to the known conversion time, and clamps touches after it to age 0', () => {
    const b = new PathStoreBuilder({ withTimes: true });
    b.addTouch(b.dictionary.idOf('a'), 0);
    b.addTouch(b.dictionary.idOf('b'), 2 * DAY);
    b.endPath(3, 30, 0, DAY); // converted between the touches: b is 1 day after the conversion
    const res = timeDecay(b.build(), { halfLife: '1d', perTouch: true });
    // a: age 1d -> 1/2; b: age -1d clamped to 0 -> 1. Normalised 1/3, 2/3 (unclamped would be 1/5, 4/5).
    expect(res.conversions[0]).toBeCloseTo(1, 14);
    expect(res.conversions[1]).toBeCloseTo(2, 14);
    expect(res.value[1]).toBeCloseTo(20, 13);
  });
  it('without a conversion time, measures to the last touch even when times are unsorted', () => {
    const store = fromPathRows([{ path: 'a > b > c', conversions: 1, times: [2 * DAY, 0, DAY] }], { timesColumn: 'times' });
    // t_conv = c's time (1d). a: age -1d -> clamped 0 -> 1; b: age 1d -> 1/2; c: 0 -> 1. Sum 5/2.
    const res = timeDecay(store, { halfLife: '1d' });
    expect(res.conversions[0]).toBeCloseTo(0.4, 15);
    expect(res.conversions[1]).toBeCloseTo(0.2, 15);
    expect(res.conversions[2]).toBeCloseTo(0.4, 15);
  });
  it('does not underflow when every touch is thousands of half-lives old', () => {
    const b = new PathStoreBuilder({ withTimes: true });
    b.addTouch(b.dictionary.idOf('old'), 0);
    b.addTouch(b.dictionary.idOf('older-by-one'), -1);
    b.endPath(3, 0, 0, 1e6); // ages 1e6 and 1e6 + 1 half-lives: 2^-1e6 is 0 in float64
    const res = timeDecay(b.build(), { halfLife: 1 });
    expect(arr(res.conversions).map((x) => +x.toFixed(12))).toEqual([2, 1]);
  });
  it('is a clear error without timestamps', () => {
    const store = fromPathRows([{ path: 'a > b', conversions: 1 }]);
    const e = expectError(() => timeDecay(store), /timeDecay needs a time per touch/);
    expect(e.column).toBe('times');
  });
  it('rejects a bad halfLife', () => {
    const store = fromPathRows([{ path: 'a', conversions: 1, times: [0] }], { timesColumn: 'times' });
    for (const bad of [0, -5, NaN, Infinity, 'soon', '7 days', '-1d', ''] as const) {
      const e = expectError(() => timeDecay(store, { halfLife: bad }), /halfLife must be/);
      expect(e.value).toBe(bad);
    }
  });
  it('names the path when a time is not finite', () => {
    const b = new PathStoreBuilder({ withTimes: true });
    b.addTouch(b.dictionary.idOf('a'), 0);
    b.endPath(1, 0, 0);
    b.addTouch(b.dictionary.idOf('a'), NaN);
    b.addTouch(b.dictionary.idOf('b'), 5);
    b.endPath(1, 0, 0);
    const e = expectError(() => timeDecay(b.build()), /path 1 has a touch or conversion time that is not a finite number/);
    expect(e.row).toBe(1);
  });
});

describe('every model', () => {
  const all: [string, (s: PathStore) => ChannelCredits][] = [
    ['first_touch', (s) => firstTouch(s)],
    ['last_touch', (s) => lastTouch(s)],
    ['last_non_direct', (s) => lastNonDirect(s)],
    ['linear', (s) => linear(s)],
    ['position_based', (s) => positionBased(s)],
    ['time_decay', (s) => timeDecay(s)],
  ];
  it.each(all)('%s: credits odd channel names by name, never as object keys', (model, run) => {
    const names = ['__proto__', 'constructor', '=1+1', 'été 🚀', ' ', 'toString', 'hasOwnProperty'];
    const store = fromPathRows(
      names.map((n, i) => ({ path: [n], conversions: i + 1, value: 10 * (i + 1), times: [i] })),
      { timesColumn: 'times' },
    );
    const res = run(store);
    expect(res.model).toBe(model);
    expect(res.channels).toEqual(names);
    expect(arr(res.conversions)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(arr(res.value)).toEqual([10, 20, 30, 40, 50, 60, 70]);
  });
  it.each(all)('%s: non-converting paths give nothing; no converting path gives zeros, not NaN', (_m, run) => {
    const store = fromPathRows([{ path: 'a > b', conversions: 0, nulls: 4, times: [0, 1] }], { timesColumn: 'times' });
    const res = run(store);
    expect(arr(res.conversions)).toEqual([0, 0]);
    expect(res.totalConversions).toBe(0);
    expect(res.totalValue).toBe(0);
  });
  it.each(all)('%s: a converting path without touches is an error, not lost credit', (_m, run) => {
    const b = new PathStoreBuilder({ withTimes: true });
    b.addTouch(b.dictionary.idOf('a'), 0);
    b.endPath(1, 0, 0);
    b.endPath(2, 0, 0); // no touches
    const e = expectError(() => run(b.build()), /path 1 has conversions but no touches/);
    expect(e.row).toBe(1);
  });
  it.each(all)('%s: a malformed store is rejected', (_m, run) => {
    const store = fromPathRows([{ path: 'a', conversions: 1, times: [0] }], { timesColumn: 'times' });
    expectError(() => run({ ...store, pathCount: 5 }), /malformed/);
  });
  it.each(all)('%s: the result does not change when the dictionary later grows', (_m, run) => {
    const b = new PathStoreBuilder({ withTimes: true });
    b.addTouch(b.dictionary.idOf('a'), 0);
    b.endPath(1, 0, 0);
    const res = run(b.build());
    b.dictionary.idOf('late');
    expect(res.channels).toEqual(['a']);
  });
});
