// Rolling windows: a hand-computed fixture, every window equal to a full recompute of its
// paths (all models, fast-check), incremental and merged accumulators equal to one pass,
// the dating rule, and the errors.
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attribute, attributeWindows, DailyAccumulators, fromPathRows, readCsv, windowRows, type ModelName, type PathStore } from '../src/index.js';
import { selectPaths as gatherPaths } from '../src/windows/select-paths.js';

const DAY = 86_400_000;
const d = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const csv = (text: string) => readCsv(Readable.from([text]));

// u1 converts on 03-01 (touches 02-27, 03-01), u2 on 03-02, u3 never (last touch 03-03), u4 on 03-03.
const EVENTS = `journey_id,timestamp,channel,conversions,value
u1,2024-02-27T10:00:00Z,search,0,0
u1,2024-03-01T09:00:00Z,email,1,10
u2,2024-03-01T23:00:00Z,social,0,0
u2,2024-03-02T01:00:00Z,search,1,20
u3,2024-03-02T12:00:00Z,social,0,0
u3,2024-03-03T12:00:00Z,email,0,0
u4,2024-03-03T08:00:00Z,search,2,40
`;

describe('hand-computed windows (2 days, step 1 day)', () => {
  it('dates converting paths by conversion, null paths by last touch, and sums their days', async () => {
    const store = await csv(EVENTS);
    const r = attributeWindows(store, { window: '2d', models: ['first_touch', 'linear'] });
    expect(r.windows.map((w) => [w.start, w.end])).toEqual([
      ['2024-03-01', '2024-03-02'],
      ['2024-03-02', '2024-03-03'],
    ]);
    expect(r.datedBy).toEqual({ conversionTime: 3, lastTouch: 1 });
    const rows = windowRows(r);
    const get = (end: string, model: string, channel: string) => rows.find((x) => x.window_end === end && x.model === model && x.channel === channel)!;
    // Window ending 03-02: u1 (search > email, 1 conversion) and u2 (social > search, 1).
    expect(get('2024-03-02', 'first_touch', 'search').conversions).toBe(1);
    expect(get('2024-03-02', 'first_touch', 'social').conversions).toBe(1);
    expect(get('2024-03-02', 'linear', 'search').conversions).toBe(1);
    expect(get('2024-03-02', 'linear', 'email').value).toBe(5);
    // Window ending 03-03: u2 and u4 (search, 2 conversions, 40); u3 is a null path dated 03-03.
    expect(get('2024-03-03', 'linear', 'search').conversions).toBe(2.5);
    expect(get('2024-03-03', 'linear', 'search').value).toBe(50);
    expect(get('2024-03-03', 'first_touch', 'email').conversions).toBe(0);
    expect(r.windows[1].journeys).toBe(4); // conversions + nulls: 1 + 2 + u3's null
    expect(r.windows[1].conversions).toBe(3);
    expect(rows.length).toBe(2 * 2 * 3); // windows x models x channels, zeros included
  });

  it('dates an event-export conversion by its own time, not by the last touch (a purchase after midnight UTC)', async () => {
    // u1's last touch is on 03-01 at 23:30, its purchase event on 03-02 at 00:10: the day is 03-02.
    const store = await readCsv(
      Readable.from([
        `journey_id,timestamp,channel,event_name,value
u1,2024-03-01T10:00:00Z,search,page_view,
u1,2024-03-01T23:30:00Z,email,page_view,
u1,2024-03-02T00:10:00Z,,purchase,25
u2,2024-03-01T12:00:00Z,social,page_view,
u2,2024-03-01T13:00:00Z,social,purchase,5
`,
      ]),
      { conversionEvents: ['purchase'] },
    );
    const r = attributeWindows(store, { window: '1d', models: ['last_touch'] });
    expect(r.windows.map((w) => [w.end, w.conversions])).toEqual([
      ['2024-03-01', 1],
      ['2024-03-02', 1],
    ]);
    const rows = windowRows(r);
    expect(rows.find((x) => x.window_end === '2024-03-02' && x.channel === 'email')!.value).toBe(25);
    expect(rows.find((x) => x.window_end === '2024-03-01' && x.channel === 'email')!.conversions).toBe(0);
    expect(r.datedBy).toEqual({ conversionTime: 2, lastTouch: 0 });
  });

  it('counts the journeys and conversions that fall in no window', async () => {
    const store = await csv(EVENTS);
    // One 1-day window ending 03-02: u1 (03-01, 1 conversion), u3 (a null) and u4 (03-03, 2
    // conversions) are outside it; journeys count as windows count them, conversions + nulls.
    const r = attributeWindows(store, { window: '1d', end: '2024-03-02', count: 1, models: ['last_touch'] });
    expect(r.windows.map((w) => w.end)).toEqual(['2024-03-02']);
    expect(r.outside).toEqual({ days: 2, journeys: 4, conversions: 3 });
    const all = attributeWindows(store, { window: '3d', models: ['last_touch'] });
    expect(all.outside).toEqual({ days: 0, journeys: 0, conversions: 0 });
    expect(() => attributeWindows(store, { window: '1d', end: '2024-01-01' })).toThrow(/end 2024-01-01 is before the first day with data, 2024-03-01/);
    expect(attributeWindows(store, { window: '2', models: ['last_touch'] }).windowDays).toBe(2);
  });

  it('takes the step, an end date and partial windows', async () => {
    const store = await csv(EVENTS);
    const weekly = attributeWindows(store, { window: '1d', step: '2d', models: ['last_touch'] });
    expect(weekly.windows.map((w) => w.end)).toEqual(['2024-03-01', '2024-03-03']);
    expect(attributeWindows(store, { window: '1d', count: 1, models: ['last_touch'] }).windows.map((w) => w.end)).toEqual(['2024-03-03']);
    const ended = attributeWindows(store, { window: '1d', end: '2024-03-02', models: ['last_touch'] });
    expect(ended.windows.map((w) => w.end)).toEqual(['2024-03-01', '2024-03-02']);
    const partial = attributeWindows(store, { window: '3d', partial: true, models: ['last_touch'] });
    expect(partial.windows.map((w) => [w.start, w.end, w.daysWithData])).toEqual([
      ['2024-02-28', '2024-03-01', 1],
      ['2024-02-29', '2024-03-02', 2],
      ['2024-03-01', '2024-03-03', 3],
    ]);
  });

  it('refuses what it cannot do, naming why', async () => {
    const store = await csv(EVENTS);
    expect(() => attributeWindows(fromPathRows([{ path: 'a', conversions: 1 }]), { window: '1d' })).toThrow(/rolling windows need times/);
    expect(() => attributeWindows(store, { window: '36h' })).toThrow(/window must be a whole number of days/);
    expect(() => attributeWindows(store, { window: '1d', step: '0d' })).toThrow();
    expect(() => attributeWindows(store, { window: '5d' })).toThrow(/no 5-day window fits: the data from 2024-03-01 to 2024-03-03 spans 3 days/);
    expect(() => attributeWindows(store, { window: '1d', end: 'yesterday' })).toThrow(/ISO date/);
    expect(() => attributeWindows(store, { window: '1d', count: 0 })).toThrow(/count must be an integer >= 1/);
    expect(() => attributeWindows(store, { window: '1d', intervals: true } as never)).toThrow(/do not offer intervals/);
    expect(() => new DailyAccumulators({ models: ['nope' as ModelName] })).toThrow(/unknown model/);
  });
});

