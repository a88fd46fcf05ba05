import { PathCreditError } from '../errors.js';
import type { ModelName, ModelSettings } from '../model-set.js';
import type { ChannelCredits, PathStore } from '../types.js';
import { summarise, type BootstrapIntervals } from '../uncertainty/bootstrap.js';
import { bootstrapUnits } from '../uncertainty/bootstrap-units.js';
import { columnQuantiles, type ModelIntervals, type RemovalEffectIntervals } from '../uncertainty/intervals.js';
import type { ResolvedIntervalOptions } from '../uncertainty/options.js';
import { Replicator } from '../uncertainty/replicate.js';
import { ReplicateModels } from '../uncertainty/replicate-models.js';
import type { Segmentation } from './segmentation.js';

/** Whether a segment's share of a channel's credit differs from the all-segments share. */
export type ShareVerdict = 'higher' | 'lower' | 'inconclusive';

/**
 * One model's comparison of a segment with all segments: per channel, the
 * channel's share of the segment's conversions against its share of all
 * conversions, and a bootstrap interval of the difference.
 */
export interface ShareComparison {
  /** The model. */
  readonly model: ModelName;
  /** Per channel id: credit in the segment / the segment's conversions (0 without conversions). */
  readonly share: Float64Array;
  /** Per channel id: all-segments credit / all conversions. */
  readonly allShare: Float64Array;
  /** Lower end of the interval of `share - allShare` over the replicates (same level as the credits'). */
  readonly differenceLo: Float64Array;
  /** Upper end of that interval. */
  readonly differenceHi: Float64Array;
  /** `higher` when the whole interval lies above 0, `lower` when below, else `inconclusive`. */
  readonly verdict: readonly ShareVerdict[];
}

/** Bootstrap intervals of one segment. */
export interface SegmentIntervals {
  /** Intervals of the segment's credits and totals, per model in run order. */
  readonly models: readonly ModelIntervals[];
  /** Intervals of the removal effects of the segment's own chain, when Markov ran. */
  readonly markov?: RemovalEffectIntervals;
  /** Per model: the segment's shares against the all-segments shares. */
  readonly shares: readonly ShareComparison[];
  /** Replicates in which the segment had no conversion (all its credits counted as 0). */
  readonly degenerateReplicates: number;
}

/** Intervals of a segmented run: all segments, and each segment. */
export interface SegmentIntervalResult {
  /** The all-segments intervals (the same replicates, so every comparison is paired). */
  readonly all: BootstrapIntervals;
  /** One entry per segment. */
  readonly segments: readonly SegmentIntervals[];
}

/** Point estimates the comparison is centred on. */
export interface SegmentPointCredits {
  /** Per segment, each model's credits. */
  readonly segments: readonly (readonly ChannelCredits[])[];
  /** Each model's all-segments credits. */
  readonly all: readonly ChannelCredits[];
}

/** Most replicate numbers held at once (8 bytes each: 2 GiB). */
export const MAX_SEGMENT_REPLICATE_NUMBERS = 1 << 28;

/**
 * The Poisson bootstrap of a segmented run. The resampling units are the
 * distinct paths **of each segment** (a path's key mixes in its segment, so
 * identical paths of two segments are drawn independently, as their journeys
 * are). In each replicate every model reruns on the (segment, channel) view,
 * Markov on each segment's own paths, and every model on all paths together;
 * the segment and all-segments numbers of one replicate come from the same
 * draw, so the difference of a segment's share from the all-segments share gets
 * a paired interval. Single-threaded.
 *
 * @throws PathCreditError when the replicate matrices would exceed {@link MAX_SEGMENT_REPLICATE_NUMBERS} numbers.
 */
