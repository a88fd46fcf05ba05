import type { LocalCsr } from './hub-split.js';

/** One diagonal entry of B^-1 with its certified error. */
export interface PushedDiagonal {
  /** Estimate of B^-1[s,s]; never above the true value. */
  readonly value: number;
  /** Upper bound on B^-1[s,s] - value. */
  readonly bound: number;
  /** Transitions read (the work done). */
  readonly work: number;
}

/**
 * Diagonal entries of B^-1 for B = I - A with A a nonnegative sub-stochastic
 * block (here Q restricted to the non-hub states), each to a requested absolute
 * accuracy, by pushing probability mass locally from both ends:
 *
 * - forward from s: f + mu^T B^-1 = e_s^T B^-1 (push j: f_j += mu_j, mu += mu_j A[j,:]);
 * - backward from s: B^-1 e_s = phi + B^-1 rho (push j: phi_j += rho_j, rho += rho_j A[:,j]).
 *
 * Then B^-1[s,s] = f_s + mu . phi + mu^T B^-1 rho, and the last term lies between 0 and
 * max(rho) * (mu . tau) with tau = B^-1 1 (all quantities are nonnegative). Forward
 * pushes stop below a threshold tied to the accuracy asked for, then backward pushes run
 * until max(rho) * (mu . tau) meets it. Work stays near s when A's mass dies out quickly, which
 * is what taking the hubs out of A achieves.
 */
export class LocalPush {
  readonly #rows: LocalCsr;
  readonly #cols: LocalCsr;
  readonly #tau: Float64Array;
  readonly #f: Float64Array;
  readonly #mu: Float64Array;
  readonly #phi: Float64Array;
  readonly #rho: Float64Array;
  readonly #touchedF: Int32Array;
  readonly #touchedB: Int32Array;
  readonly #queue: Int32Array;
  readonly #queued: Uint8Array;

  /**
   * @param rows - A by rows; `cols` - A by columns; `tau` - B^-1 1 (expected steps before leaving the block).
   */
  constructor(rows: LocalCsr, cols: LocalCsr, tau: Float64Array) {
    const p = tau.length;
    this.#rows = rows;
    this.#cols = cols;
    this.#tau = tau;
    this.#f = new Float64Array(p);
    this.#mu = new Float64Array(p);
    this.#phi = new Float64Array(p);
    this.#rho = new Float64Array(p);
    this.#touchedF = new Int32Array(p);
    this.#touchedB = new Int32Array(p);
    this.#queue = new Int32Array(p);
    this.#queued = new Uint8Array(p);
  }

  /**
   * B^-1[s,s] to within `accuracy` (absolute; a bound of 0 means exact).
   * @example
   * ```ts
   * const d = push.diagonal(0, 1e-9); // d.value <= B^-1[0,0] <= d.value + d.bound
   * ```
   */
  diagonal(s: number, accuracy: number): PushedDiagonal {
    const f = this.#f;
    const mu = this.#mu;
    const phi = this.#phi;
    const rho = this.#rho;
    const tf = this.#touchedF;
    const tb = this.#touchedB;
    // Measured on Zipf-like data: stopping the forward pass near sqrt(accuracy / 100) balances
    // the two passes (forwards is the costlier direction per unit of mass).
    const nf = spread(this.#rows, s, f, mu, tf, this.#queue, this.#queued, Math.sqrt(accuracy / 100));
    let weight = 0;
    for (let q = 0; q < nf.touched; q++) weight += mu[tf[q]] * this.#tau[tf[q]];
    // With weight 0 the forward pass was exhaustive: one backward step (phi_s = 1) settles it.
    const threshold = weight > 0 ? accuracy / weight : Infinity;
    const nb = spread(this.#cols, s, phi, rho, tb, this.#queue, this.#queued, threshold);
    let value = f[s];
    for (let q = 0; q < nf.touched; q++) value += mu[tf[q]] * phi[tf[q]];
    let rhoMax = 0;
    for (let q = 0; q < nb.touched; q++) if (rho[tb[q]] > rhoMax) rhoMax = rho[tb[q]];
    const bound = rhoMax * weight;
    for (let q = 0; q < nf.touched; q++) {
      f[tf[q]] = 0;
      mu[tf[q]] = 0;
    }
    for (let q = 0; q < nb.touched; q++) {
      phi[tb[q]] = 0;
      rho[tb[q]] = 0;
    }
    return { value, bound, work: nf.work + nb.work };
  }
}

// Pushes mass from s through `csr` (rows: forward, columns: backward) until every residual
// is at most `threshold`; `done` accumulates what was pushed. FIFO order. Returns how many
// entries were touched (listed in `touched`) and how many transitions were read.
function spread(
  csr: LocalCsr,
  s: number,
  done: Float64Array,
  residual: Float64Array,
  touched: Int32Array,
  queue: Int32Array,
  queued: Uint8Array,
  threshold: number,
): { touched: number; work: number } {
  const { ptr, idx, val } = csr;
  const cap = queue.length;
  let nt = 0;
  let work = 0;
  residual[s] = 1;
  touched[nt++] = s;
  let head = 0;
  let tail = 0;
  queue[tail++] = s;
  if (tail === cap) tail = 0;
  queued[s] = 1;
  let size = 1;
  while (size > 0) {
    const j = queue[head++];
    if (head === cap) head = 0;
    size--;
    queued[j] = 0;
    const r = residual[j];
    if (!(r > threshold) && j !== s) continue;
    if (r === 0) continue;
    residual[j] = 0;
    done[j] += r;
    for (let e = ptr[j]; e < ptr[j + 1]; e++) {
      const i = idx[e];
      const before = residual[i];
      if (before === 0 && done[i] === 0) touched[nt++] = i;
      const after = before + val[e] * r;
      residual[i] = after;
      if (after > threshold && queued[i] === 0) {
        queued[i] = 1;
        queue[tail++] = i;
        if (tail === cap) tail = 0;
        size++;
      }
    }
    work += ptr[j + 1] - ptr[j];
  }
  return { touched: nt, work };
}
