/**
 * Cost of bootstrap intervals and of the Shapley family (not part of the test suite).
 *
 *   npx tsx bench/intervals.ts            # 1e6 journeys
 *   npx tsx bench/intervals.ts 1e7        # 10 M journeys
 *   npx tsx bench/intervals.ts 1e6 --replicates 200 --skip-all-models
 *
 * Data: bench/lib/generate.ts (seeded, 12 channels, one path row per journey, as a
 * warehouse export without aggregation). Every table prints the floor (a plain
 * summing pass over the same touches) and ratios. Medians of several runs; the
 * machine is shared, so compare rows of one run.
 *
 * Rows:
 * - Markov order 1 fit (count + solve) on the store as given and on its distinct paths;
 * - one Markov order-1 replicate: Poisson redraw of every distinct path, recount of the
 *   transitions over the stored state encoding, and the solve; the target is <= 1.5x one fit;
 * - B replicates of Markov alone and of every model, on 1 and 2 worker threads;
 * - the Shapley family's point estimates against linear.
 */
import { availableParallelism } from 'node:os';
import {
  attribute,
  attributeAsync,
  fromArrowPaths,
  leaveOneOut,
  linear,
  markov,
  parallelAvailable,
  shapley,
  shapleyRate,
  type ModelName,
} from '../src/index.js';
import { unitsFor } from '../src/uncertainty/bootstrap.js';
import { Replicator } from '../src/uncertainty/replicate.js';
import { ReplicateModels } from '../src/uncertainty/replicate-models.js';
import { generateJourneys } from './lib/generate.js';
import { floorPass, median, peakRssMb, printTable } from './lib/measure.js';
import { pathTable } from './lib/to-arrow.js';

const args = process.argv.slice(2);
const size = Number(args.find((a) => !a.startsWith('--')) ?? 1e6);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const B = flag('--replicates', 200);
const skipAll = args.includes('--skip-all-models');
const runs = size >= 1e7 ? 3 : 5;
// Fits and replicates are short: more runs, so the medians reflect optimised code.
const shortRuns = size >= 1e7 ? 9 : 21;

console.log(`pathcredit intervals benchmark: node ${process.version}, ${new Date().toISOString()}, ${availableParallelism()} cores`);
if (!parallelAvailable()) console.log('(worker threads need the build: run `npm run build` first)');
const data = generateJourneys(size, 12, 1);
const store = fromArrowPaths(pathTable(data));
const touches = store.offsets[store.pathCount];
const units = unitsFor(store, ['markov']);
const unitTouches = units.store.offsets[units.store.pathCount];
console.log(`\n## ${size.toExponential(0)} journeys: ${touches.toLocaleString('en-US')} touches; ${units.store.pathCount.toLocaleString('en-US')} distinct paths (${unitTouches.toLocaleString('en-US')} touches)`);

const floor = median(() => floorPass(store.touches), 9).ms;
const floorUnits = median(() => floorPass(units.store.touches.subarray(0, unitTouches)), 9).ms;

// One fit on the store as given, and on the distinct paths (the same store a replicate sees).
const fitRaw = median(() => markov(store), shortRuns).ms;
const fitUnits = median(() => markov(units.store), shortRuns).ms;
const unitsBuild = median(() => unitsFor(store, ['markov']), runs).ms;
const markovRunner = new ReplicateModels(units.store, ['markov'], {});
const replicator = new Replicator(units, 1);
const row = new Float64Array(markovRunner.layout.width);
const degenerate = new Int32Array(1);
let b = 0;
const draw = median(() => replicator.draw(b++), shortRuns).ms;
const rep = replicator.draw(0);
const recountSolve = median(() => markovRunner.run(rep, row, degenerate), shortRuns).ms;
b = 0;
const replicate = median(() => markovRunner.run(replicator.draw(b++), row, degenerate), shortRuns).ms;
printTable(
  'Markov order 1: one fit vs one bootstrap replicate',
  ['step', 'median ms', 'x floor', 'x fit (distinct paths)', 'x fit (store as given)'],
  [
    ['floor: sum over the store touches', floor, 1, '', ''],
    ['floor: sum over the distinct-path touches', floorUnits, floorUnits / floor, '', ''],
    ['fit on the store as given (count + solve)', fitRaw, fitRaw / floor, (fitRaw / fitUnits).toFixed(2), '1.00'],
    ['fit on the distinct paths', fitUnits, fitUnits / floor, '1.00', (fitUnits / fitRaw).toFixed(2)],
    ['once per run: distinct paths + content keys', unitsBuild, unitsBuild / floor, '', ''],
    ['replicate: Poisson redraw of every path', draw, draw / floor, (draw / fitUnits).toFixed(2), (draw / fitRaw).toFixed(2)],
    ['replicate: recount + solve', recountSolve, recountSolve / floor, (recountSolve / fitUnits).toFixed(2), (recountSolve / fitRaw).toFixed(2)],
    ['one replicate (redraw + recount + solve)', replicate, replicate / floor, (replicate / fitUnits).toFixed(2), (replicate / fitRaw).toFixed(2)],
  ],
);

