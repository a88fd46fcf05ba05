import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ADDITIVE_MODELS,
  attribute,
  attributeBySegment,
  fromPathRows,
  markov,
  PathCreditError,
  readCsvTouchpoints,
  journeyFlows,
  segmentation,
  segmentationFromIds,
  segmentColumns,
  segmentFlatRows,
  segmentStore,
  linear,
  type ChannelCredits,
  type ModelName,
} from '../src/index.js';
import { filteredStore, segmentedStore, type SegmentedRow } from './helpers/segments.js';

const bytes = (text: string) => new TextEncoder().encode(text);

/** Credit of a channel by name (0 when the result does not know it). */
function byName(c: ChannelCredits, name: string, field: 'conversions' | 'value' = 'conversions'): number {
  const i = c.channels.indexOf(name);
  return i < 0 ? 0 : c[field][i];
}

function close(a: number, b: number, tol = 1e-9): boolean {
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
}

// Worked example of docs/segments.md.
const example: SegmentedRow[] = [
  { path: 'search > email', conversions: 2, value: 100, nulls: 2, device: 'mobile' },
  { path: 'email', conversions: 1, value: 40, nulls: 3, device: 'mobile' },
  { path: 'search', conversions: 0, nulls: 4, device: 'mobile' },
  { path: 'display > search', conversions: 3, value: 150, nulls: 1, device: 'desktop' },
  { path: 'email > search', conversions: 1, value: 60, nulls: 1, device: 'desktop' },
  { path: 'display', conversions: 0, nulls: 2, device: '' },
];

describe('attributeBySegment: the worked example', () => {
  const store = segmentedStore(example, ['device']);
  const r = attributeBySegment(store, { models: ['first_touch', 'last_touch', 'linear', 'markov'], segments: { columns: ['device'] } });

  it('orders segments by value, names the empty value, and counts each segment', () => {
    expect(r.segments.map((s) => s.label)).toEqual(['(empty)', 'desktop', 'mobile']);
    expect(r.segments.map((s) => [s.paths, s.journeys, s.conversions, s.value])).toEqual([
      [1, 2, 0, 0],
      [2, 6, 4, 210],
      [3, 12, 3, 140],
    ]);
  });

  it('credits every model per (segment, channel) by hand', () => {
    const [, desktop, mobile] = r.segments;
    const ch = (s: typeof desktop, m: number) => Object.fromEntries(r.channels.map((name, i) => [name, s.credits[m].conversions[i]]));
    // desktop: display > search (3), email > search (1).
    expect(ch(desktop, 0)).toEqual({ search: 0, email: 1, display: 3 });
    expect(ch(desktop, 1)).toEqual({ search: 4, email: 0, display: 0 });
    expect(ch(desktop, 2)).toEqual({ search: 2, email: 0.5, display: 1.5 });
    // mobile: search > email (2), email (1).
    expect(ch(mobile, 0)).toEqual({ search: 2, email: 1, display: 0 });
    expect(ch(mobile, 2)).toEqual({ search: 1, email: 2, display: 0 });
    // mobile's own chain: (start) -> search 8, email 4; search -> email 4, null 4; email -> conv 3, null 5.
    // P = (8/12)(4/8)(3/8) + (4/12)(3/8) = 1/4. Without search: (4/12)(3/8) = 1/8, RE 1/2. Without email: 0, RE 1.
    const m = mobile.markov!;
    expect(m.conversionProbability).toBeCloseTo(0.25, 14);
    expect(m.removalEffects[r.channels.indexOf('search')]).toBeCloseTo(0.5, 14);
    expect(m.removalEffects[r.channels.indexOf('email')]).toBeCloseTo(1, 14);
    expect(mobile.credits[3].conversions[r.channels.indexOf('search')]).toBeCloseTo(1, 14);
    expect(mobile.credits[3].conversions[r.channels.indexOf('email')]).toBeCloseTo(2, 14);
  });

  it('has a segment without conversions: zero credit, no chain, a flag', () => {
    const empty = r.segments[0];
    expect(empty.credits.every((c) => c.conversions.every((x) => x === 0))).toBe(true);
    expect(empty.markov).toBeUndefined();
    expect(r.flags.some((f) => f.kind === 'no-conversions' && f.segment === '(empty)')).toBe(true);
  });

  it('gives all-segments rows equal to the unsegmented run', () => {
    const plain = attribute(store, { models: ['first_touch', 'last_touch', 'linear', 'markov'] });
    for (const [m, c] of plain.credits.entries()) {
      for (let i = 0; i < c.conversions.length; i++) {
        expect(close(r.all.credits[m].conversions[i], c.conversions[i], 1e-12)).toBe(true);
        expect(close(r.all.credits[m].value[i], c.value[i], 1e-12)).toBe(true);
      }
    }
    expect(r.all.markov!.removalEffects).toEqual(plain.markov!.removalEffects);
  });

  it('lays out the long output: segment rows (present channels and a total), then all segments', () => {
    const rows = segmentFlatRows(r);
    expect(rows.map((x) => [x.segment, x.row_type, x.channel])).toEqual([
      ['(empty)', 'channel', 'display'],
      ['(empty)', 'total', null],
      ['desktop', 'channel', 'search'],
      ['desktop', 'channel', 'email'],
      ['desktop', 'channel', 'display'],
      ['desktop', 'total', null],
      ['mobile', 'channel', 'search'],
      ['mobile', 'channel', 'email'],
      ['mobile', 'total', null],
      [null, 'channel', 'search'],
      [null, 'channel', 'email'],
      [null, 'channel', 'display'],
      [null, 'total', null],
    ]);
    expect(rows[5]).toMatchObject({ linear_conversions: 4, linear_value: 210, journeys: 6, conversions_behind: 4 });
    expect(rows[12]).toMatchObject({ linear_conversions: 7, linear_value: 350, journeys: 20, conversions_behind: 7 });
    expect(rows[6]).toMatchObject({ markov_removal_effect: expect.closeTo(0.5, 12), journeys: 8, conversions_behind: 2 });
    expect(rows[0].flags).toBe('few-conversions');
  });
});

