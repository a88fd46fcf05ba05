/**
 * Cost of segments and journey flows (not part of the test suite).
 *
 *   npx tsx bench/segments.ts            # 1e6 journeys, 100 segments
 *   npx tsx bench/segments.ts 1e7        # 10 M journeys, 40 M touches, 100 segments
 *   npx tsx bench/segments.ts 1e7 --segments 100 --skip-memory
 *   npx tsx bench/segments.ts 1e6 --intervals 50   # also B = 50 bootstrap replicates, both ways
 *
 * Data: bench/lib/generate.ts (seeded, 12 channels, timestamps, one path per journey),
 * with a segment per journey drawn from a Zipf law over the segments (the largest about
 * a fifth of the journeys, the smallest a few hundredth of a percent), as an attribute column.
 *
 * Rows (medians; the baseline and the segmented run alternate, so both see the same load):
 * - the floor (a plain summing pass over the touches) and one unsegmented run of the six
 *   heuristics (`attribute`, with its diagnostics): the baseline of the target;
 * - the same run per segment (`attributeBySegment`), with the parts it adds; target <= 2x;
 * - Markov on all journeys against a chain per segment (plus the all-segments chain) at 10,
 *   100 and 1000 segments: the cost should follow the journeys, not the number of chains;
 * - the journey map (`journeyFlows`, 6 steps, with its medians), without and with segments;
 * - checks: three segments against the same models run on a store filtered to them by a plain
 *   loop here, and the sums of the additive models against the unsegmented run;
 * - peak memory of each run in a child process (`--child` mode).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import {
  attribute,
  attributeBySegment,
  journeyFlows,
  segmentation,
  segmentChannelView,
  type ModelName,
  type PathStore,
} from '../src/index.js';
import { generateJourneys, rng, zipfPicker } from './lib/generate.js';
import { floorPass, median, printTable } from './lib/measure.js';

const HEURISTICS: ModelName[] = ['first_touch', 'last_touch', 'last_non_direct', 'linear', 'position_based', 'time_decay'];

const args = process.argv.slice(2);
const size = Number(args.find((a) => !a.startsWith('--')) ?? 1e6);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const segmentCount = flag('--segments', 100);
const child = args.includes('--child') ? args[args.indexOf('--child') + 1] : undefined;
const runs = size >= 1e7 ? 5 : 9;

/** The generated journeys as a path store with times, and a Zipf-distributed segment per journey. */
function segmentedStore(journeys: number, segments: number): PathStore {
  const d = generateJourneys(journeys, 12, 1);
  const conversions = new Float64Array(journeys);
  const nulls = new Float64Array(journeys);
  for (let j = 0; j < journeys; j++) {
    if (d.converted[j]) conversions[j] = 1;
    else nulls[j] = 1;
  }
  const pick = zipfPicker(rng(99), segments);
  const path = new Int32Array(journeys);
  for (let j = 0; j < journeys; j++) path[j] = pick();
  return {
    channels: d.channelNames,
    pathCount: journeys,
    offsets: d.offsets,
    touches: Uint32Array.from(d.channel),
    times: d.time,
    conversionTimes: null,
    conversions,
    value: d.value,
    nulls,
    pathJourney: null,
    journeyIds: null,
    touchRows: null,
    attributes: [{ column: 'segment', names: Array.from({ length: segments }, (_, s) => `seg${String(s).padStart(4, '0')}`), touch: null, path }],
  };
}

/** A store with another segment column (the same journeys, `segments` Zipf segments). */
function withSegments(store: PathStore, segments: number): PathStore {
  const pick = zipfPicker(rng(7 + segments), segments);
  const path = Int32Array.from({ length: store.pathCount }, () => pick());
  return { ...store, attributes: [{ column: 'segment', names: Array.from({ length: segments }, (_, s) => `s${s}`), touch: null, path }] };
}

const segmentOptions = (models: ModelName[]) => ({ models, segments: { columns: ['segment'], maxSegments: 100_000 } });

if (child !== undefined) {
  // One run in a fresh process. The data is generated first; then the peak-RSS mark is reset
  // (Linux: writing 5 to /proc/self/clear_refs), so VmHWM afterwards is the peak of the run alone.
  const store = segmentedStore(size, segmentCount);
  (globalThis as { gc?: () => void }).gc?.();
  writeFileSync('/proc/self/clear_refs', '5');
  const before = statusMb('VmRSS');
  if (child === 'baseline') attribute(store, { models: HEURISTICS });
  else if (child === 'segmented') attributeBySegment(store, segmentOptions(HEURISTICS));
  else if (child === 'flows') journeyFlows(store, { segments: { columns: ['segment'] } });
  console.log(JSON.stringify({ before, peak: statusMb('VmHWM') }));
  process.exit(0);
}

