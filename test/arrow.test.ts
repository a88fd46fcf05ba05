import {
  Dictionary,
  Field,
  Float64,
  Int32,
  List,
  Table,
  TimestampMicrosecond,
  TimestampSecond,
  Utf8,
  tableFromArrays,
  tableFromIPC,
  tableToIPC,
  vectorFromArray,
} from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PathCreditError, fromArrow, fromArrowPaths, fromArrowTouchpoints, fromPathRows, linear, positionBased, readArrowIpc } from '../src/index.js';
import { canonicalPaths, pathNames } from './helpers/canonical.js';

const listOfUtf8 = new List(new Field('item', new Utf8(), true));
const listOfDict = new List(new Field('item', new Dictionary(new Utf8(), new Int32()), true));

/** tableFromArrays with loosely typed columns (test inputs mix vectors and typed arrays). */
const arrowTable = (cols: Record<string, unknown>): Table => tableFromArrays(cols as never) as unknown as Table;

function pathTable(paths: string[][], conversions: number[], extra: Record<string, unknown> = {}, type: List = listOfUtf8) {
  return arrowTable({
    path: vectorFromArray(paths, type as typeof listOfUtf8),
    conversions: Float64Array.from(conversions),
    ...extra,
  });
}

describe('Arrow path layout', () => {
  it('reads List<Utf8> and List<Dictionary<Utf8>> to the same store as plain rows', () => {
    const paths = [['a', 'b', 'a'], ['c'], ['b', 'c']];
    const rows = paths.map((p, i) => ({ path: p, conversions: [1, 0, 2][i], value: [10, 0, 4][i], nulls: [0, 3, 1][i] }));
    const expected = fromPathRows(rows);
    for (const type of [listOfUtf8, listOfDict]) {
      const store = fromArrowPaths(
        pathTable(paths, [1, 0, 2], { value: Float64Array.from([10, 0, 4]), nulls: Int32Array.from([0, 3, 1]) }, type),
      );
      expect(store.channels).toEqual(expected.channels);
      expect(Array.from(store.offsets)).toEqual(Array.from(expected.offsets));
      expect(Array.from(store.touches)).toEqual(Array.from(expected.touches));
      expect(Array.from(store.conversions)).toEqual([1, 0, 2]);
      expect(Array.from(store.value)).toEqual([10, 0, 4]);
      expect(Array.from(store.nulls)).toEqual([0, 3, 1]);
    }
  });

  it('splits a delimited Utf8 path column like the JS reader', () => {
    const table = arrowTable({ path: ['a > b', ' c>>d ', 'a'], conversions: Float64Array.from([1, 1, 0]) });
    const store = fromArrowPaths(table, { separator: '>>' });
    expect(pathNames(store)).toEqual([['a > b'], ['c', 'd'], ['a']]);
  });

  it('keeps odd channel names verbatim in list columns', () => {
    const names = ['__proto__', 'constructor', '=1+1', 'ünïcødé 🚀', ' ', 'toString'];
    const store = fromArrowPaths(pathTable([names], [1]));
    expect(pathNames(store)).toEqual([names]);
    expect(store.channels).toEqual(names);
  });

  it('gives the same store for several batches, a slice and differing dictionaries', () => {
    const paths = [['a', 'b'], ['c', 'a'], ['b'], ['c', 'c', 'd'], ['d', 'a']];
    const conv = [1, 0, 2, 1, 3];
    const whole = fromArrowPaths(pathTable(paths, conv));
    // Two tables whose dictionaries list the channels in different orders.
    const t1 = pathTable(paths.slice(0, 2), conv.slice(0, 2), {}, listOfDict);
    const t2 = pathTable(paths.slice(2), conv.slice(2), {}, listOfDict);
    const batched = t1.concat(t2);
    expect(batched.batches.length).toBe(2);
    const fromBatches = fromArrowPaths(batched);
    expect(pathNames(fromBatches)).toEqual(pathNames(whole));
    expect(Array.from(fromBatches.conversions)).toEqual(conv);
    // A slice straddling the batch boundary.
    const sliced = fromArrowPaths(batched.slice(1, 4));
    expect(pathNames(sliced)).toEqual(pathNames(whole).slice(1, 4));
    expect(Array.from(sliced.conversions)).toEqual(conv.slice(1, 4));
    // A slice of a single List<Utf8> batch (offsets are absolute, the child is not sliced).
    const single = fromArrowPaths(pathTable(paths, conv).slice(2, 5));
    expect(pathNames(single)).toEqual(pathNames(whole).slice(2, 5));
  });

  it('reads any numeric count type and per-touch times', () => {
    const table = arrowTable({
      path: vectorFromArray([['a', 'b'], ['b']], listOfUtf8),
      conversions: BigInt64Array.from([2n, 1n]),
      value: Float32Array.from([1.5, 0.25]),
      times: vectorFromArray([[0, 1000], [5000]], new List(new Field('item', new TimestampSecond(), true))),
    });
    const store = fromArrowPaths(table, { timesColumn: 'times' });
    expect(Array.from(store.conversions)).toEqual([2, 1]);
    expect(Array.from(store.value)).toEqual([1.5, 0.25]);
    // TimestampSecond stores whole seconds; the store holds epoch ms again.
    expect(Array.from(store.times!)).toEqual([0, 1000, 5000]);
  });

  it('reports bad rows with row, column and value', () => {
    expect(() => fromArrowPaths(pathTable([['a'], ['b']], [1, -1]))).toThrow(/row 1, column "conversions": conversions must be a finite number >= 0, got -1/);
    expect(() => fromArrowPaths(pathTable([['a'], []], [1, 1]))).toThrow(/row 1, column "path": path has no channels/);
    expect(() => fromArrowPaths(pathTable([['a'], [null as unknown as string]], [1, 1]))).toThrow(/row 1, column "path": touch 1 of the path is null/);
    expect(() => fromArrowPaths(pathTable([['a']], [NaN]))).toThrow(/row 0, column "conversions".*NaN/);
    expect(() => fromArrowPaths(pathTable([['a']], [1]), { conversionsColumn: 'conv' })).toThrow(/column "conv": missing column \(the table has: path, conversions\)/);
    expect(() => fromArrowPaths(pathTable([['a']], [1]), { valueColumn: 'revenue' })).toThrow(PathCreditError);
    expect(() => fromArrowPaths(pathTable([], []))).toThrow(/no rows/);
    const valueNoConv = pathTable([['a']], [0], { value: Float64Array.from([5]) });
    expect(() => fromArrowPaths(valueNoConv)).toThrow(/value > 0 on a row with no conversions/);
  });

  it('skips bad rows when asked, and counts them', () => {
    const store = fromArrowPaths(pathTable([['a'], ['b'], []], [1, -1, 1]), { skipInvalid: true });
    expect(store.pathCount).toBe(1);
    expect(store.skipped?.count).toBe(2);
    expect(store.skipped?.samples[0]).toMatch(/row 1/);
  });
});