// Whole interval runs: B replicates, 1 and 2 threads (bit-identical results). These are long, so
// each is timed once (after the warm-up of everything above), not as a median.
const timeIntervals = async (models: ModelName[], threads: number) => {
  const t0 = performance.now();
  await attributeAsync(store, { models, intervals: { replicates: B, threads } });
  return performance.now() - t0;
};
const point = (models: ModelName[]) => median(() => attribute(store, { models }), 1).ms;
const intervalRows: (string | number)[][] = [];
const markovPoint = point(['markov']);
const markovOne = await timeIntervals(['markov'], 1);
const markovTwo = await timeIntervals(['markov'], 2);
intervalRows.push(
  ['markov: point estimate', markovPoint, markovPoint / floor, ''],
  [`markov: point + ${B} replicates, 1 thread`, markovOne, markovOne / floor, `${((markovOne - markovPoint) / B).toFixed(1)} ms per replicate`],
  [`markov: point + ${B} replicates, 2 threads`, markovTwo, markovTwo / floor, `${(markovOne / markovTwo).toFixed(2)}x faster than 1 thread`],
);
if (!skipAll) {
  const all: ModelName[] = ['first_touch', 'last_touch', 'last_non_direct', 'linear', 'position_based', 'markov', 'shapley', 'shapley_rate', 'leave_one_out'];
  const allPoint = point(all);
  const allTwo = await timeIntervals(all, 2);
  intervalRows.push(
    ['9 models: point estimates', allPoint, allPoint / floor, ''],
    [`9 models: point + ${B} replicates, 2 threads`, allTwo, allTwo / floor, `${((allTwo - allPoint) / B).toFixed(1)} ms per replicate (wall, 2 threads)`],
  );
}
printTable(`Intervals (B = ${B}, level 0.9)`, ['step', 'ms', 'x floor', ''], intervalRows);

const lin = median(() => linear(store), runs).ms;
const sh = median(() => shapley(store), runs).ms;
const sr = median(() => shapleyRate(store), runs).ms;
const loo = median(() => leaveOneOut(store), runs).ms;
printTable(
  'The Shapley family (point estimates on the store as given)',
  ['model', 'median ms', 'x floor', 'x linear', 'throughput'],
  [
    ['floor: sum over the touches', floor, 1, '', ''],
    ['linear (baseline)', lin, lin / floor, '1.00', `${(touches / lin / 1e3).toFixed(1)} M touches/s`],
    ['shapley (simplified, Zhao et al.)', sh, sh / floor, (sh / lin).toFixed(2), `${(touches / sh / 1e3).toFixed(1)} M touches/s`],
    ['shapley_rate (exact, cap 16)', sr, sr / floor, (sr / lin).toFixed(2), `${(touches / sr / 1e3).toFixed(1)} M touches/s`],
    ['leave_one_out', loo, loo / floor, (loo / lin).toFixed(2), `${(touches / loo / 1e3).toFixed(1)} M touches/s`],
  ],
);
console.log(`\npeak RSS of this process: ${peakRssMb().toFixed(0)} MB`);
