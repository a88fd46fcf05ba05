import { CONVERSION_STATE, FIRST_TRANSIENT, START_STATE, type TransitionCounter } from './transition-counter.js';

/**
 * The transient block of the absorbing chain as a linear system, built from
 * the counts alone (never from the paths again). Unknown 0 is `(start)`,
 * unknown `t + 1` is transient state t (node `t + 3`).
 *
 * x solves (I - Q) x = r with r_i = P(i -> (conversion)); y solves
 * (I - Q) y = rv with rv_i = r_i * mu_i = (value ending in i) / (counts out of i),
 * which is the spec's mu convention without dividing by conversions (so states
 * that end no conversion need no special case).
 */
export interface ChainSystem {
  /** Number of unknowns (transient states + 1). */
  readonly n: number;
  /** CSR row pointers of Q (length n + 1). */
  readonly rowPtr: Int32Array;
  /** CSR column indices of Q. */
  readonly col: Int32Array;
  /** CSR values of Q (transition probabilities between unknowns). */
  readonly val: Float64Array;
  /** Conversion right-hand side r. */
  readonly r: Float64Array;
  /** Value right-hand side r * mu. */
  readonly rv: Float64Array;
  /** Per counter channel c: unknowns whose state contains c are `removal[removalPtr[c] .. removalPtr[c+1])`. */
  readonly removalPtr: Int32Array;
  /** See `removalPtr`. */
  readonly removal: Int32Array;
}

/**
 * Builds the {@link ChainSystem} of a counter. Unchecked kernel.
 * @example
 * ```ts
 * const sys = buildChain(new TransitionCounter().add(store));
 * sys.n; // transient states + 1
 * ```
 */
export function buildChain(counter: TransitionCounter): ChainSystem {
  const S = counter.stateCount;
  const n = S + 1;
  const unknown = (node: number): number => (node === START_STATE ? 0 : node >= FIRST_TRANSIENT ? node - FIRST_TRANSIENT + 1 : -1);
  const e = counter.edges;
  const out = new Float64Array(n);
  const rowCount = new Int32Array(n + 1);
  for (let i = 0; i < e.size; i++) {
    const u = unknown(e.from[i]);
    if (u < 0) continue;
    out[u] += e.count[i];
    if (unknown(e.to[i]) >= 0) rowCount[u + 1]++;
  }
  const rowPtr = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) rowPtr[i + 1] = rowPtr[i] + rowCount[i + 1];
  const fill = rowPtr.slice(0, n);
  const nnz = rowPtr[n];
  const col = new Int32Array(nnz);
  const val = new Float64Array(nnz);
  const r = new Float64Array(n);
  const rv = new Float64Array(n);
  // Visit edges ordered by target (a counting sort), so every CSR row comes out sorted by
  // column and the system (and the Gauss-Seidel arithmetic) depends only on the counts,
  // not on the order in which transitions were first seen.
  const nodes = S + FIRST_TRANSIENT;
  const byTo = new Int32Array(nodes + 1);
  for (let i = 0; i < e.size; i++) byTo[e.to[i] + 1]++;
  for (let v = 0; v < nodes; v++) byTo[v + 1] += byTo[v];
  const sorted = new Int32Array(e.size);
  for (let i = 0; i < e.size; i++) sorted[byTo[e.to[i]]++] = i;
  for (let k = 0; k < e.size; k++) {
    const i = sorted[k];
    const u = unknown(e.from[i]);
    if (u < 0 || !(out[u] > 0)) continue;
    const v = e.to[i];
    const p = e.count[i] / out[u];
    if (v === CONVERSION_STATE) r[u] += p;
    const w = unknown(v);
    if (w >= 0) {
      const c = fill[u]++;
      col[c] = w;
      val[c] = p;
    }
  }
  for (let t = 0; t < S; t++) if (out[t + 1] > 0) rv[t + 1] = (counter.endValue[t] ?? 0) / out[t + 1];

  // Removal sets: every state containing channel c (each state counted once per distinct channel).
  const C = counter.channels.length;
  const per = new Int32Array(C + 1);
  const { tuples, lengths } = counter.states;
  const order = counter.order;
  const distinct = (t: number, i: number): boolean => {
    for (let j = 0; j < i; j++) if (tuples[t * order + j] === tuples[t * order + i]) return false;
    return true;
  };
  for (let t = 0; t < S; t++) for (let i = 0; i < lengths[t]; i++) if (distinct(t, i)) per[tuples[t * order + i] + 1]++;
  const removalPtr = new Int32Array(C + 1);
  for (let c = 0; c < C; c++) removalPtr[c + 1] = removalPtr[c] + per[c + 1];
  const at = removalPtr.slice(0, C);
  const removal = new Int32Array(removalPtr[C]);
  for (let t = 0; t < S; t++) for (let i = 0; i < lengths[t]; i++) if (distinct(t, i)) removal[at[tuples[t * order + i]]++] = t + 1;
  return { n, rowPtr, col, val, r, rv, removalPtr, removal };
}

/**
 * max_i |x_i - sum_j Q_ij x_j - b_i| over the rows not removed; removed unknowns
 * must hold 0 in `x` (their columns then drop out of the sums by themselves).
 * @example
 * ```ts
 * residual(sys, x, sys.r, null); // e.g. 2e-16 after a direct solve
 * ```
 */
export function residual(sys: ChainSystem, x: Float64Array, b: Float64Array, removed: Uint8Array | null): number {
  const { n, rowPtr, col, val } = sys;
  let worst = 0;
  for (let i = 0; i < n; i++) {
    if (removed !== null && removed[i] === 1) continue;
    let s = x[i] - b[i];
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) s -= val[k] * x[col[k]];
    const a = Math.abs(s);
    if (a > worst || Number.isNaN(a)) worst = Number.isNaN(a) ? Infinity : a;
  }
  return worst;
}

/**
 * max_i |x_i - sum_j Q_ij x_j - b_i| over the listed rows only.
 * @example
 * ```ts
 * rowsResidual(sys, Int32Array.of(0, 4), x, sys.r); // residual of rows 0 and 4
 * ```
 */
export function rowsResidual(sys: ChainSystem, rows: Int32Array, x: Float64Array, b: Float64Array): number {
  const { rowPtr, col, val } = sys;
  let worst = 0;
  for (let q = 0; q < rows.length; q++) {
    const i = rows[q];
    let s = x[i] - b[i];
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) s -= val[k] * x[col[k]];
    const a = Math.abs(s);
    if (a > worst || Number.isNaN(a)) worst = Number.isNaN(a) ? Infinity : a;
  }
  return worst;
}