/** Random journeys: each a list of (channel, conversions-after-touch) events with increasing times. */
const journeysArb = fc.array(
  fc.array(fc.record({ channel: fc.constantFrom('a', 'b', 'c', 'd', '__proto__', ' '), conv: fc.constantFrom(0, 0, 0, 1, 2) }), {
    minLength: 1,
    maxLength: 7,
  }),
  { minLength: 1, maxLength: 25 },
);

function touchpointTable(journeys: { channel: string; conv: number }[][], shuffleSeed: number | null) {
  const rows: { j: string; t: number; c: string; conv: number; v: number }[] = [];
  journeys.forEach((events, j) => events.forEach((e, k) => rows.push({ j: `u${j}`, t: 1_700_000_000_000 + k * 3_600_000, c: e.channel, conv: e.conv, v: e.conv * 10 })));
  if (shuffleSeed !== null) {
    let s = shuffleSeed;
    for (let i = rows.length - 1; i > 0; i--) {
      s = (s * 1103515245 + 12345) % 2147483648;
      const k = s % (i + 1);
      [rows[i], rows[k]] = [rows[k], rows[i]];
    }
  }
  return arrowTable({
    journey_id: vectorFromArray(rows.map((r) => r.j), new Dictionary(new Utf8(), new Int32())),
    timestamp: vectorFromArray(rows.map((r) => r.t), new TimestampMicrosecond()),
    channel: rows.map((r) => r.c),
    conversions: Float64Array.from(rows.map((r) => r.conv)),
    value: Float64Array.from(rows.map((r) => r.v)),
  });
}

