import { growFloat64, growInt32 } from '../core/growable.js';
import type { PathStore } from '../types.js';
import { fmix32 } from '../uncertainty/content-key.js';
import { StateTable } from './state-table.js';

/**
 * Held-out log-likelihood of the Markov chains of orders 1..K by a
 * deterministic k-fold split of the journeys (see {@link journeyFold}), as
 * order selection reports it.
 *
 * The order-k chain's transitions are factorised into "next symbol given the
 * context" (symbols: the channels, then `(conversion)` or `(null)`):
 *
 * - the start transition `(start) -> first window` is the product over its
 *   symbols of P(x_i | start, x_1 .. x_{i-1}) (anchored contexts; for a path
 *   shorter than k, its whole state);
 * - every later transition `window -> next window` is P(x_i | the last k symbols);
 * - the end is P(`(conversion)` or `(null)` | the last state).
 *
 * With maximum-likelihood counts this is exactly the chain's transition
 * probability (the anchored products telescope to the start transition's
 * count). Symbols the chain skips because the next window equals the current
 * one (a run of more than k repeats) are skipped here too.
 *
 * Smoothing, needed because a held-out path can visit a context never seen in
 * training: interpolated Witten–Bell back-off, P_k(x | h) =
 * (n(h, x) + T(h) P_{k-1}(x | h')) / (n(h) + T(h)), with n the training
 * counts, T(h) the number of distinct symbols seen after h, and h' the
 * order-(k-1) context of the same position (an unseen h gives P_{k-1});
 * P_0(x) = (n(x) + 1) / (N + V), add-one over the V = channels + 2 symbols.
 */
export interface HeldOutLikelihood {
  /** Held-out log-likelihood (natural log) per order 1..K (index 0 is order 1), summed over folds. */
  readonly logLikelihood: Float64Array;
  /** Held-out transitions scored per order (weighted by journeys). */
  readonly transitions: Float64Array;
  /** Journeys scored (conversions + nulls of all rows). */
  readonly journeys: number;
  /** Number of folds. */
  readonly folds: number;
}

/** The symbol id of the start marker in contexts (one past the channels), and the end symbols. */
interface Symbols {
  readonly start: number;
  readonly conversion: number;
  readonly nul: number;
  readonly count: number;
}

/**
 * The fold of journey `j` of a path with content key (keyHi, keyLo):
 * `fmix32(keyLo ^ fmix32(keyHi ^ ((j + 1) * 0x9e3779b1))) mod folds`. A path's
 * conversions are journeys j = 0, 2, 4, ... and its nulls j = 1, 3, 5, ...; a
 * fractional count's remainder goes to the fold of the next index as a partial
 * journey. So every path's journeys spread over the folds (a held-out journey's
 * path is usually also seen in training), deterministically and whatever the
 * input order.
 */
export function journeyFold(keyHi: number, keyLo: number, j: number, folds: number): number {
  return fmix32(keyLo ^ fmix32(keyHi ^ Math.imul(j + 1, 0x9e3779b1))) % folds;
}

/** Splits a path's conversions and nulls over the folds by {@link journeyFold}. */
function splitCounts(keyHi: number, keyLo: number, conversions: number, nulls: number, conv: Float64Array, nul: Float64Array): void {
  const folds = conv.length;
  conv.fill(0);
  nul.fill(0);
  const whole = (count: number, parity: number, out: Float64Array) => {
    const n = Math.floor(count);
    for (let j = 0; j < n; j++) out[journeyFold(keyHi, keyLo, 2 * j + parity, folds)]++;
    if (count > n) out[journeyFold(keyHi, keyLo, 2 * n + parity, folds)] += count - n;
  };
  whole(conversions, 0, conv);
  whole(nulls, 1, nul);
}

/**
 * Computes {@link HeldOutLikelihood} for orders 1..maxOrder, with the journeys
 * of each path split over the folds by {@link journeyFold}.
 *
 * @param store - distinct paths (bootstrap units), with their content keys.
 * @example
 * ```ts
 * const units = bootstrapUnits(store, false);
 * heldOutLikelihood(units.store, units.keyHi, units.keyLo, 4, 5, false).logLikelihood;
 * ```
 */
