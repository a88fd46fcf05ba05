// Prints the order-1 Markov table of the ChannelAttribution demo data as Markdown (pasted into docs/markov.md).
// Run: npx tsx bench/markov-peer-table.ts
import { fromPathRows, markov } from '../src/index.js';
import { loadPeerRows } from '../test/helpers/markov-reference.js';

const r = markov(fromPathRows(loadPeerRows()), { order: 1 });
const rows = r.credits.channels.map((c, i) => ({ c, re: r.removalEffects[i], rv: r.valueRemovalEffects[i], conv: r.credits.conversions[i], value: r.credits.value[i] }));
rows.sort((a, b) => (a.c < b.c ? -1 : 1));
console.log('| channel | removal effect | value removal effect | conversions | value |');
console.log('|---|---:|---:|---:|---:|');
for (const x of rows) console.log(`| ${x.c} | ${x.re.toFixed(6)} | ${x.rv.toFixed(6)} | ${x.conv.toFixed(2)} | ${x.value.toFixed(2)} |`);
console.log(`| **total** | | | ${rows.reduce((s, x) => s + x.conv, 0).toFixed(2)} | ${rows.reduce((s, x) => s + x.value, 0).toFixed(2)} |`);
console.log(`\nP = ${r.conversionProbability.toFixed(12)}, V = ${r.expectedValue.toFixed(10)}, states ${r.stateCount}, transitions ${r.transitionCount}, solver ${r.solver.method}, residual ${r.solver.residual.toExponential(1)}`);
const store = fromPathRows(loadPeerRows());
for (const order of [2, 3, 4]) {
  const plain = markov(store, { order });
  const collapsed = markov(store, { order, collapseRepeats: true });
  console.log(`order ${order}: ${plain.stateCount} states (${collapsed.stateCount} with collapseRepeats), solver ${plain.solver.method}, sweeps ${plain.solver.iterations}`);
}