const channelNames = ['a', 'b', 'c', 'd'];
const segmentValues = ['x', 'y', '', 'z'];
const rowArb = fc.record({
  path: fc.array(fc.constantFrom(...channelNames), { minLength: 1, maxLength: 5 }).map((p) => p.join(' > ')),
  conversions: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5 }), fc.constantFrom(0.5, 2.25)),
  nulls: fc.integer({ min: 0, max: 6 }),
  value: fc.integer({ min: 0, max: 90 }),
  seg: fc.constantFrom(...segmentValues),
  day: fc.integer({ min: 1, max: 9 }),
});
const rowsArb = fc
  .array(rowArb, { minLength: 1, maxLength: 30 })
  .map((rows) =>
    rows.map((r): SegmentedRow => {
      const n = r.path.split(' > ').length;
      return {
        path: r.path,
        conversions: r.conversions,
        nulls: r.nulls,
        value: r.conversions > 0 ? r.value : 0,
        seg: r.seg,
        times: Array.from({ length: n }, (_, i) => Date.UTC(2024, 0, r.day + i)),
      };
    }),
  )
  .filter((rows) => rows.some((r) => (r.conversions as number) > 0));

const everyModel: ModelName[] = ['first_touch', 'last_touch', 'last_non_direct', 'linear', 'position_based', 'time_decay', 'shapley', 'shapley_rate', 'leave_one_out', 'markov'];