/** A memory figure of this process from /proc/self/status, in MB. */
function statusMb(field: string): number {
  const kb = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  return Number(kb) / 1024;
}

console.log(`pathcredit segments benchmark: node ${process.version}, ${new Date().toISOString()}, ${availableParallelism()} cores`);
const store = segmentedStore(size, segmentCount);
const touches = store.offsets[store.pathCount];
const seg = segmentation(store, { columns: ['segment'], maxSegments: 100_000 });
const sizes = new Float64Array(segmentCount);
for (let p = 0; p < store.pathCount; p++) sizes[seg.pathSegment[p]]++;
const sorted = Array.from(sizes).sort((a, b) => b - a);
console.log(
  `\n## ${size.toExponential(0)} journeys, ${touches.toLocaleString('en-US')} touches, 12 channels, ${segmentCount} segments (largest ${sorted[0].toLocaleString('en-US')} journeys, smallest ${sorted.at(-1)!.toLocaleString('en-US')})`,
);

const floor = median(() => floorPass(store.touches), 9).ms;
// Alternate the two runs so both see the same machine load.
const base: number[] = [];
const segd: number[] = [];
let lastSeg: ReturnType<typeof attributeBySegment> | undefined;
let lastBase: ReturnType<typeof attribute> | undefined;
attribute(store, { models: HEURISTICS });
attributeBySegment(store, segmentOptions(HEURISTICS));
for (let i = 0; i < runs; i++) {
  let t = performance.now();
  lastBase = attribute(store, { models: HEURISTICS });
  base.push(performance.now() - t);
  t = performance.now();
  lastSeg = attributeBySegment(store, segmentOptions(HEURISTICS));
  segd.push(performance.now() - t);
}
const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const baseMs = med(base);
const segMs = med(segd);
const ids = median(() => segmentation(store, { columns: ['segment'], maxSegments: 100_000 }), runs).ms;
const view = median(() => segmentChannelView(store, seg), runs).ms;
const ratios = base.map((b, i) => segd[i] / b).sort((x, y) => x - y);
printTable(
  `Heuristics (${HEURISTICS.join(', ')}): one run against ${segmentCount} segments in one pass`,
  ['step', 'median ms', 'x floor', 'x unsegmented run'],
  [
    ['floor: sum over the touch array', floor, 1, ''],
    ['unsegmented run (attribute, with diagnostics)', baseMs, baseMs / floor, '1.00'],
    [`per segment (attributeBySegment, ${segmentCount} segments)`, segMs, segMs / floor, (segMs / baseMs).toFixed(2)],
    ['  of which: segment ids from the attribute column', ids, ids / floor, (ids / baseMs).toFixed(2)],
    ['  of which: (segment, channel) view of the touches', view, view / floor, (view / baseMs).toFixed(2)],
  ],
);
console.log(`ratio per alternating pair: min ${ratios[0].toFixed(2)}, median ${ratios[Math.floor(ratios.length / 2)].toFixed(2)}, max ${ratios.at(-1)!.toFixed(2)} (target <= 2)`);

// Checks at this size: segments against an independent filter, and additive sums against the whole.
function filtered(s: number): PathStore {
  const paths: number[] = [];
  for (let p = 0; p < store.pathCount; p++) if (store.attributes![0].path[p] === s) paths.push(p);
  const offsets = new Int32Array(paths.length + 1);
  const t: number[] = [];
  const tm: number[] = [];
  paths.forEach((p, i) => {
    for (let k = store.offsets[p]; k < store.offsets[p + 1]; k++) {
      t.push(store.touches[k]);
      tm.push(store.times![k]);
    }
    offsets[i + 1] = t.length;
  });
  return {
    ...store,
    pathCount: paths.length,
    offsets,
    touches: Uint32Array.from(t),
    times: Float64Array.from(tm),
    conversions: Float64Array.from(paths, (p) => store.conversions[p]),
    value: Float64Array.from(paths, (p) => store.value[p]),
    nulls: Float64Array.from(paths, (p) => store.nulls[p]),
    attributes: undefined,
  };
}
const order = Array.from(sizes.keys()).sort((a, b) => sizes[b] - sizes[a]);
let worstSegment = 0;
for (const s of [order[0], order[Math.floor(order.length / 2)], order.at(-1)!]) {
  const alone = attribute(filtered(s), { models: HEURISTICS });
  const label = store.attributes![0].names[s];
  const mine = lastSeg!.segments.find((x) => x.label === label)!;
  for (const [m, c] of alone.credits.entries()) {
    for (let ch = 0; ch < c.conversions.length; ch++) {
      worstSegment = Math.max(worstSegment, Math.abs(mine.credits[m].conversions[ch] - c.conversions[ch]) / Math.max(1, Math.abs(c.conversions[ch])));
    }
  }
}
let worstSum = 0;
for (const [m, c] of lastBase!.credits.entries()) {
  for (let ch = 0; ch < c.conversions.length; ch++) {
    const summed = lastSeg!.segments.reduce((a, s) => a + s.credits[m].conversions[ch], 0);
    worstSum = Math.max(worstSum, Math.abs(summed - c.conversions[ch]) / Math.max(1, Math.abs(c.conversions[ch])));
  }
}
console.log(`check: 3 segments (largest, median, smallest) vs the models on a store filtered to them: max relative difference ${worstSegment.toExponential(1)}`);
console.log(`check: sum over segments vs the unsegmented run, every heuristic and channel: max relative difference ${worstSum.toExponential(1)}`);

