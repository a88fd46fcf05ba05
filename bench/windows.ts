/**
 * Rolling windows: 90 daily windows of 28 days over N journeys (default 1e7)
 * spread over 117 days, the default models (first, last, last-non-direct
 * touch, linear, position-based, time decay, Markov order 1).
 *
 *   npx tsx bench/windows.ts            # 10 M journeys (about 4 GB of memory, a few minutes)
 *   npx tsx bench/windows.ts 1e6        # a quick run
 *
 * Prints, measured in the same run:
 * - the floor: one pass summing the touch array;
 * - one attribute() over the whole store (the cost of every journey once);
 * - attributeWindows: per-day accumulation (one pass) plus combining 90 windows;
 * - the baseline: a full recompute of each window's journeys (gather + attribute), 90 times;
 * - adding one more day to the accumulator and reading the newest window, against
 *   recomputing that window from its journeys.
 * and the peak resident memory of the process. Nothing here runs in the tests.
 */
import type { ModelName, PathStore } from '../src/index.js';
import { attribute, attributeWindows, DailyAccumulators } from '../src/index.js';
import { selectPaths as gatherPaths } from '../src/windows/select-paths.js';
import { generateJourneys } from './lib/generate.js';
import { floorPass, median, peakRssMb, printTable } from './lib/measure.js';

const DAY = 86_400_000;
const journeys = Number(process.argv.find((a, i) => i > 1 && !a.startsWith('--')) ?? 1e7);
const WINDOW = 28;
const WINDOWS = 90;
const SPAN = WINDOW + WINDOWS - 1;
const MODELS: ModelName[] = ['first_touch', 'last_touch', 'last_non_direct', 'linear', 'position_based', 'time_decay', 'markov'];

console.log(`rolling windows: node ${process.version}, ${new Date().toISOString()}, ${journeys.toExponential(0)} journeys over ${SPAN} days`);
// Journeys start over SPAN days; keeping those dated within the first SPAN days of data makes
// exactly WINDOWS full windows.
const generated = storeOf(generateJourneys(journeys, 12, 1, SPAN));
const genDay = pathDay(generated);
let firstDay = Infinity;
for (const d of genDay) if (d < firstDay) firstDay = d;
const store = gatherPaths(generated, pathsBetween(genDay, firstDay, firstDay + SPAN - 1));
console.log(`${store.pathCount.toLocaleString('en-US')} paths, ${store.touches.length.toLocaleString('en-US')} touches`);

const floor = median(() => floorPass(store.touches), 5).ms;
const whole = median(() => attribute(store, { models: MODELS }), 3).ms;

// Incremental: days accumulated once, then every window combined from its days.
let t0 = performance.now();
const acc = new DailyAccumulators({ models: MODELS }).add(store);
const accumulateMs = performance.now() - t0;
t0 = performance.now();
const windows = acc.windows({ window: `${WINDOW}d`, step: '1d' });
const combineMs = performance.now() - t0;
if (windows.windows.length !== WINDOWS) throw new Error(`expected ${WINDOWS} windows, got ${windows.windows.length}`);
const incrementalMs = accumulateMs + combineMs;
const check = median(() => attributeWindows(store, { window: `${WINDOW}d`, step: '1d', models: MODELS }), 1).ms;

// Baseline: each window's journeys gathered and attributed from scratch.
const day = pathDay(store);
let lastDay = -Infinity;
for (const d of day) if (d > lastDay) lastDay = d;
const ends = windows.windows.map((w) => Date.parse(`${w.end}T00:00:00Z`) / DAY);
t0 = performance.now();
let worst = 0;
for (const end of ends) {
  const sub = gatherPaths(store, pathsBetween(day, end - WINDOW + 1, end));
  const full = attribute(sub, { models: MODELS });
  // The two routes agree (Markov to its solver's 1e-9, the others to rounding).
  const w = windows.windows.find((x) => x.end === new Date(end * DAY).toISOString().slice(0, 10))!;
  full.credits.forEach((c, m) => c.channels.forEach((name, i) => (worst = Math.max(worst, Math.abs(c.conversions[i] - w.credits[m].conversions[windows.channels.indexOf(name)]) / Math.max(1, c.totalConversions)))));
}
const baselineMs = performance.now() - t0;