describe('attributeBySegment: properties (fast-check, fixed seed)', () => {
  it('each segment equals the same model run on the input filtered to that segment, for every model', () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const options = { timesColumn: 'times' } as const;
        const store = segmentedStore(rows, ['seg'], options);
        const r = attributeBySegment(store, { models: everyModel, segments: { columns: ['seg'] }, lastNonDirect: { direct: ['d'] } });
        for (const s of r.segments) {
          const sub = filteredStore(rows, { seg: s.values[0] }, options)!;
          const alone = attribute(sub, { models: everyModel.filter((m) => m !== 'markov'), lastNonDirect: { direct: ['d'] } });
          for (const [m, name] of everyModel.entries()) {
            if (name === 'markov') continue;
            const own = alone.credits.find((c) => c.model === name)!;
            expect(s.credits[m].totalConversions).toBe(own.totalConversions);
            for (const ch of channelNames) {
              expect(close(byName(s.credits[m], ch), byName(own, ch))).toBe(true);
              expect(close(byName(s.credits[m], ch, 'value'), byName(own, ch, 'value'))).toBe(true);
            }
          }
          const mi = everyModel.indexOf('markov');
          if (s.conversions > 0) {
            const own = markov(sub);
            expect(close(s.markov!.conversionProbability, own.conversionProbability, 1e-12)).toBe(true);
            for (const ch of channelNames) {
              expect(close(byName(s.credits[mi], ch), byName(own.credits, ch))).toBe(true);
              expect(close(byName(s.credits[mi], ch, 'value'), byName(own.credits, ch, 'value'))).toBe(true);
            }
          } else expect(s.credits[mi].conversions.every((x) => x === 0)).toBe(true);
        }
      }),
      { seed: 20240614, numRuns: 60 },
    );
  });

  it('Markov of higher order (states of several channels, counted over the segment view) equals the filtered run', () => {
    fc.assert(
      fc.property(rowsArb, fc.integer({ min: 1, max: 3 }), fc.boolean(), (rows, order, collapseRepeats) => {
        const store = segmentedStore(rows, ['seg']);
        const r = attributeBySegment(store, { models: ['markov'], segments: { columns: ['seg'] }, markov: { order, collapseRepeats } });
        for (const s of r.segments) {
          if (!(s.conversions > 0)) continue;
          const own = markov(filteredStore(rows, { seg: s.values[0] })!, { order, collapseRepeats });
          expect(s.markov!.stateCount).toBe(own.stateCount);
          expect(s.markov!.transitionCount).toBe(own.transitionCount);
          expect(s.markov!.collapseRepeats).toBe(collapseRepeats);
          expect(close(s.markov!.conversionProbability, own.conversionProbability, 1e-12)).toBe(true);
          for (const ch of channelNames) {
            expect(close(byName(s.credits[0], ch), byName(own.credits, ch))).toBe(true);
            expect(close(byName(s.credits[0], ch, 'value'), byName(own.credits, ch, 'value'))).toBe(true);
          }
        }
      }),
      { seed: 4711, numRuns: 60 },
    );
  });

  it('per-segment credits of additive models sum to the all-segments credits, which equal the unsegmented run', () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const store = segmentedStore(rows, ['seg'], { timesColumn: 'times' });
        const r = attributeBySegment(store, { models: everyModel, segments: { columns: ['seg'] } });
        const plain = attribute(store, { models: everyModel });
        for (const [m, name] of everyModel.entries()) {
          const all = r.all.credits[m];
          for (let ch = 0; ch < store.channels.length; ch++) {
            // Every model: the all-segments rows are the model on all paths.
            expect(close(all.conversions[ch], plain.credits[m].conversions[ch])).toBe(true);
            expect(close(all.value[ch], plain.credits[m].value[ch])).toBe(true);
            if (!ADDITIVE_MODELS.includes(name)) continue;
            const summed = r.segments.reduce((acc, s) => acc + s.credits[m].conversions[ch], 0);
            const summedValue = r.segments.reduce((acc, s) => acc + s.credits[m].value[ch], 0);
            expect(close(summed, all.conversions[ch])).toBe(true);
            expect(close(summedValue, all.value[ch])).toBe(true);
          }
          // Conservation inside every segment.
          for (const s of r.segments) {
            const total = s.credits[m].conversions.reduce((a, b) => a + b, 0);
            expect(close(total, s.credits[m].totalConversions)).toBe(true);
          }
        }
      }),
      { seed: 777, numRuns: 60 },
    );
  });

  it('does not depend on row order or on which segment ids the values get', () => {
    fc.assert(
      fc.property(rowsArb, fc.integer({ min: 1, max: 1000 }), (rows, k) => {
        const shuffled = rows.map((r, i) => ({ r, key: (i * 7919 + k) % 1009 })).sort((a, b) => a.key - b.key).map((x) => x.r);
        const a = attributeBySegment(segmentedStore(rows, ['seg']), { models: ['linear', 'shapley_rate'], segments: { columns: ['seg'] } });
        const b = attributeBySegment(segmentedStore(shuffled, ['seg']), { models: ['linear', 'shapley_rate'], segments: { columns: ['seg'] } });
        expect(b.segments.map((s) => s.label)).toEqual(a.segments.map((s) => s.label));
        for (const [i, s] of a.segments.entries()) {
          for (const ch of channelNames) for (const m of [0, 1]) expect(close(byName(b.segments[i].credits[m], ch), byName(s.credits[m], ch))).toBe(true);
        }
      }),
      { seed: 99, numRuns: 40 },
    );
  });
});