/** The path rows the spec's journey building must produce, computed naively. */
function expectedPaths(journeys: { channel: string; conv: number }[][]) {
  const rows: { path: string[]; conversions: number; value: number; nulls: number }[] = [];
  for (const events of journeys) {
    let open: string[] = [];
    for (const e of events) {
      open.push(e.channel);
      if (e.conv > 0) {
        rows.push({ path: open, conversions: e.conv, value: e.conv * 10, nulls: 0 });
        open = [];
      }
    }
    if (open.length > 0) rows.push({ path: open, conversions: 0, value: 0, nulls: 1 });
  }
  return rows;
}

describe('Arrow touchpoint layout', () => {
  it('builds the same paths as the path layout of the same journeys, in any row order', () => {
    fc.assert(
      fc.property(journeysArb, fc.option(fc.integer({ min: 1, max: 1e6 })), (journeys, seed) => {
        const store = fromArrowTouchpoints(touchpointTable(journeys, seed));
        const rows = expectedPaths(journeys);
        const fromPaths = fromArrowPaths(
          arrowTable({
            path: vectorFromArray(rows.map((r) => r.path), listOfUtf8),
            conversions: Float64Array.from(rows.map((r) => r.conversions)),
            value: Float64Array.from(rows.map((r) => r.value)),
            nulls: Float64Array.from(rows.map((r) => r.nulls)),
          }),
        );
        expect(canonicalPaths(store)).toEqual(canonicalPaths(fromPaths));
        // And so the same credits, channel by channel (ids may differ when rows are shuffled).
        for (const model of [linear, positionBased]) {
          const a = model(store);
          const b = model(fromPaths);
          for (const [i, name] of b.channels.entries()) expect(a.conversions[a.channels.indexOf(name)]).toBeCloseTo(b.conversions[i], 10);
        }
        // Journeys keep their first-appearance order when rows arrive grouped.
        if (seed === null) expect(pathNames(store)).toEqual(pathNames(fromPaths));
      }),
      { seed: 42, numRuns: 150 },
    );
  });

  it('sorts within a journey by time (stable), cuts after conversions and keeps the trailing null path', () => {
    const table = arrowTable({
      journey_id: ['u1', 'u2', 'u1', 'u1', 'u1', 'u2', 'u1'],
      timestamp: ['2024-01-03T00:00:00Z', '2024-01-01', '2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z', '2024-01-02T00:00:00Z', '2024-01-02', '2024-01-04T00:00:00Z'],
      channel: ['email', 'ads', 'search', 'social', '', 'ads', 'direct'],
      conversions: Float64Array.from([0, 0, 0, 0, 1, 0, 0]),
      value: Float64Array.from([0, 0, 0, 0, 30, 0, 0]),
    });
    const store = fromArrowTouchpoints(table);
    // u1 by time: search(01-01), social(01-02), conversion event(01-02, row 4 after row 3: stable), email(01-03), direct(01-04).
    expect(pathNames(store)).toEqual([['search', 'social'], ['email', 'direct'], ['ads', 'ads']]);
    expect(Array.from(store.conversions)).toEqual([1, 0, 0]);
    expect(Array.from(store.nulls)).toEqual([0, 1, 1]);
    expect(Array.from(store.value)).toEqual([30, 0, 0]);
    expect(store.journeyIds).toEqual(['u1', 'u2']);
    expect(Array.from(store.pathJourney!)).toEqual([0, 0, 1]);
    expect(Array.from(store.touchRows!)).toEqual([2, 3, 0, 6, 1, 5]);
    expect(store.conversionTimes![0]).toBe(Date.UTC(2024, 0, 2));
    expect(store.channels).not.toContain('');
  });

  it('applies the lookback window and max touches', () => {
    const day = 86_400_000;
    const table = arrowTable({
      journey_id: Int32Array.from([7, 7, 7, 7, 7]),
      timestamp: Float64Array.from([0, 10 * day, 20 * day, 35 * day, 40 * day]),
      channel: ['a', 'b', 'c', 'd', 'e'],
      conversions: Float64Array.from([0, 0, 0, 1, 0]),
    });
    expect(pathNames(fromArrowTouchpoints(table, { lookback: '30d' }))).toEqual([['b', 'c', 'd'], ['e']]);
    expect(pathNames(fromArrowTouchpoints(table, { maxTouches: 2 }))).toEqual([['c', 'd'], ['e']]);
    expect(fromArrowTouchpoints(table).journeyIds).toEqual([7]);
  });

  it('reports conversions that no touch can take', () => {
    const table = arrowTable({
      journey_id: ['x', 'x', 'y'],
      timestamp: Float64Array.from([0, 100 * 86_400_000, 5]),
      channel: ['a', '', ''],
      conversions: Float64Array.from([0, 1, 2]),
      value: Float64Array.from([0, 5, 7]),
    });
    const store = fromArrowTouchpoints(table, { lookback: '30d' });
    expect(store.unattributed).toEqual({ events: 2, conversions: 3, value: 12 });
    expect(pathNames(store)).toEqual([]);
  });

  it('names the row and value of a bad timestamp, a missing column and a row with nothing in it', () => {
    const base = { journey_id: ['x', 'x'], channel: ['a', 'b'], conversions: Float64Array.from([0, 1]) };
    expect(() => fromArrowTouchpoints(arrowTable({ ...base, timestamp: ['2024-01-01', 'yesterday'] }))).toThrow(
      /row 1, column "timestamp": timestamp is missing or cannot be parsed, got "yesterday"/,
    );
    expect(() => fromArrowTouchpoints(arrowTable({ ...base, timestamp: ['2024-01-01', '2024-02-30'] }))).toThrow(/row 1/);
    expect(() => fromArrowTouchpoints(tableFromArrays(base), { timestampColumn: 'ts' })).toThrow(/column "ts": missing column/);
    expect(() => fromArrowTouchpoints(tableFromArrays(base), { lookback: '7d' })).toThrow(/column "timestamp": missing column/);
    expect(() => fromArrowTouchpoints(arrowTable({ ...base, channel: ['a', ''], conversions: Float64Array.from([0, 0]) }))).toThrow(
      /row 1, column "channel": a row needs a channel or conversions > 0/,
    );
    expect(() => fromArrowTouchpoints(arrowTable({ ...base, conversions: Float64Array.from([0, -2]) }))).toThrow(/row 1, column "conversions"/);
    const skipped = fromArrowTouchpoints(arrowTable({ ...base, timestamp: ['2024-01-01', 'nope'] }), { skipInvalid: true });
    expect(skipped.skipped?.count).toBe(1);
    expect(pathNames(skipped)).toEqual([['a']]);
  });

  it('round-trips through Arrow IPC file and stream formats', async () => {
    const table = touchpointTable([[{ channel: 'a', conv: 0 }, { channel: 'b', conv: 1 }], [{ channel: 'c', conv: 0 }]], null);
    for (const format of ['file', 'stream'] as const) {
      const read = await readArrowIpc(tableToIPC(table, format));
      expect(canonicalPaths(fromArrow(read))).toEqual(canonicalPaths(fromArrowTouchpoints(table)));
    }
    await expect(readArrowIpc(new Uint8Array([1, 2, 3]))).rejects.toThrow(PathCreditError);
    expect(tableFromIPC(tableToIPC(table)).numRows).toBe(3);
  });

  it('detects the layout from the columns', () => {
    expect(() => fromArrow(arrowTable({ foo: Float64Array.from([1]) }))).toThrow(/cannot tell the layout/);
    const store = fromArrow(pathTable([['a']], [1]));
    expect(store.pathCount).toBe(1);
    expect(new Table().numRows).toBe(0);
    void Float64;
  });
});

