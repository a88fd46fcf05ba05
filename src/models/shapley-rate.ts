import { PathCreditError } from '../errors.js';
import type { ChannelCredits, CommonModelOptions, PathStore } from '../types.js';
import { channelHashes } from '../uncertainty/content-key.js';
import { RandomStream } from '../uncertainty/random-stream.js';
import { channelSets, type ChannelSetTable } from './channel-sets.js';
import { addCompensated, allocateBuffers, checkStore, emptyConvertingPath, finishCredits } from './kernel.js';

/** Options of {@link shapleyRate}. */
export interface ShapleyRateOptions extends CommonModelOptions {
  /**
   * What to do with a negative Shapley value phi_j of a path's set. `'clamp'` (default): set it
   * to 0 before normalising, so every channel of the path gets a share >= 0. `'keep'`: keep it,
   * so shares can be negative and others above 1 (DP6's behaviour). Either way the result's
   * `report` counts the paths where it happened.
   */
  readonly negative?: 'clamp' | 'keep';
  /**
   * The coalition value v(T) of a subset T of the path's set. `'rate'` (default): the conversion
   * rate r(T) = c(T) / (c(T) + n(T)) of the paths whose set is exactly T, 0 if never observed.
   * `'conversions'`: c(T) itself (DP6's `values_col='conversions'`).
   */
  readonly coalitionValue?: 'rate' | 'conversions';
  /** Largest set (distinct channels of one path) solved exactly over its 2^n subsets. Default 16. */
  readonly maxExactChannels?: number;
  /**
   * Random permutations per set above `maxExactChannels` (seeded permutation sampling, with a
   * standard error in the report). 0 refuses such sets with an error instead. Default 1000.
   */
  readonly permutations?: number;
  /** Seed of the permutation sampling (a non-negative safe integer). Default 1. */
  readonly seed?: number;
}

/** Defaults of {@link ShapleyRateOptions}. */
export const SHAPLEY_RATE_DEFAULTS = {
  negative: 'clamp',
  coalitionValue: 'rate',
  maxExactChannels: 16,
  permutations: 1000,
  seed: 1,
} as const;

/** What the Shapley computation did, beyond the credits. */
export interface ShapleyReport {
  /** Distinct channel sets with conversions (each solved once). */
  readonly convertingSets: number;
  /** Largest set size among them. */
  readonly maxSetSize: number;
  /** Sets above `maxExactChannels`, estimated by permutation sampling. */
  readonly sampledSets: number;
  /** Seed of the permutation sampling (it matters only when `sampledSets` > 0). */
  readonly seed: number;
  /** Converting paths (store rows) whose set had at least one negative phi_j. */
  readonly negativePaths: number;
  /** Conversions on those paths. */
  readonly negativeConversions: number;
  /** How negative values were treated. */
  readonly negative: 'clamp' | 'keep';
  /**
   * Standard error of each channel's conversion credit from permutation sampling (0 when every set
   * was exact): sqrt(sum over sampled sets of (c(S) / v(S))^2 se(phi_j)^2), with se(phi_j) the
   * sample standard deviation of the permutation marginals over sqrt(permutations). With
   * `negative: 'clamp'` it ignores the clamp (an approximation).
   */
  readonly samplingStandardError: Float64Array;
}

/** Credits of a Shapley-family model with its {@link ShapleyReport}. */
export interface ShapleyCredits extends ChannelCredits {
  /** What the computation did (negative values, sampling). */
  readonly report: ShapleyReport;
}

type ResolvedShapleyRate = { -readonly [K in keyof typeof SHAPLEY_RATE_DEFAULTS]: K extends 'negative' ? 'clamp' | 'keep' : K extends 'coalitionValue' ? 'rate' | 'conversions' : number };