export function heldOutLikelihood(
  store: PathStore,
  keyHi: Uint32Array,
  keyLo: Uint32Array,
  maxOrder: number,
  folds: number,
  collapseRepeats: boolean,
): HeldOutLikelihood {
  const C = store.channels.length;
  const sym: Symbols = { start: C, conversion: C, nul: C + 1, count: C + 2 };
  const convF = new Float64Array(folds);
  const nullF = new Float64Array(folds);
  const models: OrderCounts[] = [];
  for (let k = 1; k <= maxOrder; k++) models.push(new OrderCounts(k, folds));
  // Order 0: unigram counts per fold.
  const unigram = new Float64Array(folds * sym.count);
  let seq = new Uint32Array(64);
  const walk = (p: number, visit: (len: number, w: number, c: number, n: number) => void): void => {
    const a = store.offsets[p];
    const b = store.offsets[p + 1];
    const c = store.conversions[p];
    const n = store.nulls[p];
    const w = c + n;
    if (b <= a || !(w > 0)) return;
    if (seq.length < b - a) seq = new Uint32Array(2 * (b - a));
    let len = 0;
    for (let i = a; i < b; i++) {
      const ch = store.touches[i];
      if (collapseRepeats && len > 0 && seq[len - 1] === ch) continue;
      seq[len++] = ch;
    }
    visit(len, w, c, n);
  };
  let journeys = 0;
  // Pass 1: counts of (context, symbol) per order and fold.
  for (let p = 0; p < store.pathCount; p++) {
    walk(p, (len, w, c, n) => {
      journeys += w;
      splitCounts(keyHi[p], keyLo[p], c, n, convF, nullF);
      for (let f = 0; f < folds; f++) {
        const cf = convF[f];
        const nf = nullF[f];
        const wf = cf + nf;
        if (!(wf > 0)) continue;
        for (let i = 0; i <= len; i++) {
          if (i < len) unigram[f * sym.count + seq[i]] += wf;
          else {
            if (cf > 0) unigram[f * sym.count + sym.conversion] += cf;
            if (nf > 0) unigram[f * sym.count + sym.nul] += nf;
          }
          for (const m of models) {
            if (i < len && skipped(seq, i, m.order)) continue;
            const ctx = m.context(seq, i, sym.start, true);
            if (i < len) m.add(ctx, seq[i], f, wf);
            else {
              if (cf > 0) m.add(ctx, sym.conversion, f, cf);
              if (nf > 0) m.add(ctx, sym.nul, f, nf);
            }
          }
        }
      }
    });
  }
  for (const m of models) m.finish();
  const uniAll = new Float64Array(sym.count);
  for (let f = 0; f < folds; f++) for (let s = 0; s < sym.count; s++) uniAll[s] += unigram[f * sym.count + s];
  let uniTotal = 0;
  for (let s = 0; s < sym.count; s++) uniTotal += uniAll[s];
  const uniFold = new Float64Array(folds);
  for (let f = 0; f < folds; f++) for (let s = 0; s < sym.count; s++) uniFold[f] += unigram[f * sym.count + s];

  // Pass 2: score each path under the models trained without its fold.
  const logL = new Float64Array(maxOrder);
  const scored = new Float64Array(maxOrder);
  const prob = new Float64Array(maxOrder + 1);
  const score = (f: number, i: number, len: number, symbol: number, weight: number) => {
    prob[0] = (uniAll[symbol] - unigram[f * sym.count + symbol] + 1) / (uniTotal - uniFold[f] + sym.count);
    for (let k = 1; k <= maxOrder; k++) {
      const m = models[k - 1];
      const ctx = m.context(seq, i, sym.start, false);
      prob[k] = m.interpolate(ctx, symbol, f, prob[k - 1]);
      if (i < len && skipped(seq, i, k)) continue;
      logL[k - 1] += weight * Math.log(prob[k]);
      scored[k - 1] += weight;
    }
  };
  for (let p = 0; p < store.pathCount; p++) {
    walk(p, (len, _w, c, n) => {
      splitCounts(keyHi[p], keyLo[p], c, n, convF, nullF);
      for (let f = 0; f < folds; f++) {
        const wf = convF[f] + nullF[f];
        if (!(wf > 0)) continue;
        for (let i = 0; i < len; i++) score(f, i, len, seq[i], wf);
        if (convF[f] > 0) score(f, len, len, sym.conversion, convF[f]);
        if (nullF[f] > 0) score(f, len, len, sym.nul, nullF[f]);
      }
    });
  }
  return { logLikelihood: logL, transitions: scored, journeys, folds };
}

// Symbol i continues a run of more than k equal symbols: the chain's next window equals the
// current one and the transition is merged away.
function skipped(seq: Uint32Array, i: number, k: number): boolean {
  if (i < k) return false;
  for (let j = i - k; j < i; j++) if (seq[j] !== seq[i]) return false;
  return true;
}

/** Context and (context, symbol) counts of one order, per fold, with Witten–Bell statistics. */
class OrderCounts {
  readonly order: number;
  readonly #folds: number;
  readonly #contexts: StateTable;
  readonly #buf: Uint32Array;
  // (context, symbol) pairs: open addressing, counts per fold, stride folds.
  #slots = new Int32Array(1 << 12).fill(-1);
  readonly #pairCtx = growInt32(4096);
  readonly #pairSym = growInt32(4096);
  readonly #pairCount = growFloat64(4096 * 4);
  // Per context, after finish(): totals per fold and for all, and distinct successors per fold.
  #ctxTotal = new Float64Array(0);
  #ctxAll = new Float64Array(0);
  #ctxDistinct = new Float64Array(0);
  #pairAll = new Float64Array(0);

