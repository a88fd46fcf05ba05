import { RecordBatchStreamWriter, Table, tableFromArrays, tableToIPC } from 'apache-arrow';
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CreditAccumulator,
  PathSummary,
  attribute,
  attributeStream,
  fromArrowTouchpoints,
  fromPathRows,
  linear,
  readArrowBatches,
  timeDecay,
  type ChannelCredits,
  type ModelName,
} from '../src/index.js';
import { canonicalPaths } from './helpers/canonical.js';

const CHANNELS = ['a', 'b', 'c', 'd', '__proto__'];

/** Random touchpoint rows grouped by journey, with times increasing inside each journey. */
const touchRowsArb = fc
  .array(
    fc.array(fc.record({ ch: fc.integer({ min: 0, max: 4 }), conv: fc.constantFrom(0, 0, 0, 1, 2), gap: fc.integer({ min: 0, max: 5e8 }) }), { minLength: 1, maxLength: 6 }),
    { minLength: 2, maxLength: 30 },
  )
  .map((journeys) => {
    const rows: { journey_id: number; timestamp: number; channel: string; conversions: number; value: number }[] = [];
    journeys.forEach((events, j) => {
      let t = 1.7e12;
      for (const e of events) {
        t += e.gap;
        rows.push({ journey_id: 1000 + j, timestamp: t, channel: CHANNELS[e.ch], conversions: e.conv, value: e.conv * 12.25 });
      }
    });
    return rows;
  });

function toTable(rows: { journey_id: number; timestamp: number; channel: string; conversions: number; value: number }[]): Table {
  return tableFromArrays({
    journey_id: Int32Array.from(rows.map((r) => r.journey_id)),
    timestamp: Float64Array.from(rows.map((r) => r.timestamp)),
    channel: rows.map((r) => r.channel),
    conversions: Float64Array.from(rows.map((r) => r.conversions)),
    value: Float64Array.from(rows.map((r) => r.value)),
  }) as unknown as Table;
}

function expectCreditsClose(actual: readonly ChannelCredits[], expected: readonly ChannelCredits[]): void {
  expect(actual.map((c) => c.model)).toEqual(expected.map((c) => c.model));
  for (const [i, e] of expected.entries()) {
    const a = actual[i];
    const byName = new Map(a.channels.map((name, k) => [name, k]));
    for (const [k, name] of e.channels.entries()) {
      const j = byName.get(name)!;
      const tol = 1e-10 * Math.max(1, Math.abs(e.totalConversions));
      expect(Math.abs(a.conversions[j] - e.conversions[k]), `${e.model} ${name}`).toBeLessThanOrEqual(tol);
      expect(Math.abs(a.value[j] - e.value[k]), `${e.model} ${name} value`).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(e.totalValue)));
    }
  }
}

describe('attributeStream', () => {
  it('equals the one-shot result for batches of any size (journeys may span batches)', async () => {
    await fc.assert(
      fc.asyncProperty(touchRowsArb, fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 8 }), async (rows, sizes) => {
        const whole = toTable(rows);
        const models: ModelName[] = ['first_touch', 'last_touch', 'linear', 'position_based', 'time_decay', 'markov'];
        const store = fromArrowTouchpoints(whole);
        let oneShot;
        try {
          oneShot = attribute(store, { models });
        } catch {
          return; // no converting path: Markov refuses, nothing to compare
        }
        // Cut the table into batches of the given sizes (cycling).
        const parts: Table[] = [];
        let at = 0;
        for (let k = 0; at < whole.numRows; k++) {
          const size = sizes[k % sizes.length];
          parts.push(whole.slice(at, at + size));
          at += size;
        }
        const streamed = await attributeStream(parts.flatMap((p) => p.batches), { models });
        expectCreditsClose(streamed.credits, oneShot.credits);
        expect(streamed.batches).toBe(parts.length);
      }),
      { seed: 42, numRuns: 60 },
    );
  });

  it('reads an Arrow IPC stream file batch by batch', async () => {
    const rows = fc.sample(touchRowsArb, { seed: 7, numRuns: 1 })[0];
    const whole = toTable(rows);
    const file = join(mkdtempSync(join(tmpdir(), 'pathcredit-stream-')), 'events.arrows');
    const writer = new RecordBatchStreamWriter();
    for (let at = 0; at < whole.numRows; at += 5) for (const b of whole.slice(at, at + 5).batches) writer.write(b);
    writer.finish();
    writeFileSync(file, await writer.toUint8Array());
    const streamed = await attributeStream(readArrowBatches(file), { models: ['linear'] });
    expect(streamed.batches).toBe(Math.ceil(whole.numRows / 5));
    expectCreditsClose(streamed.credits, [linear(fromArrowTouchpoints(whole))]);
    void tableToIPC;
  });

  it('refuses an empty stream', async () => {
    await expect(attributeStream([], {})).rejects.toThrow(/no rows/);
  });
});

const pathRowsArb = fc.array(
  fc.record({
    path: fc.array(fc.constantFrom(...CHANNELS), { minLength: 1, maxLength: 4 }),
    conversions: fc.nat(4),
    nulls: fc.nat(4),
    cents: fc.nat(400),
  }),
  { minLength: 1, maxLength: 25 },
);
// Values in quarters are exact in binary floating point, so sums do not depend on order.
const toStore = (rows: { path: string[]; conversions: number; nulls: number; cents: number }[]) =>
  fromPathRows(rows.map((r) => ({ path: r.path, conversions: r.conversions, nulls: r.nulls, value: r.conversions > 0 ? r.cents * 0.25 : 0 })));