describe('segments from several columns', () => {
  const rows: SegmentedRow[] = [
    { path: 'a > b', conversions: 1, value: 10, nulls: 1, device: 'mobile', country: 'DE' },
    { path: 'b', conversions: 2, value: 5, nulls: 0, device: 'mobile', country: 'FR' },
    { path: 'a', conversions: 1, value: 7, nulls: 3, device: 'desktop', country: 'DE' },
    { path: 'b > a', conversions: 1, value: 1, nulls: 0, device: 'mobile', country: 'DE' },
    { path: 'c', conversions: 1, value: 2, nulls: 0, device: 'a|b', country: '' },
  ];
  const store = segmentedStore(rows, ['device', 'country']);

  it('forms the combinations that occur, labelled with escaped values', () => {
    const seg = segmentation(store, { columns: ['device', 'country'] });
    expect(seg.labels).toEqual(['a\\|b | (empty)', 'desktop | DE', 'mobile | DE', 'mobile | FR']);
    expect(seg.values).toEqual([
      ['a|b', ''],
      ['desktop', 'DE'],
      ['mobile', 'DE'],
      ['mobile', 'FR'],
    ]);
    expect(Array.from(seg.pathSegment)).toEqual([2, 3, 1, 2, 0]);
  });

  it('equals filtering by both columns, and the long output carries each column', () => {
    const r = attributeBySegment(store, { models: ['linear'], segments: { columns: ['device', 'country'] } });
    const mobileDe = r.segments.find((s) => s.label === 'mobile | DE')!;
    const own = attribute(filteredStore(rows, { device: 'mobile', country: 'DE' })!, { models: ['linear'] });
    for (const ch of ['a', 'b']) expect(byName(mobileDe.credits[0], ch)).toBe(byName(own.credits[0], ch));
    const flat = segmentFlatRows(r);
    expect(Object.keys(flat[0]).slice(0, 5)).toEqual(['segment', 'segment_device', 'segment_country', 'row_type', 'channel']);
    expect(flat.find((x) => x.segment === 'a\\|b | (empty)')).toMatchObject({ segment_device: 'a|b', segment_country: '(empty)' });
  });
});