  constructor(order: number, folds: number) {
    this.order = order;
    this.#folds = folds;
    this.#contexts = new StateTable(order);
    this.#buf = new Uint32Array(order);
  }

  /**
   * Context id of position i (0-based; i = len is the end event): anchored (start marker plus the
   * symbols so far) while fewer than k symbols precede it, else the last k symbols. With `insert`
   * false an unknown context gives -1.
   */
  context(seq: Uint32Array, i: number, start: number, insert: boolean): number {
    const k = this.order;
    const buf = this.#buf;
    let len: number;
    if (i < k) {
      buf[0] = start;
      for (let j = 0; j < i; j++) buf[j + 1] = seq[j];
      len = i + 1;
    } else {
      for (let j = 0; j < k; j++) buf[j] = seq[i - k + j];
      len = k;
    }
    if (insert) return this.#contexts.intern(buf, 0, len);
    const before = this.#contexts.size;
    const id = this.#contexts.intern(buf, 0, len);
    // Scoring only visits contexts counted in pass 1 (every path is in some fold), so this never grows.
    return id < before ? id : -1;
  }

  add(ctx: number, symbol: number, fold: number, weight: number): void {
    const pair = this.#pair(ctx, symbol, true);
    this.#pairCount.data[pair * this.#folds + fold] += weight;
  }

  #pair(ctx: number, symbol: number, insert: boolean): number {
    const mask = this.#slots.length - 1;
    let s = fmix32(Math.imul(ctx, 0x9e3779b1) ^ symbol) & mask;
    for (;;) {
      const q = this.#slots[s];
      if (q < 0) break;
      if (this.#pairCtx.data[q] === ctx && this.#pairSym.data[q] === symbol) return q;
      s = (s + 1) & mask;
    }
    if (!insert) return -1;
    const q = this.#pairCtx.length;
    this.#slots[s] = q;
    this.#pairCtx.push(ctx);
    this.#pairSym.push(symbol);
    this.#pairCount.reserve((q + 1) * this.#folds);
    for (let f = 0; f < this.#folds; f++) this.#pairCount.push(0);
    if ((q + 1) * 2 > this.#slots.length) this.#rehash();
    return q;
  }

  #rehash(): void {
    const slots = new Int32Array(this.#slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let q = 0; q < this.#pairCtx.length; q++) {
      let s = fmix32(Math.imul(this.#pairCtx.data[q], 0x9e3779b1) ^ this.#pairSym.data[q]) & mask;
      while (slots[s] >= 0) s = (s + 1) & mask;
      slots[s] = q;
    }
    this.#slots = slots;
  }

  /** Sums per context: totals per fold and overall, and distinct training successors per fold. */
  finish(): void {
    const F = this.#folds;
    const contexts = this.#contexts.size;
    const pairs = this.#pairCtx.length;
    const counts = this.#pairCount.data;
    this.#ctxTotal = new Float64Array(contexts * F);
    this.#ctxAll = new Float64Array(contexts);
    this.#ctxDistinct = new Float64Array(contexts * F);
    this.#pairAll = new Float64Array(pairs);
    for (let q = 0; q < pairs; q++) {
      const ctx = this.#pairCtx.data[q];
      let all = 0;
      for (let f = 0; f < F; f++) {
        all += counts[q * F + f];
        this.#ctxTotal[ctx * F + f] += counts[q * F + f];
      }
      this.#pairAll[q] = all;
      this.#ctxAll[ctx] += all;
    }
    for (let q = 0; q < pairs; q++) {
      const ctx = this.#pairCtx.data[q];
      // Distinct successors in training = pairs whose count outside fold f is positive.
      for (let f = 0; f < F; f++) if (this.#pairAll[q] - counts[q * F + f] > 0) this.#ctxDistinct[ctx * F + f]++;
    }
  }

  /** Witten–Bell P_k(symbol | ctx) trained without fold f, given the lower-order probability. */
  interpolate(ctx: number, symbol: number, f: number, lower: number): number {
    if (ctx < 0) return lower;
    const F = this.#folds;
    const total = this.#ctxAll[ctx] - this.#ctxTotal[ctx * F + f];
    const distinct = this.#ctxDistinct[ctx * F + f];
    if (!(total > 0) || distinct === 0) return lower;
    const q = this.#pair(ctx, symbol, false);
    const n = q < 0 ? 0 : this.#pairAll[q] - this.#pairCount.data[q * F + f];
    return (Math.max(0, n) + distinct * lower) / (total + distinct);
  }
}
