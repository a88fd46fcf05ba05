/**
 * A/B of the heuristic models against another checkout of pathcredit, in one
 * process, runs interleaved (old, new, old, new, ...) so machine load hits both
 * alike; medians and first quartiles of each.
 *
 *   git archive <rev> | tar -x -C /tmp/pathcredit-base && ln -s "$PWD/node_modules" /tmp/pathcredit-base/
 *   npx tsx bench/heuristics-ab.ts /tmp/pathcredit-base [journeys=1e6] [runs=41] [all]
 *
 * `all` makes every path convert (the models' per-path work dominates); without
 * it the seeded data converts a few percent (the scan over paths dominates).
 */
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import * as NEW from '../src/index.js';
import { generateJourneys } from './lib/generate.js';
import { pathTable, touchpointTable } from './lib/to-arrow.js';

const [base, journeysArg, runsArg, mode] = process.argv.slice(2);
if (base === undefined) throw new Error('usage: npx tsx bench/heuristics-ab.ts <other checkout> [journeys] [runs] [all]');
const OLD = (await import(pathToFileURL(join(base, 'src/index.ts')).href)) as typeof NEW;
const journeys = Number(journeysArg ?? 1e6);
const runs = Number(runsArg ?? 41);
const data = generateJourneys(journeys, 12, 1);
const convertAll = <S extends { pathCount: number; conversions: Float64Array }>(s: S): S => (mode === 'all' ? { ...s, conversions: new Float64Array(s.pathCount).fill(1) } : s);
const paths = { old: convertAll(OLD.fromArrowPaths(pathTable(data))), new: convertAll(NEW.fromArrowPaths(pathTable(data))) };
const touch = { old: convertAll(OLD.fromArrowTouchpoints(touchpointTable(data))), new: convertAll(NEW.fromArrowTouchpoints(touchpointTable(data))) };
let converting = 0;
for (let p = 0; p < paths.new.pathCount; p++) if (paths.new.conversions[p] > 0) converting++;
console.log(`${journeys.toExponential(0)} journeys, ${converting.toLocaleString('en-US')} converting, ${runs} interleaved runs each`);
const models: [string, (m: typeof NEW, s: typeof paths, t: typeof touch, k: 'old' | 'new') => unknown][] = [
  ['first touch', (m, s, _t, k) => m.firstTouch(s[k])],
  ['last touch', (m, s, _t, k) => m.lastTouch(s[k])],
  ['last non-direct', (m, s, _t, k) => m.lastNonDirect(s[k])],
  ['linear', (m, s, _t, k) => m.linear(s[k])],
  ['linear unique', (m, s, _t, k) => m.linear(s[k], { unique: true })],
  ['position-based', (m, s, _t, k) => m.positionBased(s[k])],
  ['time decay', (m, _s, t, k) => m.timeDecay(t[k])],
];
const med = (x: number[]) => [...x].sort((a, b) => a - b)[x.length >> 1];
const q1 = (x: number[]) => [...x].sort((a, b) => a - b)[x.length >> 2];
console.log('| model | other ms (median, q1) | this ms (median, q1) | this / other |\n|---|---|---|---|');
for (const [name, run] of models) {
  for (let i = 0; i < 5; i++) {
    run(OLD, paths, touch, 'old');
    run(NEW, paths, touch, 'new');
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    run(OLD, paths, touch, 'old');
    a.push(performance.now() - t);
    t = performance.now();
    run(NEW, paths, touch, 'new');
    b.push(performance.now() - t);
  }
  console.log(`| ${name} | ${med(a).toFixed(2)}, ${q1(a).toFixed(2)} | ${med(b).toFixed(2)}, ${q1(b).toFixed(2)} | ${(med(b) / med(a)).toFixed(3)} |`);
}