describe('segments: bad input', () => {
  const store = segmentedStore(example, ['device']);

  it('names a segment column that was not read, listing the ones that were', () => {
    expect(() => attributeBySegment(store, { segments: { columns: ['country'] } })).toThrow(/column "country".*segment column not found \(the input has the attribute columns: device\)/);
    expect(() => segmentation(fromPathRows([{ path: 'a', conversions: 1 }]), { columns: ['device'] })).toThrow(/no attribute column was read/);
    expect(() => segmentation(store, { columns: [] })).toThrow(PathCreditError);
    expect(() => segmentation(store, { columns: ['device', 'device'] })).toThrow(/named twice/);
  });

  it('refuses touch weights and channel-type Markov states, which the segment view does not carry', () => {
    expect(() => attributeBySegment(store, { segments: { columns: ['device'] }, touchWeights: { weights: { click: 1 } } })).toThrow(/touch weights are not offered per segment/);
    expect(() => attributeBySegment(store, { segments: { columns: ['device'] }, markovStates: 'channel-type' })).toThrow(/channel-type Markov states are not offered per segment/);
  });

  it('refuses more distinct segments than the maximum, giving the count', () => {
    expect(() => attributeBySegment(store, { segments: { columns: ['device'], maxSegments: 2 } })).toThrow(/3 distinct segments, more than the maximum of 2/);
    const many = fromPathRows(
      Array.from({ length: 40 }, (_, i) => ({ path: 'a', conversions: 1, u: `user${i}`, d: `d${i % 3}` })),
      { attributeColumns: ['u', 'd'] },
    );
    expect(() => segmentation(many, { columns: ['u', 'd'], maxSegments: 25 })).toThrow(/40 distinct segments, more than the maximum of 25/);
    expect(() => segmentation(many, { columns: ['u'], maxSegments: 0 })).toThrow(/maxSegments must be a positive integer/);
  });

  it('keeps empty values as their own segment, and refuses a column that also holds the text "(empty)"', () => {
    expect(segmentation(store, { columns: ['device'] }).labels[0]).toBe('(empty)');
    const clash = fromPathRows(
      [
        { path: 'a', conversions: 1, device: '' },
        { path: 'b', conversions: 1, device: '(empty)' },
      ],
      { attributeColumns: ['device'] },
    );
    expect(() => segmentation(clash, { columns: ['device'] })).toThrow(/both empty values and the text "\(empty\)"/);
  });

  it('refuses options that are not offered per segment', () => {
    expect(() => attributeBySegment(store, { segments: { columns: ['device'] }, perTouch: true } as never)).toThrow(/per-touch credit is not offered per segment/);
    expect(() => attributeBySegment(store, { segments: { columns: ['device'] }, removeGroups: [['search']] } as never)).toThrow(/group removal effects are not offered per segment/);
    expect(() => attributeBySegment(store, { segments: { columns: ['device'] }, markovSegmentState: true, intervals: true })).toThrow(/intervals are not offered with the segment in the Markov state/);
    expect(() => attributeBySegment(store, { models: ['nope' as ModelName], segments: { columns: ['device'] } })).toThrow(/unknown model/);
  });

  it('checks segment ids given by hand', () => {
    const ids = Int32Array.from([0, 0, 1, 1, 1, 0]);
    const r = attributeBySegment(store, { models: ['linear'], segments: segmentationFromIds(store, ids, ['new', 'returning']) });
    expect(r.segments.map((s) => s.conversions)).toEqual([3, 4]);
    expect(() => segmentationFromIds(store, Int32Array.from([0, 0, 2, 1, 1, 0]), ['new', 'returning'])).toThrow(/row 2, column "pathSegment": segment id out of range/);
    expect(() => segmentationFromIds(store, ids, ['x', 'x'])).toThrow(/unique/);
    // A segmentation made by hand is checked too: a wrong id would otherwise lose credit silently.
    const bad = { ...segmentationFromIds(store, ids, ['new', 'returning']), pathSegment: Int32Array.from([0, 0, 1, 1, 7, 0]) };
    expect(() => attributeBySegment(store, { segments: bad })).toThrow(/row 4, column "pathSegment": segment id out of range \(0 to 1\), got 7/);
    expect(() => journeyFlows(store, { segments: bad })).toThrow(/segment id out of range/);
  });
});

