/**
 * The benchmark suite. `npm run bench` runs 1e5 and 1e6 journeys (about a
 * minute); `npm run bench -- 1e7` runs the big one (10 M journeys, 40 M touches).
 * `--skip-csv` and `--skip-cli` leave out the file-based steps.
 *
 * Every table prints, measured in the same run, the floor (a plain summing
 * pass over the same touch array) and each step's ratio to it, and a naive
 * baseline (per-path string split and Map) with the speed-up over it.
 * Figures are medians of several runs; peak memory is measured in child
 * processes. Nothing here runs in the test suite.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableToIPC } from 'apache-arrow';
import {
  TransitionCounter,
  firstTouch,
  fromArrowPaths,
  fromArrowTouchpoints,
  lastNonDirect,
  lastTouch,
  linear,
  markov,
  markovAsync,
  parallelAvailable,
  positionBased,
  readCsvTouchpoints,
  timeDecay,
  transitionColumns,
} from '../src/index.js';
import { generateJourneys } from './lib/generate.js';
import { floorPass, median, medianAsync, printTable } from './lib/measure.js';
import { naiveEncode, naiveLinear, naiveTransitions } from './lib/naive.js';
import { pathTable, touchpointTable } from './lib/to-arrow.js';
import { writeTouchpointCsv } from './lib/to-csv.js';

const args = process.argv.slice(2);
const sizeArg = args.find((a) => !a.startsWith('--'));
const sizes = sizeArg ? [Number(sizeArg)] : [1e5, 1e6];
const skipCsv = args.includes('--skip-csv');
const skipCli = args.includes('--skip-cli');
const dataDir = join(import.meta.dirname, 'data');
mkdirSync(dataDir, { recursive: true });

const mtps = (count: number, ms: number) => `${(count / ms / 1e3).toFixed(1)} M/s`;

console.log(`pathcredit benchmarks: node ${process.version}, ${new Date().toISOString()}`);
if (!parallelAvailable()) console.log('(worker threads need the build: run `npm run build` first; the 2-thread row then counts on one thread)');
for (const size of sizes) await benchSize(size);

async function benchSize(journeys: number): Promise<void> {
  const runs = journeys >= 1e7 ? 3 : 5;
  const data = generateJourneys(journeys, 12, 1);
  const pathT = pathTable(data);
  const touchT = touchpointTable(data);
  const touches = data.touches;
  console.log(`\n## ${journeys.toExponential(0)} journeys, ${touches.toLocaleString('en-US')} touches, 12 channels`);

  const store = fromArrowPaths(pathT);
  const floor = median(() => floorPass(store.touches), 9).ms;
  const row = (name: string, ms: number, throughput: string, naive = '') => [name, ms, ms / floor, throughput, naive];

  // Encoding. Naive baselines run last: their millions of JS strings would
  // slow every garbage collection of the steps timed after them.
  const encPaths = median(() => fromArrowPaths(pathT), runs);
  const encTouch = median(() => fromArrowTouchpoints(touchT), runs);
  const tstore = encTouch.result;
  const shuffled = touchpointTable(data, 99);
  const encShuffled = median(() => fromArrowTouchpoints(shuffled), runs);
  printTable(
    'Encoding (Arrow in memory -> path store)',
    ['step', 'median ms', 'x floor', 'throughput', ''],
    [
      row('floor: sum over the touch array', floor, mtps(touches, floor)),
      row('Arrow path layout (List<Dictionary<Utf8>>)', encPaths.ms, mtps(touches, encPaths.ms) + ' touches'),
      row('Arrow touchpoints, grouped + time-ordered', encTouch.ms, mtps(touches, encTouch.ms) + ' rows'),
      row('Arrow touchpoints, shuffled rows', encShuffled.ms, mtps(touches, encShuffled.ms) + ' rows'),
    ],
  );

  // Models.
  const models: [string, () => unknown][] = [
    ['first touch', () => firstTouch(store)],
    ['last touch', () => lastTouch(store)],
    ['last non-direct', () => lastNonDirect(store, { direct: ['Direct'] })],
    ['linear', () => linear(store)],
    ['position-based (U)', () => positionBased(store)],
    ['time decay (7d, touchpoint store)', () => timeDecay(tstore)],
    ['transition matrix, order 1', () => transitionColumns(new TransitionCounter({ order: 1 }).add(store))],
    ['Markov order 1 (counts, solve, removal, credits)', () => markov(store, { order: 1 })],
    ['Markov order 3', () => markov(store, { order: 3 })],
  ];
  const modelMs = new Map<string, number>();
  const modelRows = models.map(([name, fn]) => {
    const ms = median(fn, runs).ms;
    modelMs.set(name, ms);
    return row(name, ms, mtps(touches, ms) + ' touches');
  });
  const parallel = await medianAsync(() => markovAsync(store, { order: 1, threads: 2, minTouches: 0 }), runs);
  modelRows.splice(8, 0, row('Markov order 1, counting on 2 worker threads', parallel.ms, mtps(touches, parallel.ms) + ' touches'));
  const m1 = markov(store, { order: 1 });
  const m3 = markov(store, { order: 3 });
  printTable('Models (path store -> credits)', ['step', 'median ms', 'x floor', 'throughput', ''], [
    row('floor: sum over the touch array', floor, mtps(touches, floor)),
    ...modelRows,
  ]);

  // The naive baselines, last (see above): path strings, split per path, Maps keyed by name.
  let pathStrings: string[] | null = new Array(store.pathCount);
  for (let p = 0; p < store.pathCount; p++) {
    const names: string[] = [];
    for (let k = store.offsets[p]; k < store.offsets[p + 1]; k++) names.push(store.channels[store.touches[k]]);
    pathStrings[p] = names.join(' > ');
  }
  const naiveRuns = Math.min(runs, 3);
  const strings = pathStrings;
  const naiveEnc = median(() => naiveEncode(strings), naiveRuns).ms;
  const naiveLin = median(() => naiveLinear(strings, store.conversions), naiveRuns).ms;
  const naiveTr = median(() => naiveTransitions(strings, store.conversions, store.nulls), naiveRuns).ms;
  pathStrings = null;
  const speedup = (naive: number, ms: number) => `${(naive / ms).toFixed(0)}x faster than naive`;
  printTable('Naive baselines (per path: string split and a Map keyed by channel name)', ['step', 'median ms', 'x floor', 'throughput', 'ours vs naive'], [
    row('naive encoding (split + Map of names)', naiveEnc, mtps(touches, naiveEnc) + ' touches', speedup(naiveEnc, encPaths.ms) + ' (Arrow path layout)'),
    row('naive linear', naiveLin, mtps(touches, naiveLin) + ' touches', speedup(naiveLin, modelMs.get('linear')!)),
    row('naive transition counts', naiveTr, mtps(touches, naiveTr) + ' touches', speedup(naiveTr, modelMs.get('transition matrix, order 1')!)),
  ]);
  console.log(`Markov order 1: ${m1.stateCount} states, solver ${m1.solver.method}, ${m1.solver.iterations} iterations, residual ${m1.solver.residual.toExponential(1)}`);
  console.log(`Markov order 3: ${m3.stateCount} states, solver ${m3.solver.method}, ${m3.solver.iterations} iterations, residual ${m3.solver.residual.toExponential(1)}`);

  // Files: CSV ingest, Arrow IPC, peak memory and the CLI, in child processes.
  const csvFile = join(dataDir, `touchpoints-${journeys}.csv`);
  const arrowFile = join(dataDir, `paths-${journeys}.arrow`);
  if (!existsSync(arrowFile)) writeFileSync(arrowFile, tableToIPC(pathT, 'file'));
  const fileRows: (string | number)[][] = [];
  if (!skipCsv) {
    if (!existsSync(csvFile)) await writeTouchpointCsv(data, csvFile);
    const mb = statSync(csvFile).size / 1e6;
    const csv = await medianAsync(() => readCsvTouchpoints(csvFile), journeys >= 1e7 ? 1 : 3);
    fileRows.push(row(`CSV touchpoints -> store (${mb.toFixed(0)} MB, quoted names, ISO times)`, csv.ms, mtps(touches, csv.ms) + ' rows'));
  }
  const peak = child(['--import', './bench/lib/report-rss.mjs', 'bench/lib/peak-paths.mjs', arrowFile]);
  fileRows.push([`Arrow IPC path file -> 6 models incl. Markov (child process)`, peak.ms, peak.ms / floor, `peak ${peak.rss.toFixed(0)} MB`, '']);
  if (!skipCli && !skipCsv) {
    const cli = child(['--import', './bench/lib/report-rss.mjs', 'dist/cli/main.js', 'attribute', csvFile, '--out', join(dataDir, 'cli-out.csv')]);
    fileRows.push([`CLI: attribute <csv> (all 7 models)`, cli.ms, cli.ms / floor, `peak ${cli.rss.toFixed(0)} MB`, '']);
  }
  printTable('Files and end to end (wall time, peak memory)', ['step', 'ms', 'x floor', 'throughput / memory', ''], fileRows);
}

/** Runs node with `args` from the project root; returns wall time and the child's peak RSS. */
function child(args: string[]): { ms: number; rss: number } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: join(import.meta.dirname, '..'), encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`child failed: node ${args.join(' ')}\n${r.stderr}`);
  const rss = Number(/__PEAK_RSS_MB__=([\d.]+)/.exec(r.stderr)?.[1] ?? NaN);
  return { ms, rss };
}
