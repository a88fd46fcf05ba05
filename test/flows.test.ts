import fc from 'fast-check';
import { median } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { flowColumns, fromPathRows, joinPath, journeyFlows, PathCreditError, readCsvTouchpoints, splitPath, type FlowView, type PathStore } from '../src/index.js';
import { WeightedSamples } from '../src/flows/weighted-medians.js';
import { filteredStore, segmentedStore, type SegmentedRow } from './helpers/segments.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const DAY = 86_400_000;

// Worked example of docs/flows.md.
const rows = [
  { path: 'search', conversions: 2, value: 80, nulls: 8 },
  { path: 'search > email', conversions: 3, value: 150, nulls: 2 },
  { path: 'search > email > direct', conversions: 4, value: 200, nulls: 1 },
  { path: 'social', conversions: 0, nulls: 6 },
  { path: 'social > search', conversions: 1, value: 40, nulls: 4 },
  { path: 'email > email', conversions: 1, value: 30, nulls: 0 },
];

describe('journeyFlows: the worked example', () => {
  const f = journeyFlows(fromPathRows(rows), { steps: 2, minStallJourneys: 5 });

  it('counts journeys reaching each (step, channel), ending there, and moving on', () => {
    const nodes = f.nodes.map((n) => [n.step, n.channel, n.journeys, n.conversions, n.nulls, n.continuing]);
    expect(nodes).toEqual([
      [1, 'search', 20, 2, 8, 10],
      [1, 'social', 11, 0, 6, 5],
      [1, 'email', 1, 0, 0, 1],
      [2, 'email', 11, 4, 2, 5],
      [2, 'search', 5, 1, 4, 0],
    ]);
    expect(f.totals).toEqual({ paths: 6, journeys: 32, conversions: 11, value: 500, nulls: 21 });
  });

  it('lists the links with their shares and the conversions of the journeys on them', () => {
    const l = f.links.map((x) => [x.step, x.kind, x.from, x.to, x.journeys, x.conversions, x.value]);
    expect(l).toEqual([
      [0, 'start', null, 'search', 20, 9, 430],
      [0, 'start', null, 'social', 11, 1, 40],
      [0, 'start', null, 'email', 1, 1, 30],
      [1, 'step', 'search', 'email', 10, 7, 350],
      [1, 'null', 'search', null, 8, 0, 0],
      [1, 'conversion', 'search', null, 2, 2, 80],
      [1, 'null', 'social', null, 6, 0, 0],
      [1, 'step', 'social', 'search', 5, 1, 40],
      [1, 'step', 'email', 'email', 1, 1, 30],
      [2, 'continues', 'email', null, 5, 4, 200],
      [2, 'conversion', 'email', null, 4, 4, 180],
      [2, 'null', 'email', null, 2, 0, 0],
      [2, 'null', 'search', null, 4, 0, 0],
      [2, 'conversion', 'search', null, 1, 1, 40],
    ]);
    expect(f.links[3].share).toBe(0.5);
  });

  it('finds where journeys stall and the top paths', () => {
    expect(f.stalls.map((n) => [n.step, n.channel, n.dropOffRate])).toEqual([
      [2, 'search', 0.8],
      [1, 'social', 6 / 11],
      [1, 'search', 0.4],
      [2, 'email', 2 / 11],
    ]);
    expect(f.topPathsByJourneys.slice(0, 3).map((p) => [joinPath(p.channels), p.journeys, p.conversionRate])).toEqual([
      ['search', 10, 0.2],
      ['social', 6, 0],
      ['search > email', 5, 0.6],
    ]);
    expect(f.topPathsByConversions[0]).toMatchObject({ channels: ['search', 'email', 'direct'], conversions: 4, nulls: 1, value: 200 });
  });
});

const channelArb = fc.constantFrom('a', 'b', 'c', 'd > e', '(null)');
const pathRowArb = fc.record({
  path: fc.array(channelArb, { minLength: 1, maxLength: 9 }),
  conversions: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 }), fc.constant(0.5)),
  nulls: fc.integer({ min: 0, max: 5 }),
  value: fc.integer({ min: 0, max: 50 }),
  seg: fc.constantFrom('x', 'y', ''),
});
const storeRowsArb = fc.array(pathRowArb, { minLength: 1, maxLength: 40 }).map((rs) =>
  rs.map((r): SegmentedRow => ({ path: r.path, conversions: r.conversions, nulls: r.nulls, value: r.conversions > 0 ? r.value : 0, seg: r.seg })),
);

