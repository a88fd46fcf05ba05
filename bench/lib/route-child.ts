/**
 * In-process steps of bench/read-routes.ts, each in a child process of its
 * own so its peak memory is its own. Prints one line of results.
 *
 *   arrow-shuffled <journeys> <runs>   fromArrowTouchpoints on grouped and on shuffled rows
 *   threads <journeys> <runs>          Markov counting and the whole model, orders 1 and 3, on 1 and 2 threads
 */
import { countTransitionsParallel, fromArrowPaths, fromArrowTouchpoints, markovAsync, shareStore } from '../../src/index.js';
import { generateJourneys } from './generate.js';
import { median, medianAsync } from './measure.js';
import { pathTable, touchpointTable } from './to-arrow.js';

const [step, journeysArg, runsArg] = process.argv.slice(2);
const journeys = Number(journeysArg);
const runs = Number(runsArg ?? 3);
const data = generateJourneys(journeys, 12, 1);
const rate = (ms: number) => `${(data.touches / ms / 1e3).toFixed(2)} M rows/s`;

if (step === 'arrow-shuffled') {
  const groupedTable = touchpointTable(data);
  const g = median(() => fromArrowTouchpoints(groupedTable), runs).ms;
  const shuffledTable = touchpointTable(data, 99);
  const s = median(() => fromArrowTouchpoints(shuffledTable), runs).ms;
  console.log(`${data.touches.toLocaleString('en-US')} rows: grouped + time-ordered ${g.toFixed(0)} ms = ${rate(g)}; shuffled ${s.toFixed(0)} ms = ${rate(s)}`);
} else if (step === 'threads') {
  // A store on shared memory, as the CSV readers build it (an Arrow view is copied once here).
  const store = shareStore(fromArrowPaths(pathTable(data)));
  const parts: string[] = [];
  for (const order of [1, 3]) {
    const count1 = await medianAsync(() => countTransitionsParallel(store, { order, threads: 1 }), runs);
    const count2 = await medianAsync(() => countTransitionsParallel(store, { order, threads: 2 }), runs);
    const one = await medianAsync(() => markovAsync(store, { order, threads: 1 }), runs);
    const two = await medianAsync(() => markovAsync(store, { order, threads: 2 }), runs);
    parts.push(
      `order ${order}: counting ${count1.ms.toFixed(0)} ms on 1 thread, ${count2.ms.toFixed(0)} ms on 2 (${(count1.ms / count2.ms).toFixed(2)}x); ` +
        `whole Markov ${one.ms.toFixed(0)} ms vs ${two.ms.toFixed(0)} ms (${(one.ms / two.ms).toFixed(2)}x)`,
    );
  }
  console.log(parts.join('\n'));
} else throw new Error(`unknown step ${step}`);