export function segmentIntervals(
  store: PathStore,
  seg: Segmentation,
  view: PathStore,
  models: readonly ModelName[],
  settings: ModelSettings,
  options: ResolvedIntervalOptions,
  point: SegmentPointCredits,
): SegmentIntervalResult {
  const C = store.channels.length;
  const S = seg.labels.length;
  const SC = S * C;
  const B = options.replicates;
  const M = models.length;
  const hasMarkov = models.includes('markov');
  const numbers = B * SC * (3 * M + (hasMarkov ? 2 : 0));
  if (numbers > MAX_SEGMENT_REPLICATE_NUMBERS) {
    throw new PathCreditError(
      `intervals by segment would hold ${numbers.toLocaleString('en-US')} replicate numbers (replicates x segments x channels x models), more than ${MAX_SEGMENT_REPLICATE_NUMBERS.toLocaleString('en-US')}: use fewer replicates, segments or models`,
      { column: 'replicates', value: B },
    );
  }
  // Keys from names that carry the segment; models then see the plain names again.
  const hashNames = view.channels.map((name, i) => JSON.stringify([seg.labels[Math.floor(i / C)], name]));
  const keyed = bootstrapUnits({ ...view, channels: hashNames }, models.includes('time_decay'));
  const units = { ...keyed, store: { ...keyed.store, channels: view.channels } };
  const u = units.store;
  const U = u.pathCount;
  const unitSegment = new Int32Array(U);
  for (let i = 0; i < U; i++) unitSegment[i] = u.offsets[i] < u.offsets[i + 1] ? Math.floor(u.touches[u.offsets[i]] / C) : -1;
  const collapsed: PathStore = { ...u, channels: store.channels, touches: Uint32Array.from(u.touches, (t) => t % C) };

  const viewModels: ModelName[] = models.filter((m) => m !== 'markov');
  const onView = viewModels.length > 0 ? new ReplicateModels(u, viewModels, settings) : null;
  const onAll = new ReplicateModels(collapsed, models, settings);
  const segMarkov = hasMarkov ? segmentMarkovReplicas(u, unitSegment, S, C, store.channels, settings) : [];

  const allRows = new Float64Array(B * onAll.layout.width);
  const allDegenerate = new Int32Array(M);
  const conv = models.map(() => new Float64Array(B * SC));
  const val = models.map(() => new Float64Array(B * SC));
  const diff = models.map(() => new Float64Array(B * SC));
  const totConv = new Float64Array(B * S);
  const totVal = new Float64Array(B * S);
  const re = hasMarkov ? new Float64Array(B * SC) : null;
  const rv = hasMarkov ? new Float64Array(B * SC) : null;
  const reSum = hasMarkov ? new Float64Array(B * 2 * S) : null;
  const segDegenerate = new Int32Array(S);
  const viewRow = new Float64Array(onView?.layout.width ?? 0);
  const viewDegenerate = new Int32Array(viewModels.length);
  const replicator = new Replicator(units, options.seed);

  for (let b = 0; b < B; b++) {
    const rep = replicator.draw(b);
    const tc = totConv.subarray(b * S, (b + 1) * S);
    const tv = totVal.subarray(b * S, (b + 1) * S);
    for (let i = 0; i < U; i++) {
      const s = unitSegment[i];
      if (s >= 0 && rep.conversions[i] > 0) {
        tc[s] += rep.conversions[i];
        tv[s] += rep.value[i];
      }
    }
    for (let s = 0; s < S; s++) if (!(tc[s] > 0)) segDegenerate[s]++;
    const allRow = allRows.subarray(b * onAll.layout.width, (b + 1) * onAll.layout.width);
    onAll.run({ ...collapsed, conversions: rep.conversions, nulls: rep.nulls, value: rep.value }, allRow, allDegenerate);
    if (onView) onView.run(rep, viewRow, viewDegenerate);
    for (let m = 0; m < M; m++) {
      const cm = conv[m].subarray(b * SC, (b + 1) * SC);
      const vm = val[m].subarray(b * SC, (b + 1) * SC);
      if (models[m] === 'markov') {
        const rb = re!.subarray(b * SC, (b + 1) * SC);
        const vb = rv!.subarray(b * SC, (b + 1) * SC);
        for (const r of segMarkov) r.run(rep, cm, vm, rb, vb);
        for (let s = 0; s < S; s++) {
          let x = 0;
          let y = 0;
          for (let c = 0; c < C; c++) {
            x += rb[s * C + c];
            y += vb[s * C + c];
          }
          reSum![b * 2 * S + 2 * s] = x;
          reSum![b * 2 * S + 2 * s + 1] = y;
        }
      } else {
        const at = onView!.layout.offsets[viewModels.indexOf(models[m])];
        cm.set(viewRow.subarray(at, at + SC));
        vm.set(viewRow.subarray(at + SC, at + 2 * SC));
      }
      const atAll = onAll.layout.offsets[m];
      const allTotal = allRow[atAll + 2 * C];
      const dm = diff[m].subarray(b * SC, (b + 1) * SC);
      for (let s = 0; s < S; s++) {
        for (let c = 0; c < C; c++) {
          const share = tc[s] > 0 ? cm[s * C + c] / tc[s] : 0;
          dm[s * C + c] = share - (allTotal > 0 ? allRow[atAll + c] / allTotal : 0);
        }
      }
    }
  }

  const all = summarise({ ...units, store: collapsed }, models, options, { rows: allRows, degenerate: allDegenerate });
  const q = (matrix: Float64Array, width: number) => columnQuantiles(matrix, B, width, options.level);
  const convQ = conv.map((x) => q(x, SC));
  const valQ = val.map((x) => q(x, SC));
  const diffQ = diff.map((x) => q(x, SC));
  const totConvQ = q(totConv, S);
  const totValQ = q(totVal, S);
  const reQ = re ? q(re, SC) : null;
  const rvQ = rv ? q(rv, SC) : null;
  const sumQ = reSum ? q(reSum, 2 * S) : null;
  const cut = (a: Float64Array, s: number) => a.slice(s * C, (s + 1) * C);
  const segments = Array.from({ length: S }, (_, s): SegmentIntervals => {
    const modelIv = models.map(
      (model, m): ModelIntervals => ({
        model,
        conversionsLo: cut(convQ[m].lo, s),
        conversionsHi: cut(convQ[m].hi, s),
        valueLo: cut(valQ[m].lo, s),
        valueHi: cut(valQ[m].hi, s),
        totalConversionsLo: totConvQ.lo[s],
        totalConversionsHi: totConvQ.hi[s],
        totalValueLo: totValQ.lo[s],
        totalValueHi: totValQ.hi[s],
        degenerateReplicates: segDegenerate[s],
      }),
    );
    const shares = models.map((model, m): ShareComparison => {
      const own = point.segments[s][m];
      const whole = point.all[m];
      const share = Float64Array.from(own.conversions, (x) => (own.totalConversions > 0 ? x / own.totalConversions : 0));
      const allShare = Float64Array.from(whole.conversions, (x) => (whole.totalConversions > 0 ? x / whole.totalConversions : 0));
      const lo = cut(diffQ[m].lo, s);
      const hi = cut(diffQ[m].hi, s);
      return { model, share, allShare, differenceLo: lo, differenceHi: hi, verdict: Array.from(lo, (l, c): ShareVerdict => (l > 0 ? 'higher' : hi[c] < 0 ? 'lower' : 'inconclusive')) };
    });
    const markovIv: RemovalEffectIntervals | undefined =
      reQ && rvQ
        ? {
            removalEffectsLo: cut(reQ.lo, s),
            removalEffectsHi: cut(reQ.hi, s),
            valueRemovalEffectsLo: cut(rvQ.lo, s),
            valueRemovalEffectsHi: cut(rvQ.hi, s),
            sumLo: sumQ!.lo[2 * s],
            sumHi: sumQ!.hi[2 * s],
            valueSumLo: sumQ!.lo[2 * s + 1],
            valueSumHi: sumQ!.hi[2 * s + 1],
          }
        : undefined;
    return { models: modelIv, ...(markovIv ? { markov: markovIv } : {}), shares, degenerateReplicates: segDegenerate[s] };
  });
  return { all, segments };
}