/** Checks that every node conserves journeys and every step's links add up to the next step's nodes. */
function checkConservation(v: FlowView, steps: number): void {
  const key = (step: number, channel: string) => `${step}\u0000${channel}`;
  const outOf = new Map<string, number>();
  const into = new Map<string, number>();
  for (const l of v.links) {
    if (l.step > 0) outOf.set(key(l.step, l.from!), (outOf.get(key(l.step, l.from!)) ?? 0) + l.journeys);
    if (l.to !== null) into.set(key(l.step + 1, l.to), (into.get(key(l.step + 1, l.to)) ?? 0) + l.journeys);
  }
  let first = 0;
  for (const n of v.nodes) {
    // journeys in = journeys out + conversions + nulls ending there
    expect(n.journeys).toBeCloseTo(n.continuing + n.conversions + n.nulls, 9);
    expect(outOf.get(key(n.step, n.channel))).toBeCloseTo(n.journeys, 9);
    expect(into.get(key(n.step, n.channel))).toBeCloseTo(n.journeys, 9);
    if (n.step === 1) first += n.journeys;
    expect(n.step).toBeLessThanOrEqual(steps);
  }
  expect(first).toBeCloseTo(v.totals.journeys, 9);
  const ends = v.links.filter((l) => l.kind === 'conversion').reduce((a, l) => a + l.journeys, 0);
  const cont = v.links.filter((l) => l.kind === 'continues').reduce((a, l) => a + l.conversions, 0);
  expect(ends + cont).toBeCloseTo(v.totals.conversions, 9);
}

/** Top paths by brute force: every distinct full path with its summed counts. */
function bruteForcePaths(rs: readonly SegmentedRow[]): Map<string, { journeys: number; conversions: number; nulls: number }> {
  const m = new Map<string, { journeys: number; conversions: number; nulls: number }>();
  for (const r of rs) {
    const c = r.conversions as number;
    const n = r.nulls as number;
    if (!(c + n > 0)) continue;
    const k = JSON.stringify(r.path);
    const e = m.get(k) ?? { journeys: 0, conversions: 0, nulls: 0 };
    e.journeys += c + n;
    e.conversions += c;
    e.nulls += n;
    m.set(k, e);
  }
  return m;
}

function checkTopPaths(v: FlowView, rs: readonly SegmentedRow[], K: number): void {
  const all = bruteForcePaths(rs);
  for (const [list, field] of [
    [v.topPathsByJourneys, 'journeys'],
    [v.topPathsByConversions, 'conversions'],
  ] as const) {
    const expected = [...all.values()].map((e) => e[field]).filter((x) => field === 'journeys' || x > 0).sort((a, b) => b - a).slice(0, K);
    expect(list.map((p) => p[field])).toEqual(expected);
    for (const p of list) {
      const e = all.get(JSON.stringify(p.channels))!;
      expect([p.journeys, p.conversions, p.nulls]).toEqual([e.journeys, e.conversions, e.nulls]);
    }
  }
}

describe('journeyFlows: properties (fast-check, fixed seed)', () => {
  it('conserves journeys at every node and step, and its top paths equal a brute-force count', () => {
    fc.assert(
      fc.property(storeRowsArb, fc.integer({ min: 1, max: 7 }), fc.integer({ min: 0, max: 6 }), (rs, steps, K) => {
        const store = fromPathRows(rs);
        const f = journeyFlows(store, { steps, topPaths: K });
        checkConservation(f, steps);
        checkTopPaths(f, rs, K);
      }),
      { seed: 424242, numRuns: 150 },
    );
  });

  it('per segment: each segment is the flows of its rows alone, and all segments are the unsegmented flows', () => {
    fc.assert(
      fc.property(storeRowsArb, (rs) => {
        const store = segmentedStore(rs, ['seg']);
        const f = journeyFlows(store, { steps: 3, topPaths: 4, segments: { columns: ['seg'] } });
        const plain = journeyFlows(fromPathRows(rs), { steps: 3, topPaths: 4 });
        expect(f.links.map((l) => [l.step, l.from, l.to, l.kind, l.journeys])).toEqual(plain.links.map((l) => [l.step, l.from, l.to, l.kind, l.journeys]));
        for (const s of f.segments!) {
          const alone = filteredStore(rs, { seg: s.values[0] })!;
          const own = journeyFlows(alone, { steps: 3, topPaths: 4 });
          // Ties keep channel-id order, and the filtered store numbers channels its own way: compare as sets.
          const strip = (v: FlowView) => v.nodes.map((n) => JSON.stringify([n.step, n.channel, n.journeys, n.conversions, n.nulls, n.continuing])).sort();
          const links = (v: FlowView) => v.links.map((l) => JSON.stringify([l.step, l.from, l.to, l.kind, l.journeys, l.conversions])).sort();
          expect(strip(s.flows)).toEqual(strip(own));
          expect(links(s.flows)).toEqual(links(own));
          checkConservation(s.flows, 3);
          checkTopPaths(s.flows, rs.filter((r) => String(r.seg) === s.values[0]), 4);
        }
      }),
      { seed: 31337, numRuns: 60 },
    );
  });
});