describe('segmentStore: one segment as a store of its own', () => {
  it('is the input filtered to the segment, for what is not offered per segment (per-touch credit)', async () => {
    const store = segmentedStore(example, ['device']);
    const seg = segmentation(store, { columns: ['device'] });
    const mine = linear(segmentStore(store, seg, 'mobile'), { perTouch: true });
    const own = linear(filteredStore(example, { device: 'mobile' })!, { perTouch: true });
    expect(Array.from(mine.perTouch!.conversions)).toEqual(Array.from(own.perTouch!.conversions));
    for (const ch of ['search', 'email']) expect(byName(mine, ch)).toBe(byName(own, ch));
    expect(segmentStore(store, seg, 2).pathCount).toBe(3);
    expect(() => segmentStore(store, seg, 'tablet')).toThrow(/unknown segment \(there are 3: "\(empty\)", "desktop", "mobile"\)/);
    // Touchpoint input keeps the journeys and input rows of its paths.
    const touch = await readCsvTouchpoints(bytes(touchCsv), { attributeColumns: ['device'] });
    const desktop = segmentStore(touch, segmentation(touch, { columns: ['device'] }), 'desktop');
    expect(desktop.pathJourney && Array.from(desktop.pathJourney, (j) => desktop.journeyIds![j])).toEqual(['u1', 'u2']);
    expect(Array.from(desktop.touchRows!)).toEqual([0, 1, 2, 4, 5]);
  });
});

// Touchpoints: u1 browses on mobile and converts on desktop; its next visit (a null path) ends on mobile.
const touchCsv = `journey_id,timestamp,channel,conversions,value,device
u1,2024-01-01T00:00:00Z,search,0,0,mobile
u1,2024-01-02T00:00:00Z,email,0,0,mobile
u1,2024-01-03T00:00:00Z,email,1,50,desktop
u1,2024-01-04T00:00:00Z,display,0,0,mobile
u2,2024-01-01T00:00:00Z,search,0,0,desktop
u2,2024-01-02T00:00:00Z,display,1,20,desktop
u3,2024-01-01T00:00:00Z,display,0,0,mobile
u3,2024-01-01T01:00:00Z,search,1,10,mobile
u4,2024-01-01T00:00:00Z,search,0,0,mobile
`;