/** One segment's Markov chain prepared on its units, rerun on each replicate. */
interface SegmentMarkovReplica {
  /** Writes the segment's Markov credits and removal effects of a replicate into the (segment, channel) slots. */
  run(rep: PathStore, conv: Float64Array, value: Float64Array, re: Float64Array, rv: Float64Array): void;
}

// Each segment's units as a store of its own over the plain channel ids, with buffers
// the replicate's counts are gathered into.
function segmentMarkovReplicas(u: PathStore, unitSegment: Int32Array, S: number, C: number, channels: readonly string[], settings: ModelSettings): SegmentMarkovReplica[] {
  const members: number[][] = Array.from({ length: S }, () => []);
  for (let i = 0; i < unitSegment.length; i++) if (unitSegment[i] >= 0) members[unitSegment[i]].push(i);
  const out: SegmentMarkovReplica[] = [];
  for (let s = 0; s < S; s++) {
    const idx = Int32Array.from(members[s]);
    if (idx.length === 0 || !idx.some((i) => u.conversions[i] > 0)) continue;
    let total = 0;
    for (const i of idx) total += u.offsets[i + 1] - u.offsets[i];
    const offsets = new Int32Array(idx.length + 1);
    const touches = new Uint32Array(total);
    let at = 0;
    idx.forEach((i, k) => {
      for (let t = u.offsets[i]; t < u.offsets[i + 1]; t++) touches[at++] = u.touches[t] - s * C;
      offsets[k + 1] = at;
    });
    const conversions = Float64Array.from(idx, (i) => u.conversions[i]);
    const sub: PathStore = { ...u, channels, pathCount: idx.length, offsets, touches, times: null, conversionTimes: null, conversions, value: Float64Array.from(idx, (i) => u.value[i]), nulls: Float64Array.from(idx, (i) => u.nulls[i]) };
    const model = new ReplicateModels(sub, ['markov'], settings);
    const row = new Float64Array(model.layout.width);
    const degenerate = new Int32Array(1);
    const rc = new Float64Array(idx.length);
    const rn = new Float64Array(idx.length);
    const rvBuf = new Float64Array(idx.length);
    const fx = model.layout.markovEffects;
    out.push({
      run(rep, conv, value, re, rv) {
        for (let k = 0; k < idx.length; k++) {
          rc[k] = rep.conversions[idx[k]];
          rn[k] = rep.nulls[idx[k]];
          rvBuf[k] = rep.value[idx[k]];
        }
        model.run({ ...sub, conversions: rc, nulls: rn, value: rvBuf }, row, degenerate);
        conv.set(row.subarray(0, C), s * C);
        value.set(row.subarray(C, 2 * C), s * C);
        re.set(row.subarray(fx, fx + C), s * C);
        rv.set(row.subarray(fx + C, fx + 2 * C), s * C);
      },
    });
  }
  return out;
}