/**
 * Per-path Shapley values over the conversion rates of observed channel sets
 * (the convention of DP6's and fractribution-style tools). For a converting
 * path with distinct channels S, the players are the channels of S and
 * v(T) = r(T) for T a subset of S; phi_j is the exact Shapley value
 * sum over T not containing j of |T|! (|S|-|T|-1)! / |S|! (r(T + j) - r(T)).
 * The path's conversions and value are split in the shares phi_j / sum(phi)
 * (negative phi_j clamped to 0 first by default). Each observed set is solved
 * once, from the observed subsets only (an unobserved subset has rate 0).
 *
 * @param store - encoded paths; nulls matter (they set the rates).
 * @param options - see {@link ShapleyRateOptions}.
 * @returns credits named `shapley_rate` plus a {@link ShapleyReport}; channel credits sum to the totals.
 * @throws PathCreditError for invalid options, a converting path without touches, or a set above
 *   `maxExactChannels` when `permutations` is 0.
 * @example
 * ```ts
 * const store = fromPathRows([
 *   { path: 'Direct', conversions: 3, nulls: 25 },
 *   { path: 'Organic_Search', conversions: 1, nulls: 26 },
 *   { path: 'Organic_Search > Direct', conversions: 1, nulls: 1 },
 * ]);
 * shapleyRate(store).conversions; // [3.570106, 1.429894] (Direct, Organic_Search)
 * ```
 */
export function shapleyRate(store: PathStore, options: ShapleyRateOptions = {}): ShapleyCredits {
  checkStore(store, 'shapley_rate');
  const o = resolveShapleyRateOptions(options);
  const plan = planShapleyRate(store, o);
  const { sets } = plan;
  const out = evaluateShapleyRate(plan, sets.conversions, sets.nulls, o.negative, o.coalitionValue);
  const buffers = allocateBuffers(store, options.perTouch === true);
  const { convSum, convComp, valSum, valComp, touchConv, touchVal } = buffers;
  const { offsets, touches, conversions, value } = store;
  const stamp = new Int32Array(store.channels.length).fill(-1);
  const touchCount = new Int32Array(store.channels.length);
  let negativePaths = 0;
  let negativeConversions = 0;
  for (let p = 0; p < store.pathCount; p++) {
    const c = conversions[p];
    if (!(c > 0)) continue;
    const s = sets.setOfPath[p];
    if (s < 0) throw emptyConvertingPath('shapley_rate', p, c);
    if (out.negativeSet[s] === 1) {
      negativePaths++;
      negativeConversions += c;
    }
    const v = value[p];
    for (let i = sets.ptr[s]; i < sets.ptr[s + 1]; i++) {
      addCompensated(convSum, convComp, sets.members[i], c * out.shares[i]);
      addCompensated(valSum, valComp, sets.members[i], v * out.shares[i]);
    }
    if (touchConv !== null) splitOverTouches(offsets, touches, p, sets, s, out.shares, c, v, stamp, touchCount, touchConv, touchVal!);
  }
  const credits = finishCredits(store, 'shapley_rate', buffers);
  return {
    ...credits,
    report: {
      convertingSets: plan.planned.length,
      maxSetSize: plan.maxSetSize,
      sampledSets: plan.sampledCount,
      seed: o.seed,
      negativePaths,
      negativeConversions,
      negative: o.negative,
      samplingStandardError: samplingError(plan, out, sets.conversions, store.channels.length),
    },
  };
}

/**
 * Splits a path's share of each channel equally over that channel's touches in
 * the path (per-touch credit of the set-based models).
 */