describe('a segment that changes within a journey', () => {
  it('counts the path in the segment of its closing row, and says how many paths changed', async () => {
    const store = await readCsvTouchpoints(bytes(touchCsv), { attributeColumns: ['device'] });
    const r = attributeBySegment(store, { models: ['first_touch', 'linear'], segments: { columns: ['device'] } });
    const [desktop, mobile] = r.segments;
    expect([desktop.label, mobile.label]).toEqual(['desktop', 'mobile']);
    // desktop: u1's converting path (closed by its desktop conversion row) and u2's.
    expect(desktop.conversions).toBe(2);
    expect(desktop.credits[0].conversions[store.channels.indexOf('search')]).toBe(2);
    expect(mobile.conversions).toBe(1);
    expect(r.changedPaths).toBe(1);
    expect(r.flags.find((f) => f.kind === 'segment-changes')?.value).toBe(1);
  });

  it('lists only the segments that close a path; a value met only on touches is a segment just for the segment-state chain', async () => {
    const watched = touchCsv.replace('u1,2024-01-01T00:00:00Z,search,0,0,mobile', 'u1,2024-01-01T00:00:00Z,search,0,0,watch');
    const store = await readCsvTouchpoints(bytes(watched), { attributeColumns: ['device'] });
    const r = attributeBySegment(store, { models: ['linear'], segments: { columns: ['device'], maxSegments: 2 } });
    expect(r.segments.map((s) => s.label)).toEqual(['desktop', 'mobile']);
    expect(r.changedPaths).toBe(1);
    expect(segmentation(store, { columns: ['device'] }).touchSegment).toBeNull();
    expect(() => attributeBySegment(store, { models: ['markov'], segments: { columns: ['device'], maxSegments: 2 }, markovSegmentState: true })).toThrow(/3 distinct segments/);
    const joint = attributeBySegment(store, { models: ['markov'], segments: { columns: ['device'] }, markovSegmentState: true });
    expect(joint.segments.map((s) => s.label)).toEqual(['desktop', 'mobile', 'watch']);
  });

  it('with the segment in the Markov state, a touch takes its own row\'s segment (one chain, journeys move between segments)', async () => {
    const store = await readCsvTouchpoints(bytes(touchCsv), { attributeColumns: ['device'] });
    const r = attributeBySegment(store, { models: ['markov'], segments: { columns: ['device'] }, markovSegmentState: true });
    expect(r.segmentState!.touchLevel).toBe(true);
    // The same chain built independently: channel names carry the touch's device.
    const devices = ['mobile', 'mobile', 'desktop', 'mobile', 'desktop', 'desktop', 'mobile', 'mobile', 'mobile'];
    const lines = touchCsv.trim().split('\n');
    const relabelled = [lines[0], ...lines.slice(1).map((l, i) => l.replace(/,(search|email|display),/, `,${devices[i]}/$1,`))].join('\n');
    const joint = markov(await readCsvTouchpoints(bytes(relabelled)));
    const C = store.channels.length;
    for (const [s, device] of ['desktop', 'mobile'].entries()) {
      for (const [c, ch] of store.channels.entries()) {
        const i = joint.credits.channels.indexOf(`${device}/${ch}`);
        const expected = i < 0 ? 0 : joint.removalEffects[i];
        expect(r.segmentState!.joint.removalEffects[s * C + c]).toBeCloseTo(expected, 12);
        expect(r.segments[s].credits[0].conversions[c]).toBeCloseTo(i < 0 ? 0 : joint.credits.conversions[i], 12);
      }
    }
    // Segment credits add up to all conversions; the all-segments row removes a channel on every device.
    expect(r.segments.reduce((a, s) => a + s.credits[0].totalConversions, 0)).toBeCloseTo(3, 12);
    expect(r.all.credits[0].conversions.reduce((a, b) => a + b, 0)).toBeCloseTo(3, 12);
  });

  it('with path input, the joint chain is the segments\' chains side by side: RE(s, c) = RE_s(c) x conversions_s / conversions', () => {
    const store = segmentedStore(example, ['device']);
    const joint = attributeBySegment(store, { models: ['markov'], segments: { columns: ['device'] }, markovSegmentState: true });
    const per = attributeBySegment(store, { models: ['markov'], segments: { columns: ['device'] } });
    const C = store.channels.length;
    const weighted = new Float64Array(C);
    for (const s of per.segments) {
      if (!s.markov) continue;
      for (let c = 0; c < C; c++) {
        expect(joint.segmentState!.joint.removalEffects[s.index * C + c]).toBeCloseTo((s.markov.removalEffects[c] * s.conversions) / 7, 12);
        weighted[c] += (s.markov.removalEffects[c] * s.conversions) / 7;
      }
    }
    // Removing a channel from every segment at once loses the conversion-weighted sum of its segments' effects.
    for (let c = 0; c < C; c++) expect(joint.all.markov!.removalEffects[c]).toBeCloseTo(weighted[c], 12);
  });
});