// Markov: one chain on all journeys against a chain per segment, at several segment counts.
const markovAll = median(() => attribute(store, { models: ['markov'] }), runs).ms;
const markovRows: (string | number)[][] = [['Markov order 1 on all journeys (attribute, with diagnostics)', markovAll, markovAll / floor, '1.00']];
for (const n of [10, 100, 1000]) {
  const s = n === segmentCount ? store : withSegments(store, n);
  const ms = median(() => attributeBySegment(s, segmentOptions(['markov'])), runs).ms;
  markovRows.push([`a chain per segment + the all-segments chain, ${n} segments`, ms, ms / floor, (ms / markovAll).toFixed(2)]);
}
printTable('Markov per segment', ['step', 'median ms', 'x floor', 'x one chain'], markovRows);

const intervalReplicates = flag('--intervals', 0);
if (intervalReplicates > 0) {
  const intervals = { replicates: intervalReplicates };
  const plain = median(() => attribute(store, { models: HEURISTICS, intervals }), 1).ms;
  const bySeg = median(() => attributeBySegment(store, { ...segmentOptions(HEURISTICS), intervals }), 1).ms;
  printTable(`Intervals (B = ${intervalReplicates}, one thread for the segments)`, ['step', 'ms (one run after a warm-up)', 'x unsegmented run with intervals'], [
    ['unsegmented run with intervals (attribute)', plain, '1.00'],
    [`per segment with intervals and the share comparison (${segmentCount} segments)`, bySeg, (bySeg / plain).toFixed(2)],
  ]);
}

const flowsAll = median(() => journeyFlows(store), Math.min(runs, 3)).ms;
const flowsSeg = median(() => journeyFlows(store, { segments: { columns: ['segment'] } }), Math.min(runs, 3)).ms;
const flowsNoTimes = median(() => journeyFlows(store, { times: false, topPaths: 0 }), Math.min(runs, 3)).ms;
printTable('Journey flows (6 steps)', ['step', 'median ms', 'x floor', 'x unsegmented heuristics run'], [
  ['journeyFlows: nodes, links, medians, top 10 paths, stalls', flowsAll, flowsAll / floor, (flowsAll / baseMs).toFixed(2)],
  [`journeyFlows with ${segmentCount} segments (and all journeys)`, flowsSeg, flowsSeg / floor, (flowsSeg / baseMs).toFixed(2)],
  ['journeyFlows without medians and top paths (as the report)', flowsNoTimes, flowsNoTimes / floor, (flowsNoTimes / baseMs).toFixed(2)],
]);

if (!args.includes('--skip-memory')) {
  const peak = (mode: string) => {
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', import.meta.filename, String(size), '--segments', String(segmentCount), '--child', mode], { encoding: 'utf8', maxBuffer: 1 << 20 });
    return JSON.parse(out.trim().split('\n').at(-1)!) as { before: number; peak: number };
  };
  const b = peak('baseline');
  const s = peak('segmented');
  const f = peak('flows');
  printTable('Peak memory of the run alone (child process; peak mark reset after the data is built)', ['run', 'peak RSS MB', 'RSS before the run MB', 'added by the run MB'], [
    ['unsegmented heuristics', b.peak, b.before, b.peak - b.before],
    [`heuristics per segment (${segmentCount})`, s.peak, s.before, s.peak - s.before],
    [`journeyFlows with ${segmentCount} segments`, f.peak, f.before, f.peak - f.before],
  ]);
}
