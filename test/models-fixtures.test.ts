// Golden fixtures: every heuristic model on the shared input of
// fixtures/heuristics/paths.json, against numbers worked out by hand (the
// arithmetic is in each fixture's `why`).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { firstTouch, fromPathRows, lastNonDirect, lastTouch, linear, positionBased, timeDecay, type ChannelCredits, type PathStore } from '../src/index.js';

type Num = number | string;
interface Fixture {
  model: string;
  call: string;
  options: Record<string, unknown>;
  why: string[];
  expected: {
    channels: string[];
    conversions: Num[];
    value: Num[];
    totalConversions: number;
    totalValue: number;
    perTouch: { conversions: Num[]; value: Num[] };
  };
}

const dir = new URL('../fixtures/heuristics/', import.meta.url);
const readJson = (name: string): unknown => JSON.parse(readFileSync(new URL(name, dir), 'utf8'));

/** Fixture numbers are plain numbers or exact fractions written "p/q". */
function num(x: Num): number {
  if (typeof x === 'number') return x;
  const m = /^(-?\d+(?:\.\d+)?)\/(\d+)$/.exec(x);
  if (!m) throw new Error(`bad fixture number ${x}`);
  return Number(m[1]) / Number(m[2]);
}

function expectClose(actual: ArrayLike<number>, expected: Num[]): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(actual[i]).toBeCloseTo(num(expected[i]), 12);
}

const models: Record<string, (s: PathStore, o: never) => ChannelCredits> = { firstTouch, lastTouch, lastNonDirect, linear, positionBased, timeDecay };
const files = [
  'first_touch.json',
  'last_touch.json',
  'last_non_direct.json',
  'linear.json',
  'linear_unique.json',
  'position_based_u.json',
  'position_based_j.json',
  'position_based_inverse_j.json',
  'time_decay.json',
];

const input = readJson('paths.json') as { rows: Record<string, unknown>[] };
const store = fromPathRows(input.rows, { timesColumn: 'times' });

describe('heuristic models on hand-computed fixtures', () => {
  it('the shared input encodes as the fixtures assume', () => {
    expect(store.channels).toEqual(['a', 'b', 'c', 'direct']);
    expect(Array.from(store.offsets)).toEqual([0, 1, 3, 7, 9, 12, 13]);
  });

  for (const file of files) {
    const fx = readJson(file) as Fixture;
    const run = models[Object.hasOwn(models, fx.call) ? fx.call : 'missing'];
    it(`${file}: channel credits, totals and per-touch credit`, () => {
      const res = run(store, { ...fx.options, perTouch: true } as never);
      expect(res.model).toBe(fx.model);
      expect(res.channels).toEqual(fx.expected.channels);
      expectClose(res.conversions, fx.expected.conversions);
      expectClose(res.value, fx.expected.value);
      expect(res.totalConversions).toBeCloseTo(fx.expected.totalConversions, 12);
      expect(res.totalValue).toBeCloseTo(fx.expected.totalValue, 12);
      expectClose(res.perTouch!.conversions, fx.expected.perTouch.conversions);
      expectClose(res.perTouch!.value, fx.expected.perTouch.value);
    });
    it(`${file}: the same channel credits without perTouch, and no perTouch field`, () => {
      const withTouches = run(store, { ...fx.options, perTouch: true } as never);
      const plain = run(store, fx.options as never);
      expect(plain.perTouch).toBeUndefined();
      expect(Array.from(plain.conversions)).toEqual(Array.from(withTouches.conversions));
      expect(Array.from(plain.value)).toEqual(Array.from(withTouches.value));
    });
  }
});

describe('docs/models.md worked example', () => {
  it('date-only times (as written in the docs) give the fixture store', () => {
    const dated = fromPathRows(
      input.rows.map((r) => ({ ...r, times: (r.times as string[]).map((t) => t.slice(0, 10)) })),
      { timesColumn: 'times' },
    );
    expect(Array.from(dated.times!)).toEqual(Array.from(store.times!));
    expect(Array.from(timeDecay(dated, { halfLife: '1d' }).conversions)).toEqual(Array.from(timeDecay(store, { halfLife: '1d' }).conversions));
  });
});