describe('segments with intervals', () => {
  // Segment x converts through a, segment y through b: shares differ strongly from the pooled ones.
  const rows: SegmentedRow[] = [
    { path: 'a', conversions: 60, nulls: 40, value: 600, seg: 'x' },
    { path: 'b > a', conversions: 10, nulls: 30, value: 100, seg: 'x' },
    { path: 'b', conversions: 60, nulls: 40, value: 300, seg: 'y' },
    { path: 'a > b', conversions: 10, nulls: 30, value: 50, seg: 'y' },
    { path: 'a > b', conversions: 5, nulls: 5, value: 50, seg: 'w' },
    { path: 'b > a', conversions: 5, nulls: 5, value: 50, seg: 'w' },
  ];
  const store = segmentedStore(rows, ['seg']);
  const options = { models: ['last_touch', 'linear', 'shapley_rate', 'markov'] as ModelName[], segments: { columns: ['seg'] }, intervals: { replicates: 200, seed: 5 } };
  const r = attributeBySegment(store, options);

  it('says which segment shares differ from the all-segments share', () => {
    const a = store.channels.indexOf('a');
    const b = store.channels.indexOf('b');
    const [w, x, y] = r.segments;
    for (const m of [0, 1, 2, 3]) {
      expect(x.intervals!.shares[m].verdict[a]).toBe('higher');
      expect(x.intervals!.shares[m].verdict[b]).toBe('lower');
      expect(y.intervals!.shares[m].verdict[a]).toBe('lower');
      expect(y.intervals!.shares[m].verdict[b]).toBe('higher');
    }
    // w's 20 conversions split evenly: its interval of the difference covers 0 for linear.
    expect(w.intervals!.shares[1].verdict[a]).toBe('inconclusive');
    const sh = x.intervals!.shares[1];
    expect(sh.share[a]).toBeCloseTo(65 / 70, 12);
    expect(sh.allShare[a]).toBeCloseTo(r.all.credits[1].conversions[a] / 150, 12);
    expect(sh.differenceLo[a]).toBeLessThanOrEqual(sh.differenceHi[a]);
  });

  it('brackets each segment credit, and is reproducible from the seed', () => {
    for (const s of r.segments) {
      for (const iv of s.intervals!.models) {
        for (let c = 0; c < store.channels.length; c++) {
          expect(iv.conversionsLo[c]).toBeLessThanOrEqual(iv.conversionsHi[c]);
        }
        expect(iv.totalConversionsLo).toBeLessThanOrEqual(s.conversions);
        expect(iv.totalConversionsHi).toBeGreaterThanOrEqual(s.conversions);
      }
    }
    const again = attributeBySegment(store, options);
    expect(again.segments[1].intervals!.shares[3].differenceLo).toEqual(r.segments[1].intervals!.shares[3].differenceLo);
    expect(again.all.intervals!.models[0].conversionsLo).toEqual(r.all.intervals!.models[0].conversionsLo);
  });

  it('with one segment, every difference is exactly 0 (inconclusive)', () => {
    const one = attributeBySegment(store, { ...options, segments: segmentationFromIds(store, new Int32Array(store.pathCount), ['all']) });
    for (const sh of one.segments[0].intervals!.shares) {
      expect(Array.from(sh.differenceLo)).toEqual([0, 0]);
      expect(Array.from(sh.differenceHi)).toEqual([0, 0]);
      expect(sh.verdict).toEqual(['inconclusive', 'inconclusive']);
    }
  });

  it('writes the interval and comparison columns', () => {
    const names = segmentColumns(r).map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['linear_conversions_lo', 'linear_share', 'linear_share_diff_lo', 'linear_share_diff_hi', 'linear_vs_all', 'markov_removal_effect_lo']));
    const flat = segmentFlatRows(r);
    const xa = flat.find((row) => row.segment === 'x' && row.channel === 'a')!;
    expect(xa.linear_vs_all).toBe('higher');
    const allA = flat.find((row) => row.segment === null && row.channel === 'a')!;
    expect(allA.linear_vs_all).toBeNull();
    expect(allA.linear_share).toBeCloseTo(r.all.credits[1].conversions[0] / 150, 12);
  });
});