describe('PathSummary', () => {
  it('merge is associative and commutative, and equals adding everything to one summary', () => {
    fc.assert(
      fc.property(pathRowsArb, pathRowsArb, pathRowsArb, (x, y, z) => {
        const s = (rows: typeof x) => new PathSummary().add(toStore(rows));
        const left = s(x).merge(s(y)).merge(s(z));
        const right = s(x).merge(s(y).merge(s(z)));
        const swapped = s(z).merge(s(x)).merge(s(y));
        const all = new PathSummary().add(toStore([...x, ...y, ...z]));
        const key = (p: PathSummary) => canonicalPaths(p.toStore());
        expect(key(left)).toEqual(key(all));
        expect(key(right)).toEqual(key(all));
        expect(key(swapped)).toEqual(key(all));
      }),
      { seed: 42, numRuns: 100 },
    );
  });

  it('serialises and restores to the same summary and the same credits', () => {
    fc.assert(
      fc.property(pathRowsArb, (rows) => {
        const summary = new PathSummary().add(toStore(rows));
        const restored = PathSummary.fromJSON(JSON.parse(JSON.stringify(summary)));
        expect(canonicalPaths(restored.toStore())).toEqual(canonicalPaths(summary.toStore()));
        expect(Array.from(linear(restored.toStore()).conversions)).toEqual(Array.from(linear(summary.toStore()).conversions));
      }),
      { seed: 42, numRuns: 50 },
    );
    expect(() => PathSummary.fromJSON({ kind: 'other' } as never)).toThrow(/not a serialised PathSummary/);
    expect(() => new PathSummary().toStore()).toThrow(/empty/);
  });

  it('gives the same credits as the journeys it summarises', () => {
    const store = toStore(fc.sample(pathRowsArb, { seed: 3, numRuns: 1 })[0]);
    const summary = new PathSummary().add(store);
    expect(summary.pathCount).toBeLessThanOrEqual(store.pathCount);
    expectCreditsClose(attribute(summary.toStore(), { models: ['first_touch', 'linear'] }).credits, attribute(store, { models: ['first_touch', 'linear'] }).credits);
  });
});

describe('CreditAccumulator', () => {
  it('merges, serialises and restores time-decay credits of shards to the whole', () => {
    fc.assert(
      fc.property(touchRowsArb, fc.integer({ min: 1, max: 20 }), (rows, cut) => {
        const journeys = [...new Set(rows.map((r) => r.journey_id))];
        const first = new Set(journeys.slice(0, Math.min(cut, journeys.length - 1)));
        const shardA = rows.filter((r) => first.has(r.journey_id));
        const shardB = rows.filter((r) => !first.has(r.journey_id));
        const whole = timeDecay(fromArrowTouchpoints(toTable(rows)));
        const a = new CreditAccumulator().add(timeDecay(fromArrowTouchpoints(toTable(shardA))));
        const b = new CreditAccumulator().add(timeDecay(fromArrowTouchpoints(toTable(shardB))));
        const ab = CreditAccumulator.fromJSON(JSON.parse(JSON.stringify(a))).merge(b);
        const ba = b.merge(a);
        expectCreditsClose(ab.result(whole.channels), [whole]);
        expectCreditsClose(ba.result(whole.channels), [whole]);
        expect(ab.result(whole.channels)[0].totalConversions).toBe(whole.totalConversions);
      }),
      { seed: 42, numRuns: 60 },
    );
  });

  it('refuses a channel list that drops a credited channel', () => {
    const acc = new CreditAccumulator().add(linear(fromPathRows([{ path: 'a > b', conversions: 1 }])));
    expect(() => acc.result(['a'])).toThrow(/missing from the list, got "b"/);
    expect(() => new CreditAccumulator().result()).toThrow(/empty/);
  });
});

describe('attributeStream counts what it leaves out', () => {
  it('carries skipped rows and unattributed conversions, and names rows over the whole stream', async () => {
    const table = tableFromArrays({
      journey_id: Int32Array.from([1, 1, 2, 3, 3, 4]),
      channel: ['a', 'b', '', 'c', 'd', 'e'],
      conversions: Float64Array.from([0, 1, 2, 0, -1, 1]),
      value: Float64Array.from([0, 5, 7, 0, 0, 3]),
    }) as unknown as Table;
    const batches = [table.slice(0, 2), table.slice(2, 4), table.slice(4)].flatMap((t) => t.batches);
    const skipping = await attributeStream(batches, { models: ['linear'], skipInvalid: true });
    expect(skipping.unattributed).toEqual({ events: 1, conversions: 2, value: 7 });
    expect(skipping.skipped?.count).toBe(1);
    expect(skipping.rows).toBe(6);
    await expect(attributeStream(batches, { models: ['linear'] })).rejects.toThrow(/row 4, column "conversions"/);
  });
});

describe('serialised accumulators are validated', () => {
  it('rejects malformed summaries and accumulators', () => {
    const good = new PathSummary().add(fromPathRows([{ path: 'a > b', conversions: 1, nulls: 2 }])).toJSON();
    expect(() => PathSummary.fromJSON({ ...good, touches: [0, 7] })).toThrow(/unknown channel id, got 7/);
    expect(() => PathSummary.fromJSON({ ...good, conversions: [-3] })).toThrow(/conversions must be a finite number >= 0/);
    expect(() => PathSummary.fromJSON({ ...good, offsets: [0, 3] })).toThrow(/offsets do not cover/);
    const acc = new CreditAccumulator().add(linear(fromPathRows([{ path: 'a', conversions: 1 }]))).toJSON();
    expect(() => CreditAccumulator.fromJSON({ ...acc, models: [{ ...acc.models[0], totalValue: [NaN, 0] }] })).toThrow(/malformed/);
    expect(CreditAccumulator.fromJSON(acc).result()[0].conversions[0]).toBe(1);
  });
});
