import type { ChainSystem } from './chain.js';
import type { Predecessors } from './predecessors.js';

/** A sub-block of Q in CSR form over local indices. */
export interface LocalCsr {
  /** Row pointers (rows in the block's local numbering). */
  readonly ptr: Int32Array;
  /** Local column indices. */
  readonly idx: Int32Array;
  /** Transition probabilities. */
  readonly val: Float64Array;
}

/**
 * The unknowns split into hubs K (the states with the most transitions) and
 * the rest P, with the four blocks of Q in local numbering, by rows and (for
 * the blocks the transposed solves need) by columns. Local indices follow the
 * unknowns' order, so sweeps keep the order of first appearance.
 */
export interface HubSplit {
  /** Number of hubs m. */
  readonly m: number;
  /** Number of other unknowns |P|. */
  readonly p: number;
  /** Unknown of each hub (K local index -> unknown). */
  readonly hubs: Int32Array;
  /** Unknown of each other state (P local index -> unknown). */
  readonly rest: Int32Array;
  /** Unknown -> K local index, or -1. */
  readonly hubOf: Int32Array;
  /** Unknown -> P local index, or -1. */
  readonly restOf: Int32Array;
  /** Q_PP by rows (successors within P). */
  readonly pp: LocalCsr;
  /** Q_PP by columns (predecessors within P). */
  readonly ppT: LocalCsr;
  /** Q_PK by rows (hub successors of each P state). */
  readonly pk: LocalCsr;
  /** Q_KP by columns (hub predecessors of each P state). */
  readonly kpT: LocalCsr;
  /** Q_KK by rows. */
  readonly kk: LocalCsr;
  /** Q_KP by rows (P successors of each hub). */
  readonly kp: LocalCsr;
}

/**
 * Picks the `m` unknowns with the most transitions in and out (ties by lower
 * index) as hubs and builds the blocks of Q. Unchecked kernel.
 * @example
 * ```ts
 * const split = splitHubs(sys, predecessorsOf(sys), 300);
 * split.p + split.m === sys.n; // true
 * ```
 */
export function splitHubs(sys: ChainSystem, pred: Predecessors, m: number): HubSplit {
  const { n, rowPtr } = sys;
  const degree = new Float64Array(n);
  for (let i = 0; i < n; i++) degree[i] = rowPtr[i + 1] - rowPtr[i] + (pred.ptr[i + 1] - pred.ptr[i]);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => degree[b] - degree[a] || a - b);
  const isHub = new Uint8Array(n);
  for (let a = 0; a < m; a++) isHub[order[a]] = 1;
  const hubs = new Int32Array(m);
  const rest = new Int32Array(n - m);
  const hubOf = new Int32Array(n).fill(-1);
  const restOf = new Int32Array(n).fill(-1);
  let h = 0;
  let r = 0;
  for (let i = 0; i < n; i++) {
    if (isHub[i] === 1) {
      hubOf[i] = h;
      hubs[h++] = i;
    } else {
      restOf[i] = r;
      rest[r++] = i;
    }
  }
  const rows = (list: Int32Array, target: Int32Array): LocalCsr => block(list, sys.rowPtr, sys.col, sys.val, target);
  const cols = (list: Int32Array, source: Int32Array): LocalCsr => block(list, pred.ptr, pred.idx, pred.val, source);
  return {
    m,
    p: n - m,
    hubs,
    rest,
    hubOf,
    restOf,
    pp: rows(rest, restOf),
    ppT: cols(rest, restOf),
    pk: rows(rest, hubOf),
    kpT: cols(rest, hubOf),
    kk: rows(hubs, hubOf),
    kp: rows(hubs, restOf),
  };
}

// The entries of rows `list` of a CSR (ptr, idx, val) whose column maps to a local index >= 0.
function block(list: Int32Array, ptr: Int32Array, idx: Int32Array, val: Float64Array, local: Int32Array): LocalCsr {
  const out = new Int32Array(list.length + 1);
  for (let a = 0; a < list.length; a++) {
    let c = 0;
    for (let k = ptr[list[a]]; k < ptr[list[a] + 1]; k++) if (local[idx[k]] >= 0) c++;
    out[a + 1] = out[a] + c;
  }
  const li = new Int32Array(out[list.length]);
  const lv = new Float64Array(out[list.length]);
  let w = 0;
  for (let a = 0; a < list.length; a++) {
    for (let k = ptr[list[a]]; k < ptr[list[a] + 1]; k++) {
      const j = local[idx[k]];
      if (j < 0) continue;
      li[w] = j;
      lv[w++] = val[k];
    }
  }
  return { ptr: out, idx: li, val: lv };
}