export function splitOverTouches(
  offsets: Int32Array,
  touches: Uint32Array,
  p: number,
  sets: ChannelSetTable,
  s: number,
  shares: Float64Array,
  c: number,
  v: number,
  stamp: Int32Array,
  touchCount: Int32Array,
  touchConv: Float64Array,
  touchVal: Float64Array,
): void {
  const a = offsets[p];
  const b = offsets[p + 1];
  for (let k = a; k < b; k++) {
    const ch = touches[k];
    if (stamp[ch] !== p) {
      stamp[ch] = p;
      touchCount[ch] = 0;
    }
    touchCount[ch]++;
  }
  // Members are sorted ids: find each touch's share by binary search in its set.
  const lo0 = sets.ptr[s];
  const hi0 = sets.ptr[s + 1];
  for (let k = a; k < b; k++) {
    const ch = touches[k];
    let lo = lo0;
    let hi = hi0 - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sets.members[mid] < ch) lo = mid + 1;
      else hi = mid;
    }
    touchConv[k] = (c * shares[lo]) / touchCount[ch];
    touchVal[k] = (v * shares[lo]) / touchCount[ch];
  }
}

/** Validates {@link ShapleyRateOptions} and fills the defaults. */
export function resolveShapleyRateOptions(options: ShapleyRateOptions): ResolvedShapleyRate {
  const o = { ...SHAPLEY_RATE_DEFAULTS } as ResolvedShapleyRate;
  for (const k of Object.keys(SHAPLEY_RATE_DEFAULTS) as (keyof ResolvedShapleyRate)[]) {
    const v = options[k];
    if (v !== undefined) (o as Record<string, unknown>)[k] = v;
  }
  if (o.negative !== 'clamp' && o.negative !== 'keep') throw new PathCreditError(`negative must be 'clamp' or 'keep'`, { column: 'negative', value: o.negative });
  if (o.coalitionValue !== 'rate' && o.coalitionValue !== 'conversions') {
    throw new PathCreditError(`coalitionValue must be 'rate' or 'conversions'`, { column: 'coalitionValue', value: o.coalitionValue });
  }
  if (!Number.isInteger(o.maxExactChannels) || o.maxExactChannels < 1 || o.maxExactChannels > 24) {
    throw new PathCreditError('maxExactChannels must be an integer from 1 to 24 (2^n subsets per set)', { column: 'maxExactChannels', value: o.maxExactChannels });
  }
  if (!Number.isInteger(o.permutations) || o.permutations < 0 || o.permutations === 1) {
    throw new PathCreditError('permutations must be 0 (no sampling) or an integer >= 2', { column: 'permutations', value: o.permutations });
  }
  if (!Number.isSafeInteger(o.seed) || o.seed < 0) throw new PathCreditError('seed must be a non-negative integer', { column: 'seed', value: o.seed });
  return o;
}

/**
 * How every converting set is solved, fixed once per store so the bootstrap
 * can re-evaluate it for new counts: for an exact set, its observed subsets
 * (set id and membership mask); for a sampled set, the seeded permutations
 * and, for each step, the id of the prefix set reached (-1 if never observed).
 */
export interface ShapleyRatePlan {
  /** The channel sets of the store. */
  readonly sets: ChannelSetTable;
  /** Ids of the sets solved (those with conversions > 0). */
  readonly planned: Int32Array;
  /** Per planned set: start of its subsets in `subSet`/`subMask` (exact) or of its steps in `stepPlayer`/`stepSet` (sampled). */
  readonly planStart: Int32Array;
  /** Per planned set: end (exclusive) of the same range. */
  readonly planEnd: Int32Array;
  /** 1 when the planned set is sampled. */
  readonly sampled: Uint8Array;
  /** Observed subset ids of exact sets. */
  readonly subSet: Int32Array;
  /** Their membership masks over the set's members (bit i = i-th smallest channel id). */
  readonly subMask: Int32Array;
  /** Sampled sets: the member index added at each step of each permutation. */
  readonly stepPlayer: Int32Array;
  /** Sampled sets: the id of the prefix set after each step, -1 when not observed. */
  readonly stepSet: Int32Array;
  /** Permutations per sampled set. */
  readonly permutations: number;
  /** Number of sampled sets. */
  readonly sampledCount: number;
  /** Largest planned set size. */
  readonly maxSetSize: number;
}