describe('Arrow touchpoint edge cases', () => {
  it('numbers integer journey ids the same whether they arrive sorted, with a journey split, or descending', () => {
    // Sorted ids take a one-pass route; the others the general one. Both must give
    // the ids in first-appearance order, as string ids of the same rows do.
    const cases = [
      [1, 1, 3, 3, 3, 8, 20, 20],
      [1, 1, 3, 8, 3, 20, 20, 8],
      [20, 20, 8, 3, 3, 1, 1, 3],
      [-5, -5, 0, 2 ** 31 - 1, 2 ** 31 - 1],
    ];
    for (const ids of cases) {
      const channel = ids.map((_, i) => 'abc'[i % 3]);
      const conversions = Float64Array.from(ids, (_, i) => (i % 4 === 3 ? 1 : 0));
      const fromInts = fromArrowTouchpoints(arrowTable({ journey_id: Int32Array.from(ids), channel, conversions }));
      const fromStrings = fromArrowTouchpoints(arrowTable({ journey_id: ids.map(String), channel, conversions }));
      expect(fromInts.journeyIds).toEqual([...new Set(ids)]);
      expect(fromInts.journeyIds!.map(String)).toEqual(fromStrings.journeyIds);
      expect(canonicalPaths(fromInts)).toEqual(canonicalPaths(fromStrings));
      expect(Array.from(fromInts.pathJourney ?? [])).toEqual(Array.from(fromStrings.pathJourney ?? []));
    }
  });

  it('keeps 64-bit journey ids beyond 2^53 apart', () => {
    const big = 2n ** 60n;
    const table = arrowTable({
      journey_id: BigInt64Array.from([big, big + 1n, big]),
      channel: ['a', 'b', 'c'],
      conversions: Float64Array.from([0, 1, 1]),
    });
    const store = fromArrowTouchpoints(table);
    expect(store.journeyIds).toEqual([big.toString(), (big + 1n).toString()]);
    expect(pathNames(store)).toEqual([['a', 'c'], ['b']]);
    // Safe 64-bit ids stay numbers.
    const small = fromArrowTouchpoints(arrowTable({ journey_id: BigInt64Array.from([5n, 5n]), channel: ['a', 'b'], conversions: Float64Array.from([0, 1]) }));
    expect(small.journeyIds).toEqual([5]);
  });

  it('reads null counts and values on touch rows as 0, as empty CSV cells are; NaN stays an error', () => {
    const table = arrowTable({
      journey_id: ['x', 'x', 'y'],
      channel: ['a', 'b', 'a'],
      conversions: vectorFromArray([null, 1, null], new Float64()),
      value: vectorFromArray([null, 12.5, null], new Float64()),
    });
    const store = fromArrowTouchpoints(table);
    expect(pathNames(store)).toEqual([['a', 'b'], ['a']]);
    expect(Array.from(store.conversions)).toEqual([1, 0]);
    expect(Array.from(store.value)).toEqual([12.5, 0]);
    expect(Array.from(store.nulls)).toEqual([0, 1]);
    const nan = arrowTable({ journey_id: ['x'], channel: ['a'], conversions: Float64Array.from([NaN]) });
    expect(() => fromArrowTouchpoints(nan)).toThrow(/row 0, column "conversions"/);
  });

  it('reports an all-null journey column as a bad row', () => {
    const table = arrowTable({ journey_id: vectorFromArray([null, null], new Int32()), channel: ['a', 'b'], conversions: Float64Array.from([0, 1]) });
    expect(() => fromArrowTouchpoints(table)).toThrow(/row 0, column "journey_id": journey id is null/);
  });

  it('validates maxTouches', () => {
    const table = arrowTable({ journey_id: ['x', 'x'], channel: ['a', 'b'], conversions: Float64Array.from([0, 1]) });
    for (const bad of [0, -1, 2.5, NaN]) expect(() => fromArrowTouchpoints(table, { maxTouches: bad })).toThrow(/maxTouches must be an integer >= 1/);
  });

  it('lists only channels that some kept touch uses', () => {
    const paths = arrowTable({ path: vectorFromArray([['a'], ['zzz'], ['b']], listOfDict), conversions: Float64Array.from([1, 1, 1]) });
    expect(fromArrowPaths(paths.slice(0, 1)).channels).toEqual(['a']);
    const touch = arrowTable({ journey_id: ['x', 'y', 'z'], channel: ['a', 'bad', 'c'], conversions: Float64Array.from([1, -1, 1]) });
    expect(fromArrowTouchpoints(touch, { skipInvalid: true }).channels).toEqual(['a', 'c']);
    expect(fromPathRows([{ path: 'a', conversions: 1 }, { path: 'bad', conversions: -1 }], { skipInvalid: true }).channels).toEqual(['a']);
  });

  it('reads numeric timestamps as epoch seconds when asked', () => {
    const table = arrowTable({ journey_id: ['x', 'x'], timestamp: Float64Array.from([100, 200]), channel: ['a', 'b'], conversions: Float64Array.from([0, 1]) });
    expect(Array.from(fromArrowTouchpoints(table).times!)).toEqual([100, 200]);
    expect(Array.from(fromArrowTouchpoints(table, { timestampFormat: 'epoch-s' }).times!)).toEqual([100_000, 200_000]);
  });
});
