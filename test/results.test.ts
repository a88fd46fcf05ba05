// Results table, flat rows, Arrow export and per-touch rows.
import { describe, expect, it } from 'vitest';
import {
  creditsTable,
  firstTouch,
  fromPathRows,
  lastTouch,
  linear,
  PathCreditError,
  PathStoreBuilder,
  positionBased,
  timeDecay,
  toArrowTable,
  toFlatRows,
  touchCreditRows,
} from '../src/index.js';

const store = fromPathRows([
  { path: 'a > b', conversions: 2, value: 30, nulls: 1 },
  { path: 'b', conversions: 1, value: 5 },
  { path: 'a > a > b', conversions: 0, nulls: 3 },
]);

describe('creditsTable', () => {
  it('puts models side by side, one row per channel in id order, with totals', () => {
    const table = creditsTable([firstTouch(store), linear(store)]);
    expect(table.models).toEqual(['first_touch', 'linear']);
    expect(table.channels).toEqual(['a', 'b']);
    expect(table.rows).toEqual([
      { channel: 'a', conversions: { first_touch: 2, linear: 1 }, value: { first_touch: 30, linear: 15 } },
      { channel: 'b', conversions: { first_touch: 1, linear: 2 }, value: { first_touch: 5, linear: 20 } },
    ]);
    expect(table.totals).toEqual({ conversions: { first_touch: 3, linear: 3 }, value: { first_touch: 35, linear: 35 } });
  });
  it('rejects an empty list, duplicate model names and different channel lists', () => {
    expect(() => creditsTable([])).toThrow(PathCreditError);
    expect(() => creditsTable([linear(store), linear(store, { unique: true })])).toThrow(/two results are named "linear"/);
    expect(() => creditsTable([linear(store), { ...linear(store, { unique: true }), model: 'linear_unique' }])).not.toThrow();
    const other = fromPathRows([{ path: 'b > a', conversions: 1 }]);
    expect(() => creditsTable([linear(store), firstTouch(other)])).toThrow(/different channel list/);
    expect(() => creditsTable([{ ...linear(store), model: '' }])).toThrow(/non-empty model name/);
  });
  it('keeps a model named __proto__ as an ordinary key', () => {
    const table = creditsTable([{ ...linear(store), model: '__proto__' }]);
    expect(Object.hasOwn(table.rows[0].conversions, '__proto__')).toBe(true);
    expect(table.rows[0].conversions['__proto__']).toBe(1);
    expect(Object.hasOwn(table.totals.value, '__proto__')).toBe(true);
  });
});

describe('toFlatRows', () => {
  it('gives one row per channel plus a total row marked by row_type and channel null', () => {
    const rows = toFlatRows(creditsTable([firstTouch(store), lastTouch(store)]));
    expect(rows).toEqual([
      { row_type: 'channel', channel: 'a', first_touch_conversions: 2, first_touch_value: 30, last_touch_conversions: 0, last_touch_value: 0 },
      { row_type: 'channel', channel: 'b', first_touch_conversions: 1, first_touch_value: 5, last_touch_conversions: 3, last_touch_value: 35 },
      { row_type: 'total', channel: null, first_touch_conversions: 3, first_touch_value: 35, last_touch_conversions: 3, last_touch_value: 35 },
    ]);
    expect(Object.keys(rows[0])).toEqual(['row_type', 'channel', 'first_touch_conversions', 'first_touch_value', 'last_touch_conversions', 'last_touch_value']);
  });
  it('keeps channel names verbatim, even ones that look like a total or a formula', () => {
    const odd = fromPathRows([
      { path: ['total', '__proto__'], conversions: 1 },
      { path: [' ', '=1+1', 'constructor', 'ünï ✓'], conversions: 1 },
    ]);
    const rows = toFlatRows(creditsTable([lastTouch(odd)]));
    expect(rows.map((r) => r.channel)).toEqual(['total', '__proto__', ' ', '=1+1', 'constructor', 'ünï ✓', null]);
    expect(rows.map((r) => r.row_type)).toEqual(['channel', 'channel', 'channel', 'channel', 'channel', 'channel', 'total']);
    expect(rows.map((r) => r.last_touch_conversions)).toEqual([0, 1, 0, 0, 0, 1, 2]);
  });
});

describe('toArrowTable', () => {
  it('has the flat-row columns with Utf8 strings and Float64 numbers', () => {
    const timed = fromPathRows(
      [
        { path: ['__proto__', ' '], conversions: 1.5, value: 3, times: [0, 1] },
        { path: ['=1+1'], conversions: 1, value: 1, times: [0] },
      ],
      { timesColumn: 'times' },
    );
    const table = creditsTable([positionBased(timed), timeDecay(timed)]);
    const arrow = toArrowTable(table);
    expect(arrow.schema.fields.map((f) => f.name)).toEqual([
      'row_type',
      'channel',
      'position_based_conversions',
      'position_based_value',
      'time_decay_conversions',
      'time_decay_value',
    ]);
    expect(arrow.schema.fields.map((f) => String(f.type))).toEqual(['Utf8', 'Utf8', 'Float64', 'Float64', 'Float64', 'Float64']);
    expect(arrow.numRows).toBe(4);
    expect(arrow.getChild('channel')!.toArray()).toEqual(['__proto__', ' ', '=1+1', null]);
    expect(arrow.getChild('row_type')!.toArray()).toEqual(['channel', 'channel', 'channel', 'total']);
    expect(Array.from(arrow.getChild('position_based_conversions')!.toArray() as Float64Array)).toEqual([0.75, 0.75, 1, 2.5]);
    expect(arrow.toArray().map((r) => r.toJSON())).toEqual(toFlatRows(table));
  });
});

describe('touchCreditRows', () => {
  it('gives one row per touch of every converting path, summing to the channel credits', () => {
    const res = linear(store, { perTouch: true });
    const rows = touchCreditRows(store, res);
    expect(rows).toEqual([
      { path: 0, journey: null, row: null, position: 1, channel: 'a', conversions: 1, value: 15 },
      { path: 0, journey: null, row: null, position: 2, channel: 'b', conversions: 1, value: 15 },
      { path: 1, journey: null, row: null, position: 1, channel: 'b', conversions: 1, value: 5 },
    ]);
    expect(touchCreditRows(store, res, { includeNonConverting: true })).toHaveLength(6);
  });
  it('carries journey ids and input rows of touchpoint stores', () => {
    const b = new PathStoreBuilder({ withJourneys: true });
    b.addTouch(b.dictionary.idOf('a'), NaN, 7);
    b.addTouch(b.dictionary.idOf('b'), NaN, 9);
    b.endPath(1, 4, 0, NaN, 1);
    const s = b.build({ journeyIds: ['u1', 'u2'] });
    expect(touchCreditRows(s, firstTouch(s, { perTouch: true }))).toEqual([
      { path: 0, journey: 'u2', row: 7, position: 1, channel: 'a', conversions: 1, value: 4 },
      { path: 0, journey: 'u2', row: 9, position: 2, channel: 'b', conversions: 0, value: 0 },
    ]);
  });
  it('asks for perTouch when it is missing, and rejects credits from another store', () => {
    expect(() => touchCreditRows(store, linear(store))).toThrow(/no per-touch credit; compute it with \{ perTouch: true \}/);
    const other = fromPathRows([{ path: 'b > a', conversions: 1 }]);
    expect(() => touchCreditRows(store, linear(other, { perTouch: true }))).toThrow(/not computed from this path store/);
  });
});