describe('weighted medians', () => {
  it('equal the median of the samples repeated by their integer weights (and the plain median for equal weights)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: -50, max: 50 }), fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 60 }), (samples) => {
        const w = new WeightedSamples();
        const keys = new Int32Array(samples.length);
        samples.forEach(([k, v, wt], i) => {
          w.add(v, wt);
          keys[i] = k;
        });
        const got = w.medians(keys, 4);
        for (let k = 0; k < 4; k++) {
          const expanded = samples.filter((s) => s[0] === k).flatMap(([, v, wt]) => new Array<number>(wt).fill(v));
          if (expanded.length === 0) expect(got[k]).toBeNaN();
          else expect(got[k]).toBe(median(expanded));
        }
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('equal a sort-and-scan reference for fractional weights, and skip negative keys', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constantFrom(0.25, 0.5, 1.5, 3)), { minLength: 1, maxLength: 80 }), (samples) => {
        const w = new WeightedSamples();
        for (const [v, wt] of samples) w.add(v, wt);
        w.add(1e9, 1); // left out by its key
        const keys = Int32Array.from([...samples.map(() => 0), -1]);
        const sorted = [...samples].sort((a, b) => a[0] - b[0]);
        const half = sorted.reduce((a, s) => a + s[1], 0) / 2;
        let cum = 0;
        let expected = NaN;
        for (let j = 0; j < sorted.length; j++) {
          cum += sorted[j][1];
          if (cum >= half) {
            expected = cum === half && j + 1 < sorted.length ? (sorted[j][0] + sorted[j + 1][0]) / 2 : sorted[j][0];
            break;
          }
        }
        expect(w.medians(keys, 1)[0]).toBe(expected);
      }),
      { seed: 8, numRuns: 300 },
    );
  });
});

const touchCsv = `journey_id,timestamp,channel,conversions,value,device
u1,2024-01-01T00:00:00Z,search,0,0,mobile
u1,2024-01-03T00:00:00Z,email,0,0,mobile
u1,2024-01-04T00:00:00Z,,1,50,desktop
u2,2024-01-01T00:00:00Z,search,0,0,desktop
u2,2024-01-02T00:00:00Z,email,1,20,desktop
u3,2024-01-01T00:00:00Z,search,0,0,mobile
u3,2024-01-05T00:00:00Z,display,0,0,mobile
u4,2024-01-02T00:00:00Z,search,0,0,mobile
`;

