import { PathCreditError } from '../errors.js';
import type { CommonModelOptions } from '../types.js';
import type { SolverChoice } from './removal-solver.js';
import type { StateOptions } from './transition-counter.js';

/** Options of {@link markov} and {@link markovFromCounts}. */
export interface MarkovOptions extends StateOptions, CommonModelOptions {
  /**
   * How value is credited. `'exact'` (default): value removal effects RV_c = 1 - V_-c / V from
   * the expected conversion value V (ChannelAttribution's mu convention), value_c = RV_c / sum(RV) * total value.
   * `'proportional'`: value_c = RE_c / sum(RE) * total value.
   */
  readonly value?: 'exact' | 'proportional';
  /**
   * Removal method. `'auto'` (default) picks by the sizes where each was measured fastest:
   * `'direct'` (dense LU, one block solve per channel) for small state spaces; at order 1 above
   * 250 states `'fundamental'` (every removal from one forward solve, one transposed solve and
   * the diagonal of the fundamental matrix); at higher orders `'affected'` (per channel, Gauss-Seidel
   * over only the states that can reach the channel's states, warm-started). `'iterative'`
   * re-solves the whole chain per channel (the reference the others are tested against).
   */
  readonly solver?: SolverChoice;
  /** Residual tolerance ||(I - Q) x - b||_inf of the iterative solver. Default 1e-12. */
  readonly tolerance?: number;
  /** Maximum Gauss-Seidel sweeps per solve (there are channels + 1 solves). Default 100000. */
  readonly maxIterations?: number;
  /**
   * How `perTouch` credit is allocated (only read when `perTouch` is true).
   * `'path'` (default): each converting path's conversions (and value) are split over its touches
   * in proportion to the removal effects (RE; RV for exact value) of their channels, renormalised
   * within the path, so every path keeps exactly its own conversions. Summed per channel this
   * generally differs from the removal-effect credit (reported as `perTouchChannelTotals`).
   * `'channel'`: the same shares, then rescaled per channel so touches sum to the channel credit;
   * a path's touches then no longer sum to its conversions.
   */
  readonly perTouchRule?: 'path' | 'channel';
}

/** Accepted values of {@link MarkovOptions.solver}. */
export const SOLVER_CHOICES: readonly SolverChoice[] = ['auto', 'direct', 'iterative', 'fundamental', 'affected'];

/** Defaults of {@link MarkovOptions}. */
export const MARKOV_DEFAULTS = {
  order: 1,
  collapseRepeats: false,
  value: 'exact',
  solver: 'auto',
  tolerance: 1e-12,
  maxIterations: 100_000,
  perTouch: false,
  perTouchRule: 'path',
} as const;

/** {@link MarkovOptions} with every default filled in. */
export type ResolvedMarkovOptions = {
  readonly order: number;
  readonly collapseRepeats: boolean;
  readonly value: 'exact' | 'proportional';
  readonly solver: SolverChoice;
  readonly tolerance: number;
  readonly maxIterations: number;
  readonly perTouch: boolean;
  readonly perTouchRule: 'path' | 'channel';
};

/**
 * Validates options and fills defaults once (the public wrappers call this).
 * @throws PathCreditError naming the bad option and value.
 * @example
 * ```ts
 * resolveMarkovOptions({ order: 2 }).solver; // 'auto'
 * ```
 */
export function resolveMarkovOptions(options: MarkovOptions): ResolvedMarkovOptions {
  const o = { ...MARKOV_DEFAULTS, ...stripUndefined(options) } as ResolvedMarkovOptions;
  if (!Number.isInteger(o.order) || o.order < 1 || o.order > 255) {
    throw new PathCreditError('order must be a positive integer (at most 255)', { column: 'order', value: options.order });
  }
  if (typeof o.collapseRepeats !== 'boolean') throw new PathCreditError('collapseRepeats must be a boolean', { value: o.collapseRepeats });
  if (o.value !== 'exact' && o.value !== 'proportional') throw new PathCreditError(`value must be 'exact' or 'proportional'`, { value: o.value });
  if (!(SOLVER_CHOICES as readonly unknown[]).includes(o.solver)) {
    throw new PathCreditError(`solver must be one of ${SOLVER_CHOICES.map((s) => `'${s}'`).join(', ')}`, { value: o.solver });
  }
  if (typeof o.tolerance !== 'number' || !(o.tolerance > 0) || o.tolerance === Infinity) {
    throw new PathCreditError('tolerance must be a finite number > 0', { value: o.tolerance });
  }
  if (!Number.isInteger(o.maxIterations) || o.maxIterations < 1) throw new PathCreditError('maxIterations must be a positive integer', { value: o.maxIterations });
  if (typeof o.perTouch !== 'boolean') throw new PathCreditError('perTouch must be a boolean', { value: o.perTouch });
  if (o.perTouchRule !== 'path' && o.perTouchRule !== 'channel') throw new PathCreditError(`perTouchRule must be 'path' or 'channel'`, { value: o.perTouchRule });
  return o;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