/**
 * Builds the {@link ShapleyRatePlan} of a store.
 * @throws PathCreditError for a set above the cap when sampling is off.
 */
export function planShapleyRate(store: PathStore, o: ResolvedShapleyRate): ShapleyRatePlan {
  const sets = channelSets(store);
  const planned: number[] = [];
  for (let s = 0; s < sets.size; s++) if (sets.conversions[s] > 0) planned.push(s);
  const planStart = new Int32Array(planned.length);
  const planEnd = new Int32Array(planned.length);
  const sampled = new Uint8Array(planned.length);
  const subSet: number[] = [];
  const subMask: number[] = [];
  const stepPlayer: number[] = [];
  const stepSet: number[] = [];
  const C = store.channels.length;
  const stamp = new Int32Array(C).fill(-1);
  const pos = new Int32Array(C);
  const names = channelHashes(store.channels);
  const rng = new RandomStream(o.seed);
  let maxSetSize = 0;
  let sampledCount = 0;
  let totalMembers = 0;
  for (let s = 0; s < sets.size; s++) totalMembers += sets.ptr[s + 1] - sets.ptr[s];
  for (let q = 0; q < planned.length; q++) {
    const s = planned[q];
    const a = sets.ptr[s];
    const n = sets.ptr[s + 1] - a;
    if (n > maxSetSize) maxSetSize = n;
    for (let i = 0; i < n; i++) {
      stamp[sets.members[a + i]] = s;
      pos[sets.members[a + i]] = i;
    }
    if (n <= o.maxExactChannels) {
      planStart[q] = subSet.length;
      if (2 ** n <= totalMembers) enumerateSubsets(sets, s, n, stamp, pos, subSet, subMask);
      else scanSubsets(sets, s, n, stamp, pos, subSet, subMask);
      planEnd[q] = subSet.length;
      continue;
    }
    if (o.permutations === 0) {
      const row = sets.setOfPath.findIndex((x) => x === s);
      throw new PathCreditError(
        `shapley_rate: a path has ${n} distinct channels, above maxExactChannels ${o.maxExactChannels}; allow permutation sampling (permutations > 0) or raise the cap`,
        { row, column: 'path', value: n },
      );
    }
    sampled[q] = 1;
    sampledCount++;
    planStart[q] = stepPlayer.length;
    samplePermutations(sets, s, n, o.permutations, rng, names, stamp, pos, stepPlayer, stepSet);
    planEnd[q] = stepPlayer.length;
  }
  return {
    sets,
    planned: Int32Array.from(planned),
    planStart,
    planEnd,
    sampled,
    subSet: Int32Array.from(subSet),
    subMask: Int32Array.from(subMask),
    stepPlayer: Int32Array.from(stepPlayer),
    stepSet: Int32Array.from(stepSet),
    permutations: o.permutations,
    sampledCount,
    maxSetSize,
  };
}

// Every subset of S in Gray-code order, its Zobrist key updated by one XOR per step.
function enumerateSubsets(sets: ChannelSetTable, s: number, n: number, stamp: Int32Array, pos: Int32Array, subSet: number[], subMask: number[]): void {
  const a = sets.ptr[s];
  let mask = 0;
  let hi = 0;
  let lo = 0;
  const isMember = (ch: number): boolean => stamp[ch] === s && (mask & (1 << pos[ch])) !== 0;
  const total = 2 ** n;
  for (let i = 1; i < total; i++) {
    const bit = 31 - Math.clz32(i & -i);
    mask ^= 1 << bit;
    const ch = sets.members[a + bit];
    hi = (hi ^ sets.codeHi[ch]) >>> 0;
    lo = (lo ^ sets.codeLo[ch]) >>> 0;
    const id = sets.find(hi, lo, isMember, popcount(mask));
    if (id >= 0) {
      subSet.push(id);
      subMask.push(mask);
    }
  }
}

