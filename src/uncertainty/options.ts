import { PathCreditError } from '../errors.js';

/** Options of bootstrap intervals (`intervals` in `attribute`). */
export interface IntervalOptions {
  /** Bootstrap replicates B (a positive integer). Default 200. */
  readonly replicates?: number;
  /** Interval level L in (0, 1): the quantiles (1 - L) / 2 and (1 + L) / 2. Default 0.9. */
  readonly level?: number;
  /** Seed of the counter-based generator (a non-negative safe integer). Default 1. */
  readonly seed?: number;
  /**
   * Worker threads for the replicates (`attributeAsync` only; `attribute` runs them on the calling
   * thread). Results are bit-identical for any number. Default: the available cores, and one
   * thread when the work is small (below about 2e6 path-replicates) or no built worker script exists.
   */
  readonly threads?: number;
}

/** Defaults of {@link IntervalOptions}. */
export const INTERVAL_DEFAULTS = { replicates: 200, level: 0.9, seed: 1 } as const;

/** {@link IntervalOptions} validated, with defaults. */
export interface ResolvedIntervalOptions {
  readonly replicates: number;
  readonly level: number;
  readonly seed: number;
  readonly threads: number | undefined;
}

/**
 * Validates interval options (or `true` for the defaults).
 * @throws PathCreditError naming the bad option and value.
 * @example
 * ```ts
 * resolveIntervalOptions(true).replicates; // 200
 * ```
 */
export function resolveIntervalOptions(options: IntervalOptions | true): ResolvedIntervalOptions {
  const o = options === true ? {} : options;
  const replicates = o.replicates ?? INTERVAL_DEFAULTS.replicates;
  const level = o.level ?? INTERVAL_DEFAULTS.level;
  const seed = o.seed ?? INTERVAL_DEFAULTS.seed;
  if (!Number.isInteger(replicates) || replicates < 1 || replicates > 1_000_000) {
    throw new PathCreditError('replicates must be a positive integer (at most 1,000,000)', { column: 'replicates', value: replicates });
  }
  if (typeof level !== 'number' || !(level > 0 && level < 1)) throw new PathCreditError('level must be a number strictly between 0 and 1', { column: 'level', value: level });
  if (!Number.isSafeInteger(seed) || seed < 0) throw new PathCreditError('seed must be a non-negative integer (at most 2^53 - 1)', { column: 'seed', value: seed });
  if (o.threads !== undefined && (!Number.isInteger(o.threads) || o.threads < 1)) throw new PathCreditError('threads must be a positive integer', { column: 'threads', value: o.threads });
  return { replicates, level, seed, threads: o.threads };
}