// One more day: the accumulator takes that day's journeys, then the newest window is read.
const newest = pathsBetween(day, lastDay, lastDay);
const before = pathsBetween(day, -Infinity, lastDay - 1);
const older = new DailyAccumulators({ models: MODELS }).add(gatherPaths(store, before));
const dayStore = gatherPaths(store, newest);
t0 = performance.now();
older.add(dayStore);
const addDayMs = performance.now() - t0;
t0 = performance.now();
older.windows({ window: `${WINDOW}d`, count: 1 });
const newestWindowMs = performance.now() - t0;
t0 = performance.now();
attribute(gatherPaths(store, pathsBetween(day, lastDay - WINDOW + 1, lastDay)), { models: MODELS });
const recomputeNewestMs = performance.now() - t0;

const row = (name: string, ms: number, note = '') => [name, ms, ms / floor, note];
printTable(
  `${WINDOWS} daily windows of ${WINDOW} days, models ${MODELS.join(', ')}`,
  ['step', 'ms', 'x floor', ''],
  [
    row('floor: sum over the touch array', floor),
    row('attribute() once over every journey', whole),
    row('windows: accumulate the days (one pass)', accumulateMs),
    row(`windows: combine ${windows.windows.length} windows from their days`, combineMs, `${(combineMs / windows.windows.length).toFixed(1)} ms per window`),
    row('windows: total (attributeWindows)', incrementalMs, `again end to end: ${check.toFixed(0)} ms`),
    row(`baseline: recompute each of ${WINDOWS} windows from its journeys`, baselineMs, `${(baselineMs / incrementalMs).toFixed(1)}x the windows' total`),
    row('add one more day to the accumulator', addDayMs, `${dayStore.pathCount.toLocaleString('en-US')} paths`),
    row('  then read the newest window', newestWindowMs),
    row('recompute the newest window from its journeys', recomputeNewestMs, `${(recomputeNewestMs / (addDayMs + newestWindowMs)).toFixed(1)}x adding the day`),
  ],
);
console.log(`largest difference between the routes: ${worst.toExponential(1)} of a window's conversions`);
console.log(`peak resident memory: ${peakRssMb().toFixed(0)} MB`);

function storeOf(d: ReturnType<typeof generateJourneys>): PathStore {
  const n = d.journeys;
  const conversions = new Float64Array(n);
  const nulls = new Float64Array(n);
  const conversionTimes = new Float64Array(n).fill(NaN);
  for (let j = 0; j < n; j++) {
    if (d.converted[j]) {
      conversions[j] = 1;
      conversionTimes[j] = d.time[d.offsets[j + 1] - 1];
    } else nulls[j] = 1;
  }
  return {
    channels: d.channelNames,
    pathCount: n,
    offsets: d.offsets,
    touches: Uint32Array.from(d.channel),
    times: d.time,
    conversionTimes,
    conversions,
    value: d.value,
    nulls,
    pathJourney: null,
    journeyIds: null,
    touchRows: null,
  };
}

function pathDay(s: PathStore): Int32Array {
  const out = new Int32Array(s.pathCount);
  for (let p = 0; p < s.pathCount; p++) {
    const t = s.conversions[p] > 0 ? s.conversionTimes![p] : s.times![s.offsets[p + 1] - 1];
    out[p] = Math.floor(t / DAY);
  }
  return out;
}

function pathsBetween(days: Int32Array, first: number, last: number): Int32Array {
  const out: number[] = [];
  for (let p = 0; p < days.length; p++) if (days[p] >= first && days[p] <= last) out.push(p);
  return Int32Array.from(out);
}