// Every observed set tested for being a subset of S (cheaper than 2^n when few sets exist).
function scanSubsets(sets: ChannelSetTable, s: number, n: number, stamp: Int32Array, pos: Int32Array, subSet: number[], subMask: number[]): void {
  for (let u = 0; u < sets.size; u++) {
    const a = sets.ptr[u];
    const b = sets.ptr[u + 1];
    if (b - a > n) continue;
    let mask = 0;
    let inside = true;
    for (let i = a; i < b; i++) {
      const ch = sets.members[i];
      if (stamp[ch] !== s) {
        inside = false;
        break;
      }
      mask |= 1 << pos[ch];
    }
    if (inside) {
      subSet.push(u);
      subMask.push(mask);
    }
  }
}

function samplePermutations(
  sets: ChannelSetTable,
  s: number,
  n: number,
  permutations: number,
  rng: RandomStream,
  names: { a: Uint32Array; b: Uint32Array },
  stamp: Int32Array,
  pos: Int32Array,
  stepPlayer: number[],
  stepSet: number[],
): void {
  const a = sets.ptr[s];
  // Players ordered by name hash and the stream keyed by the names, so relabelling channel ids
  // gives the same permutations.
  const players = Array.from({ length: n }, (_, i) => i).sort((x, y) => names.a[sets.members[a + x]] - names.a[sets.members[a + y]] || names.b[sets.members[a + x]] - names.b[sets.members[a + y]]);
  let keyHi = 0;
  let keyLo = 0;
  for (let i = 0; i < n; i++) {
    keyHi = (keyHi ^ names.a[sets.members[a + i]]) >>> 0;
    keyLo = (keyLo ^ names.b[sets.members[a + i]]) >>> 0;
  }
  rng.reset(0, keyHi, keyLo);
  const order = new Int32Array(n);
  const inPrefix = new Uint8Array(n);
  const isMember = (ch: number): boolean => stamp[ch] === s && inPrefix[pos[ch]] === 1;
  for (let t = 0; t < permutations; t++) {
    for (let i = 0; i < n; i++) order[i] = players[i];
    // Fisher-Yates with an exact uniform index (rejection of the biased top of the uint32 range).
    for (let i = n - 1; i > 0; i--) {
      const j = uniformIndex(rng, i + 1);
      const tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
    inPrefix.fill(0);
    let hi = 0;
    let lo = 0;
    for (let q = 0; q < n; q++) {
      const player = order[q];
      const ch = sets.members[a + player];
      inPrefix[player] = 1;
      hi = (hi ^ sets.codeHi[ch]) >>> 0;
      lo = (lo ^ sets.codeLo[ch]) >>> 0;
      stepPlayer.push(player);
      stepSet.push(sets.find(hi, lo, isMember, q + 1));
    }
  }
}

function uniformIndex(rng: RandomStream, bound: number): number {
  const limit = 4294967296 - (4294967296 % bound);
  for (;;) {
    const x = rng.nextUint32();
    if (x < limit) return x % bound;
  }
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Shares of every member of every planned set (aligned with `sets.members`), for given set counts. */
export interface ShapleyEvaluation {
  /** Share of each member in its set (0 for sets not planned), aligned with `sets.members`. */
  readonly shares: Float64Array;
  /** Raw phi_j (before clamping), aligned with `sets.members`. */
  readonly phi: Float64Array;
  /** Per-member standard error of phi for sampled sets (0 otherwise). */
  readonly phiError: Float64Array;
  /** 1 when the set had a negative phi_j. */
  readonly negativeSet: Uint8Array;
  /** v(S) of each set (rate or conversions). */
  readonly setValue: Float64Array;
}

/**
 * Evaluates a plan for set-level conversions and nulls (the store's own, or a
 * bootstrap replicate's). Unchecked kernel.
 */
export function evaluateShapleyRate(plan: ShapleyRatePlan, conv: Float64Array, nulls: Float64Array, negative: 'clamp' | 'keep', coalitionValue: 'rate' | 'conversions'): ShapleyEvaluation {
  const { sets, planned, planStart, planEnd, sampled, subSet, subMask, stepPlayer, stepSet, permutations } = plan;
  const v = new Float64Array(sets.size);
  for (let s = 0; s < sets.size; s++) {
    if (coalitionValue === 'conversions') v[s] = conv[s];
    else v[s] = conv[s] + nulls[s] > 0 ? conv[s] / (conv[s] + nulls[s]) : 0;
  }
  const shares = new Float64Array(sets.members.length);
  const phiAll = new Float64Array(sets.members.length);
  const phiError = new Float64Array(sets.members.length);
  const negativeSet = new Uint8Array(sets.size);
  const weights = new Float64Array(33);
  for (let q = 0; q < planned.length; q++) {
    const s = planned[q];
    if (!(conv[s] > 0)) continue;
    const a = sets.ptr[s];
    const n = sets.ptr[s + 1] - a;
    const phi = phiAll.subarray(a, a + n);
    if (sampled[q] === 0) {
      // w(t) = t! (n - t - 1)! / n!, the weight of a coalition of size t joined by a player.
      weights[0] = 1 / n;
      for (let t = 1; t < n; t++) weights[t] = (weights[t - 1] * t) / (n - t);
      for (let k = planStart[q]; k < planEnd[q]; k++) {
        const value = v[subSet[k]];
        if (value === 0) continue;
        const mask = subMask[k];
        const size = popcount(mask);
        const inW = value * weights[size - 1];
        const outW = size < n ? -value * weights[size] : 0;
        for (let j = 0; j < n; j++) phi[j] += (mask & (1 << j)) !== 0 ? inW : outW;
      }
    } else {
      const err = phiError.subarray(a, a + n);
      const sumSq = new Float64Array(n);
      let k = planStart[q];
      for (let t = 0; t < permutations; t++) {
        let prev = 0;
        for (let step = 0; step < n; step++, k++) {
          const id = stepSet[k];
          const cur = id >= 0 ? v[id] : 0;
          const m = cur - prev;
          phi[stepPlayer[k]] += m;
          sumSq[stepPlayer[k]] += m * m;
          prev = cur;
        }
      }
      for (let j = 0; j < n; j++) {
        const mean = phi[j] / permutations;
        const variance = Math.max(0, (sumSq[j] / permutations - mean * mean) * (permutations / (permutations - 1)));
        phi[j] = mean;
        err[j] = Math.sqrt(variance / permutations);
      }
    }
    let total = 0;
    for (let j = 0; j < n; j++) {
      if (phi[j] < 0) negativeSet[s] = 1;
      total += negative === 'clamp' && phi[j] < 0 ? 0 : phi[j];
    }
    for (let j = 0; j < n; j++) {
      const x = negative === 'clamp' && phi[j] < 0 ? 0 : phi[j];
      // sum(phi) = v(S) > 0 for a converting set; rounding cannot make it 0 in practice, but an
      // equal split keeps conservation if it ever did.
      shares[a + j] = total > 0 ? x / total : 1 / n;
    }
  }
  return { shares, phi: phiAll, phiError, negativeSet, setValue: v };
}

function samplingError(plan: ShapleyRatePlan, out: ShapleyEvaluation, conv: Float64Array, channels: number): Float64Array {
  const se = new Float64Array(channels);
  if (plan.sampledCount === 0) return se;
  const { sets } = plan;
  for (let q = 0; q < plan.planned.length; q++) {
    if (plan.sampled[q] === 0) continue;
    const s = plan.planned[q];
    const scale = out.setValue[s] > 0 ? conv[s] / out.setValue[s] : 0;
    for (let i = sets.ptr[s]; i < sets.ptr[s + 1]; i++) se[sets.members[i]] += (scale * out.phiError[i]) ** 2;
  }
  for (let c = 0; c < channels; c++) se[c] = Math.sqrt(se[c]);
  return se;
}