const MODELS: ModelName[] = ['first_touch', 'last_touch', 'last_non_direct', 'linear', 'position_based', 'time_decay', 'markov', 'shapley', 'shapley_rate', 'leave_one_out'];

/** The paths a window holds, as a store of their own: what a full recompute would attribute. */
function windowStore(store: PathStore, first: string, last: string): PathStore {
  const lo = d(first);
  const hi = d(last) + DAY;
  const keep: number[] = [];
  for (let p = 0; p < store.pathCount; p++) {
    const conv = store.conversionTimes![p];
    const t = store.conversions[p] > 0 && Number.isFinite(conv) ? conv : store.times![store.offsets[p + 1] - 1];
    if (t >= lo && t < hi) keep.push(p);
  }
  return gatherPaths(store, Int32Array.from(keep));
}

describe('properties (fast-check, fixed seeds)', () => {
  const journeys = fc.array(
    fc.record({
      touches: fc.array(fc.record({ channel: fc.constantFrom('a', 'b', 'c', 'Direct'), hour: fc.integer({ min: 0, max: 24 * 9 }) }), { minLength: 1, maxLength: 5 }),
      converts: fc.boolean(),
      value: fc.integer({ min: 1, max: 90 }),
    }),
    { minLength: 2, maxLength: 30 },
  );
  const toCsv = (js: { touches: { channel: string; hour: number }[]; converts: boolean; value: number }[]) =>
    'journey_id,timestamp,channel,conversions,value\n' +
    js
      .flatMap((j, i) => {
        const ts = j.touches.map((t) => t.hour).sort((x, y) => x - y);
        return j.touches.map((t, k) => `j${i},${new Date(d('2024-05-01') + ts[k] * 3_600_000).toISOString()},${t.channel},${j.converts && k === ts.length - 1 ? 1 : 0},${j.converts && k === ts.length - 1 ? j.value : 0}`);
      })
      .join('\n') +
    '\n';

  it('every window equals a full recompute of its paths, for every model', async () => {
    await fc.assert(
      fc.asyncProperty(journeys, fc.integer({ min: 1, max: 4 }), async (js, windowDays) => {
        const store = await csv(toCsv(js));
        let r;
        try {
          r = attributeWindows(store, { window: `${windowDays}d`, partial: true, models: MODELS });
        } catch (e) {
          expect(String(e)).toMatch(/no \d+-day window fits/);
          return;
        }
        for (const w of r.windows) {
          const sub = windowStore(store, w.start, w.end);
          const convs = Array.from(sub.conversions).reduce((a, b) => a + b, 0);
          if (!(convs > 0)) {
            for (const c of w.credits) expect(c.conversions.every((x) => x === 0)).toBe(true);
            continue;
          }
          const full = attribute(sub, { models: MODELS });
          full.credits.forEach((c, m) => {
            const got = w.credits[m];
            expect(got.model).toBe(c.model);
            c.channels.forEach((name, i) => {
              const j = r.channels.indexOf(name);
              expect(Math.abs(got.conversions[j] - c.conversions[i])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(c.conversions[i])));
              expect(Math.abs(got.value[j] - c.value[i])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(c.value[i])));
            });
            expect(got.totalConversions).toBeCloseTo(c.totalConversions, 9);
          });
        }
      }),
      { seed: 31, numRuns: 40 },
    );
  });

  it('adding day by day, or merging two halves, equals one pass', async () => {
    await fc.assert(
      fc.asyncProperty(journeys, async (js) => {
        const store = await csv(toCsv(js));
        const models: ModelName[] = ['linear', 'time_decay', 'markov', 'leave_one_out'];
        const whole = new DailyAccumulators({ models }).add(store).windows({ window: '2d', partial: true });
        const half = store.pathCount >> 1;
        const idx = (a: number, b: number) => Int32Array.from({ length: b - a }, (_, i) => a + i);
        const merged = new DailyAccumulators({ models })
          .add(gatherPaths(store, idx(0, half)))
          .merge(new DailyAccumulators({ models }).add(gatherPaths(store, idx(half, store.pathCount))))
          .windows({ window: '2d', partial: true });
        expect(merged.windows.map((w) => w.end)).toEqual(whole.windows.map((w) => w.end));
        whole.windows.forEach((w, k) =>
          w.credits.forEach((c, m) =>
            c.channels.forEach((name, i) => {
              const j = merged.channels.indexOf(name);
              expect(Math.abs(merged.windows[k].credits[m].conversions[j] - c.conversions[i])).toBeLessThanOrEqual(1e-9);
            }),
          ),
        );
      }),
      { seed: 32, numRuns: 30 },
    );
  });
});
