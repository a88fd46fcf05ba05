import type { Command } from 'commander';
import type { AttributeOptions } from '../attribute.js';
import { PathCreditError } from '../errors.js';
import { parseChannelGroups } from '../markov/group-removal.js';
import { INTERVAL_DEFAULTS } from '../uncertainty/options.js';
import { DIAGNOSTICS_DEFAULTS } from '../diagnostics/diagnostics.js';
import { parseCount } from './model-flags.js';

/** Parsed flags of intervals, group removal and diagnostics (`attribute` only). */
export interface TrustFlags {
  intervals?: boolean;
  replicates?: string;
  level?: string;
  seed?: string;
  removeGroups?: string;
  minConversions?: string;
  minStateCount?: string;
  diagnostics?: string;
}

/** Adds the interval, group-removal and diagnostics flags. */
export function addTrustOptions(cmd: Command): Command {
  return cmd
    .option('--intervals', 'Poisson bootstrap intervals for every model (columns <model>_conversions_lo/_hi, <model>_value_lo/_hi)')
    .option('--replicates <n>', 'bootstrap replicates', String(INTERVAL_DEFAULTS.replicates))
    .option('--level <l>', 'interval level, strictly between 0 and 1', String(INTERVAL_DEFAULTS.level))
    .option('--seed <n>', `seed of the bootstrap generator and of shapley-rate's permutation sampling (default ${INTERVAL_DEFAULTS.seed}; results are identical for any --threads)`)
    .option('--remove-groups <groups>', 'Markov removal effects of channel groups removed together, e.g. "display+video,search+email" (\\ escapes + and ,)')
    .option('--min-conversions <n>', 'flag channels with fewer conversions behind their credit', String(DIAGNOSTICS_DEFAULTS.minConversions))
    .option('--min-state-count <n>', 'flag Markov states visited fewer times (each visit counts)', String(DIAGNOSTICS_DEFAULTS.minStateCount))
    .option('--diagnostics <file>', 'also write the full diagnostics (and intervals, order selection, group effects) as JSON to this file');
}

/** Turns the flags into the matching {@link AttributeOptions}. */
export function trustOptions(flags: TrustFlags): Pick<AttributeOptions, 'intervals' | 'removeGroups' | 'diagnostics'> {
  const level = Number(flags.level ?? INTERVAL_DEFAULTS.level);
  if (!(level > 0 && level < 1)) throw new PathCreditError('--level must be a number strictly between 0 and 1', { value: flags.level });
  const replicates = parseCount('--replicates', flags.replicates ?? String(INTERVAL_DEFAULTS.replicates), 1);
  const seed = parseCount('--seed', flags.seed ?? String(INTERVAL_DEFAULTS.seed), 0);
  if (!Number.isSafeInteger(seed)) throw new PathCreditError('--seed must be at most 2^53 - 1', { value: flags.seed });
  return {
    ...(flags.intervals ? { intervals: { replicates, level, seed } } : {}),
    ...(flags.removeGroups !== undefined ? { removeGroups: parseChannelGroups(flags.removeGroups) } : {}),
    diagnostics: {
      minConversions: parseCount('--min-conversions', flags.minConversions ?? String(DIAGNOSTICS_DEFAULTS.minConversions), 0),
      minStateCount: parseCount('--min-state-count', flags.minStateCount ?? String(DIAGNOSTICS_DEFAULTS.minStateCount), 0),
    },
  };
}
