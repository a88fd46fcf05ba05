import { quantileSorted } from 'simple-statistics';
import type { ModelName } from '../model-set.js';
import type { ReplicateLayout } from './replicate-models.js';

/** Percentile intervals of one model's credits. */
export interface ModelIntervals {
  /** The model. */
  readonly model: ModelName;
  /** Lower bound of each channel's conversion credit (by channel id). */
  readonly conversionsLo: Float64Array;
  /** Upper bound of each channel's conversion credit. */
  readonly conversionsHi: Float64Array;
  /** Lower bound of each channel's value credit. */
  readonly valueLo: Float64Array;
  /** Upper bound of each channel's value credit. */
  readonly valueHi: Float64Array;
  /** Interval of the total conversions (they vary between replicates too). */
  readonly totalConversionsLo: number;
  /** See `totalConversionsLo`. */
  readonly totalConversionsHi: number;
  /** Interval of the total value. */
  readonly totalValueLo: number;
  /** See `totalValueLo`. */
  readonly totalValueHi: number;
  /** Replicates in which the model had nothing to distribute (no conversions): every credit counted as 0. */
  readonly degenerateReplicates: number;
}

/** Percentile intervals of the Markov removal effects. */
export interface RemovalEffectIntervals {
  /** Lower bound of each channel's removal effect RE_c. */
  readonly removalEffectsLo: Float64Array;
  /** Upper bound of RE_c. */
  readonly removalEffectsHi: Float64Array;
  /** Lower bound of each channel's value removal effect RV_c. */
  readonly valueRemovalEffectsLo: Float64Array;
  /** Upper bound of RV_c. */
  readonly valueRemovalEffectsHi: Float64Array;
  /** Interval of the sum of removal effects (the normaliser of the credits). */
  readonly sumLo: number;
  /** See `sumLo`. */
  readonly sumHi: number;
  /** Interval of the sum of value removal effects. */
  readonly valueSumLo: number;
  /** See `valueSumLo`. */
  readonly valueSumHi: number;
}

/** The quantile rule, in words (for reports). */
export const QUANTILE_RULE =
  'type 7 (R and NumPy default): for sorted replicates x_1..x_B and probability q, h = (B - 1) q, value x_(floor h + 1) + (h - floor h) (x_(floor h + 2) - x_(floor h + 1))';

/** Quantiles (1 - L) / 2 and (1 + L) / 2 of every column of a B x width row-major matrix. */
export function columnQuantiles(matrix: Float64Array, replicates: number, width: number, level: number): { lo: Float64Array; hi: Float64Array } {
  const lo = new Float64Array(width);
  const hi = new Float64Array(width);
  const column = new Float64Array(replicates);
  const qLo = (1 - level) / 2;
  const qHi = (1 + level) / 2;
  for (let j = 0; j < width; j++) {
    for (let b = 0; b < replicates; b++) column[b] = matrix[b * width + j];
    column.sort();
    const sorted = column as unknown as number[];
    lo[j] = quantileSorted(sorted, qLo);
    hi[j] = quantileSorted(sorted, qHi);
  }
  return { lo, hi };
}

/** Splits the per-column bounds into {@link ModelIntervals} (and Markov effect intervals). */
export function modelIntervals(
  layout: ReplicateLayout,
  bounds: { lo: Float64Array; hi: Float64Array },
  degenerate: Int32Array,
): { models: ModelIntervals[]; markov?: RemovalEffectIntervals } {
  const C = layout.channels;
  const slice = (a: Float64Array, at: number) => a.slice(at, at + C);
  const models = layout.models.map((model, m) => {
    const at = layout.offsets[m];
    return {
      model,
      conversionsLo: slice(bounds.lo, at),
      conversionsHi: slice(bounds.hi, at),
      valueLo: slice(bounds.lo, at + C),
      valueHi: slice(bounds.hi, at + C),
      totalConversionsLo: bounds.lo[at + 2 * C],
      totalConversionsHi: bounds.hi[at + 2 * C],
      totalValueLo: bounds.lo[at + 2 * C + 1],
      totalValueHi: bounds.hi[at + 2 * C + 1],
      degenerateReplicates: degenerate[m],
    };
  });
  if (layout.markovEffects < 0) return { models };
  const at = layout.markovEffects;
  return {
    models,
    markov: {
      removalEffectsLo: slice(bounds.lo, at),
      removalEffectsHi: slice(bounds.hi, at),
      valueRemovalEffectsLo: slice(bounds.lo, at + C),
      valueRemovalEffectsHi: slice(bounds.hi, at + C),
      sumLo: bounds.lo[at + 2 * C],
      sumHi: bounds.hi[at + 2 * C],
      valueSumLo: bounds.lo[at + 2 * C + 1],
      valueSumHi: bounds.hi[at + 2 * C + 1],
    },
  };
}
