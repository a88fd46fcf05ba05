// Child process of the benchmark: read an Arrow IPC path table from disk,
// encode it and run every heuristic model and Markov order 1, using the built
// package. Run with `node --import ./bench/lib/report-rss.mjs` to get peak memory.
import { readFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';
import { attribute, fromArrowPaths } from '../../dist/index.js';

const table = tableFromIPC(readFileSync(process.argv[2]));
const store = fromArrowPaths(table);
const { table: result } = attribute(store, { models: ['first_touch', 'last_touch', 'last_non_direct', 'linear', 'position_based', 'markov'] });
process.stdout.write(`${result.channels.length} channels, total ${result.totals.conversions.markov}\n`);
