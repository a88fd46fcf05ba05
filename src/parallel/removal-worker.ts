// Worker entry: removes one share of the channels (every stride-th) with the
// `affected` method and writes P_-c, V_-c into the shared result arrays; posts
// its sweep counts and residuals back. The chain arrives as SharedArrayBuffer views.
import { parentPort, workerData } from 'node:worker_threads';
import { affectedRemovals } from '../markov/fast-removals.js';
import { removalBase } from '../markov/state-set-removal.js';
import type { RemovalTask } from './removal-task.js';

const t = workerData as RemovalTask;
const sys = { n: t.n, rowPtr: t.rowPtr, col: t.col, val: t.val, r: t.r, rv: t.rv, removalPtr: t.removalPtr, removal: t.removal };
const base = removalBase(sys, t.rv, { ptr: t.predPtr, idx: t.predIdx, val: t.predVal }, t.x, t.y, 0, 0, t.tolerance, t.maxIterations);
parentPort!.postMessage(affectedRemovals(base, t.first, t.stride, t.pRemoved, t.vRemoved));