describe('journeyFlows with timestamps', () => {
  it('gives median times between steps, to the next touch and to conversion, by hand', async () => {
    const store = await readCsvTouchpoints(bytes(touchCsv));
    const f = journeyFlows(store, { steps: 3 });
    expect(f.hasTimes).toBe(true);
    // Gaps step 1 -> 2: u1 2 days, u2 1 day, u3 4 days: median 2 days.
    expect(f.medianTimeBetweenSteps[0]).toBe(2 * DAY);
    const search = f.nodes.find((n) => n.step === 1 && n.channel === 'search')!;
    expect(search.medianTimeToNext).toBe(2 * DAY);
    // To conversion from the first touch: u1 3 days (the conversion event), u2 1 day: median 2 days.
    expect(search.medianTimeToConversion).toBe(2 * DAY);
    expect(f.medianTimeToConversion).toBe(2 * DAY);
    const link = f.links.find((l) => l.kind === 'step' && l.from === 'search' && l.to === 'email')!;
    expect(link.medianTime).toBe(1.5 * DAY);
    // email -> (conversion): u1 one day after its last touch, u2 at its last touch.
    const conv = f.links.filter((l) => l.kind === 'conversion' && l.from === 'email');
    expect(conv).toHaveLength(1);
    expect(conv[0].medianTime).toBe(0.5 * DAY);
  });

  it('without timestamps the times are NaN (empty cells)', () => {
    const f = journeyFlows(fromPathRows(rows), { steps: 2 });
    expect(f.hasTimes).toBe(false);
    expect(Number.isNaN(f.medianTimeToConversion)).toBe(true);
    const cols = flowColumns(f, 'nodes');
    const m = cols.find((c) => c.name === 'median_hours_to_next') as { numbers: Float64Array };
    expect(Array.from(m.numbers).every(Number.isNaN)).toBe(true);
  });

  it('merges repeated channels first when asked', () => {
    const f = journeyFlows(fromPathRows([{ path: 'a > a > b > b > a', conversions: 1, nulls: 0 }]), { steps: 6, collapseRepeats: true });
    expect(f.nodes.map((n) => n.channel)).toEqual(['a', 'b', 'a']);
    expect(f.topPathsByJourneys[0].channels).toEqual(['a', 'b', 'a']);
  });

  it('merging repeats keeps the times to conversion running to the real last touch (path input without conversion times)', () => {
    const D = 86_400_000;
    const store = fromPathRows([{ path: 'a > b > b', conversions: 1, times: [0, D, 2 * D] }], { timesColumn: 'times' });
    const plain = journeyFlows(store, { steps: 6 });
    const merged = journeyFlows(store, { steps: 6, collapseRepeats: true });
    expect(plain.medianTimeToConversion).toBe(2 * D);
    expect(merged.medianTimeToConversion).toBe(2 * D);
    expect(merged.nodes.find((n) => n.channel === 'a')!.medianTimeToConversion).toBe(2 * D);
    expect(merged.nodes.find((n) => n.channel === 'b')!.medianTimeToConversion).toBe(D);
  });
});

describe('journeyFlows: long tables', () => {
  const store = segmentedStore(
    rows.map((r, i) => ({ ...r, device: i % 2 === 0 ? 'mobile' : 'desktop' })),
    ['device'],
  );
  const f = journeyFlows(store, { steps: 2, segments: { columns: ['device'] } });

  it('writes links as step, from, to, kind, journeys, conversions, value, share, median_hours, per segment then all', () => {
    const cols = flowColumns(f, 'links');
    expect(cols.map((c) => c.name)).toEqual(['segment', 'step', 'from', 'to', 'kind', 'journeys', 'conversions', 'value', 'share', 'median_hours']);
    const seg = (cols[0] as { strings: readonly (string | null)[] }).strings;
    expect(seg.filter((s) => s === null)).toHaveLength(f.links.length);
    expect(new Set(seg)).toEqual(new Set(['desktop', 'mobile', null]));
    const to = (cols[3] as { strings: readonly string[] }).strings;
    expect(to).toContain('(conversion)');
    expect(to).toContain('(continues)');
  });

  it('writes paths that read back to the same channel names', () => {
    const odd = journeyFlows(fromPathRows([{ path: ['a > b', 'c\\d'], conversions: 1 }]), {});
    const cols = flowColumns(odd, 'paths');
    const path = (cols.find((c) => c.name === 'path') as { strings: readonly string[] }).strings[0];
    expect(splitPath(path, ' > ')).toEqual(['a > b', 'c\\d']);
    expect(flowColumns(f, 'stalls')[1].name).toBe('rank');
    expect(flowColumns(f, 'nodes').map((c) => c.name)).toContain('drop_off_rate');
  });
});

describe('journeyFlows: bad input', () => {
  const store: PathStore = fromPathRows(rows);
  it('refuses bad options and an empty store', () => {
    expect(() => journeyFlows(store, { steps: 0 })).toThrow(/steps must be an integer from 1 to 50/);
    expect(() => journeyFlows(store, { steps: 2.5 })).toThrow(PathCreditError);
    expect(() => journeyFlows(store, { topPaths: -1 })).toThrow(/topPaths/);
    expect(() => journeyFlows(store, { minStallJourneys: Number.NaN })).toThrow(/minStallJourneys/);
    expect(() => journeyFlows({ ...store, pathCount: 0 })).toThrow(/empty/);
    expect(() => journeyFlows(store, { segments: { columns: ['device'] } })).toThrow(/segment column not found/);
    const touchless = { ...store, offsets: Int32Array.from([0, 0, ...Array.from(store.offsets.subarray(2))]) };
    expect(() => journeyFlows(touchless)).toThrow(/journeyFlows: path 0 has conversions but no touches/);
  });
});
