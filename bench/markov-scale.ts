/**
 * Scale benchmark of the Markov model on seeded random data (not part of the test suite).
 * Run: npx tsx bench/markov-scale.ts [--quick]
 *
 * Cases: order-1 transition counting over 4e7 touches (12 channels); 1,000 channels at
 * order 1 with 1e6 journeys; 12 channels at orders 1 to 4 with 2e6 journeys.
 * Channel popularity is Zipf-like (weight 1 / (rank + 1)), path lengths 1..8, about a
 * fifth of the journeys convert.
 */
import { PathStoreBuilder, TransitionCounter, markov, type PathStore } from '../src/index.js';
import { rng, zipfPicker } from './lib/generate.js';

/** Seeded random store: `journeys` paths over `channels` channels, mean length about `meanLength`. */
export function randomStore(channels: number, journeys: number, seed: number, meanLength = 4): PathStore {
  const rand = rng(seed);
  const pick = zipfPicker(rand, channels);
  const b = new PathStoreBuilder({ touchCapacity: journeys * meanLength, pathCapacity: journeys });
  for (let c = 0; c < channels; c++) b.dictionary.idOf(`ch${c}`);
  for (let j = 0; j < journeys; j++) {
    const len = 1 + Math.floor(rand() * (2 * meanLength - 1));
    let converting = 0.1;
    for (let i = 0; i < len; i++) {
      const c = pick();
      if (c % 5 === 0) converting += 0.05; // some channels convert better, so removal effects differ
      b.addTouch(c);
    }
    const conv = rand() < converting ? 1 : 0;
    b.endPath(conv, conv ? Math.round(rand() * 10000) / 100 : 0, 1 - conv);
  }
  return b.build();
}

function time<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const v = f();
  return [v, performance.now() - t0];
}

const quick = process.argv.includes('--quick');
const rows: string[][] = [['case', 'journeys', 'touches', 'states', 'transitions', 'method', 'sweeps', 'residual', 'count ms', 'total ms']];
const fmt = (ms: number): string => ms.toFixed(0);

{
  const store = randomStore(12, quick ? 1_000_000 : 10_000_000, 1, 4);
  const touches = store.offsets[store.pathCount];
  const [c, ms] = time(() => new TransitionCounter({ order: 1 }).add(store));
  rows.push(['count only, 12 ch, order 1', String(store.pathCount), String(touches), String(c.stateCount), String(c.transitionCount), '-', '-', '-', fmt(ms), fmt(ms)]);
}
{
  const store = randomStore(1000, quick ? 200_000 : 1_000_000, 2, 4);
  const touches = store.offsets[store.pathCount];
  const [, cms] = time(() => new TransitionCounter({ order: 1 }).add(store));
  const [r, ms] = time(() => markov(store, { order: 1 }));
  rows.push(['1000 ch, order 1', String(store.pathCount), String(touches), String(r.stateCount), String(r.transitionCount), r.solver.method, String(r.solver.iterations), r.solver.residual.toExponential(1), fmt(cms), fmt(ms)]);
}
{
  const store = randomStore(12, quick ? 200_000 : 2_000_000, 3, 4);
  const touches = store.offsets[store.pathCount];
  for (const order of [1, 2, 3, 4]) {
    for (const collapseRepeats of [false, true]) {
      const [, cms] = time(() => new TransitionCounter({ order, collapseRepeats }).add(store));
      const [r, ms] = time(() => markov(store, { order, collapseRepeats }));
      rows.push([
        `12 ch, order ${order}${collapseRepeats ? ', collapsed' : ''}`,
        String(store.pathCount),
        String(touches),
        String(r.stateCount),
        String(r.transitionCount),
        r.solver.method,
        String(r.solver.iterations),
        r.solver.residual.toExponential(1),
        fmt(cms),
        fmt(ms),
      ]);
    }
  }
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
for (const r of rows) console.log(r.map((v, i) => v.padStart(widths[i])).join('  '));
