import type { Command } from 'commander';
import { PathCreditError } from '../errors.js';
import { allModels, type AttributeOptions, type ModelName } from '../attribute.js';
import { SOLVER_CHOICES, type MarkovOptions } from '../markov/options.js';
import type { SolverChoice } from '../markov/removal-solver.js';
import type { PositionBasedOptions } from '../models/index.js';
import type { PathStore } from '../types.js';

/** CLI model names and the library names they stand for. */
export const CLI_MODELS: Readonly<Record<string, ModelName>> = Object.freeze({
  first: 'first_touch',
  last: 'last_touch',
  'last-non-direct': 'last_non_direct',
  linear: 'linear',
  position: 'position_based',
  'time-decay': 'time_decay',
  markov: 'markov',
  shapley: 'shapley',
  'shapley-rate': 'shapley_rate',
  'leave-one-out': 'leave_one_out',
});

/** Parsed model flags shared by `attribute` and `journeys`. */
export interface ModelFlags {
  halfLife?: string;
  order?: string;
  collapseRepeats?: boolean;
  position?: string;
  direct?: string;
  unique?: boolean;
  valueRule?: string;
  perTouchRule?: string;
  markovSolver?: string;
  threads?: string;
  negative?: string;
  shapleyValue?: string;
  shapleyMaxExact?: string;
  shapleyPermutations?: string;
  maxOrder?: string;
}

/**
 * Parses `--models first,linear,...` into library model names. `all` stands for
 * every model the store supports (time decay only with timestamps); without a
 * store it is refused.
 */
export function parseModels(list: string, store?: PathStore): ModelName[] {
  const names = list.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 0) throw new PathCreditError('--models needs at least one model', { value: list });
  if (names.includes('all')) {
    if (store === undefined) throw new PathCreditError('all is not a single model: name one', { value: list });
    if (names.length > 1) throw new PathCreditError('--models all stands alone', { value: list });
    return allModels(store);
  }
  return names.map((n) => {
    const model = Object.hasOwn(CLI_MODELS, n) ? CLI_MODELS[n] : undefined;
    if (!model) throw new PathCreditError(`unknown model (known: ${Object.keys(CLI_MODELS).join(', ')}, or all)`, { value: n });
    return model;
  });
}

/**
 * Refuses model flags given on the command line that the run would ignore (they have defaults, so
 * only the command knows whether the user typed them).
 * @throws PathCreditError naming the flag.
 */
export function refuseIgnoredModelFlags(cmd: Command, flags: ModelFlags): void {
  const auto = flags.order?.trim().toLowerCase() === 'auto';
  if (!auto && cmd.getOptionValueSource('maxOrder') === 'cli') throw new PathCreditError('--max-order applies to --order auto only', { value: flags.maxOrder });
}

/** Turns model flags into the options of {@link attribute}. */
export function modelOptions(flags: ModelFlags): Omit<AttributeOptions, 'models'> {
  const auto = flags.order?.trim().toLowerCase() === 'auto';
  const markov: MarkovOptions = {
    ...(flags.order !== undefined && !auto ? { order: parseOrder(flags.order) } : {}),
    ...(flags.collapseRepeats ? { collapseRepeats: true } : {}),
    ...(flags.valueRule !== undefined ? { value: parseValueRule(flags.valueRule) } : {}),
    ...(flags.perTouchRule !== undefined ? { perTouchRule: parsePerTouchRule(flags.perTouchRule) } : {}),
    ...(flags.markovSolver !== undefined ? { solver: parseMarkovSolver(flags.markovSolver) } : {}),
  };
  return {
    markov,
    timeDecay: flags.halfLife !== undefined ? { halfLife: flags.halfLife } : {},
    positionBased: flags.position !== undefined ? parsePosition(flags.position) : {},
    linear: flags.unique ? { unique: true } : {},
    lastNonDirect: flags.direct !== undefined ? { direct: flags.direct.split(',').map((s) => s.trim()) } : {},
    shapleyRate: {
      ...(flags.negative !== undefined ? { negative: parseNegative(flags.negative) } : {}),
      ...(flags.shapleyValue !== undefined ? { coalitionValue: parseCoalitionValue(flags.shapleyValue) } : {}),
      ...(flags.shapleyMaxExact !== undefined ? { maxExactChannels: parseCount('--shapley-max-exact', flags.shapleyMaxExact, 1) } : {}),
      ...(flags.shapleyPermutations !== undefined ? { permutations: parseCount('--shapley-permutations', flags.shapleyPermutations, 0) } : {}),
    },
    leaveOneOut: {
      ...(flags.negative !== undefined ? { negative: parseNegative(flags.negative) } : {}),
      ...(flags.collapseRepeats ? { collapseRepeats: true } : {}),
    },
    ...(auto ? { chooseOrder: { ...(flags.maxOrder !== undefined ? { maxOrder: parseCount('--max-order', flags.maxOrder, 1, 10) } : {}) } } : {}),
  };
}

function parseNegative(text: string): 'clamp' | 'keep' {
  if (text !== 'clamp' && text !== 'keep') throw new PathCreditError('--negative must be clamp or keep', { value: text });
  return text;
}

function parseCoalitionValue(text: string): 'rate' | 'conversions' {
  if (text !== 'rate' && text !== 'conversions') throw new PathCreditError('--shapley-value must be rate or conversions', { value: text });
  return text;
}

/** Parses an integer flag that must be at least `min` (and at most `max`). */
export function parseCount(flag: string, text: string, min: number, max = Infinity): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    throw new PathCreditError(max === Infinity ? `${flag} must be an integer >= ${min}` : `${flag} must be an integer from ${min} to ${max}`, { value: text });
  }
  return n;
}

/** Parses `--order`. */
export function parseOrder(text: string): number {
  const order = Number(text);
  if (!Number.isInteger(order) || order < 1) throw new PathCreditError('--order must be a positive integer', { value: text });
  return order;
}

function parseValueRule(text: string): 'exact' | 'proportional' {
  if (text !== 'exact' && text !== 'proportional') throw new PathCreditError('--value-rule must be exact or proportional', { value: text });
  return text;
}

function parseMarkovSolver(text: string): SolverChoice {
  const solver = SOLVER_CHOICES.find((s) => s === text);
  if (solver === undefined) throw new PathCreditError(`--markov-solver must be one of ${SOLVER_CHOICES.join(', ')}`, { value: text });
  return solver;
}

function parsePerTouchRule(text: string): 'path' | 'channel' {
  if (text !== 'path' && text !== 'channel') throw new PathCreditError('--per-touch-rule must be path or channel', { value: text });
  return text;
}

/** Parses `--position 0.4,0.4` or a preset name `U`, `J`, `inverse-J`. */
export function parsePosition(text: string): PositionBasedOptions {
  const presets: Record<string, PositionBasedOptions['preset']> = { u: 'U', j: 'J', 'inverse-j': 'inverseJ', inversej: 'inverseJ' };
  const preset = presets[text.trim().toLowerCase()];
  if (preset) return { preset };
  const parts = text.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 2 || parts.some((x) => !Number.isFinite(x))) {
    throw new PathCreditError('--position must be two weights "first,last" such as 0.4,0.4, or U, J, inverse-J', { value: text });
  }
  return { first: parts[0], last: parts[1] };
}

/** Parses `--threads` (undefined: the library default, the available cores). */
export function parseThreads(text: string | undefined, flag = '--threads'): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new PathCreditError(`${flag} must be a positive integer`, { value: text });
  return n;
}

/** Adds `--models <list>`, shared by `attribute` and `report`. */
export function addModelsOption(cmd: Command): Command {
  return cmd.option(
    '--models <list>',
    `comma-separated: ${Object.keys(CLI_MODELS).join(',')}, or all (default: the heuristics and markov; time-decay only with timestamps)`,
  );
}

/** Adds the model options shared by `attribute`, `report` and `journeys`. */
export function addModelOptions(cmd: Command): Command {
  return cmd
    .option('--half-life <duration>', 'time-decay half-life, e.g. 7d, 12h', '7d')
    .option('--order <k>', 'Markov order, or auto to choose it by held-out likelihood (see --max-order)', '1')
    .option('--max-order <k>', 'with --order auto: the largest order tried', '4')
    .option('--collapse-repeats', 'Markov and leave-one-out: merge consecutive repeated channels first')
    .option('--value-rule <rule>', 'Markov value credit: exact or proportional', 'exact')
    .option('--markov-solver <method>', `Markov removal method: ${SOLVER_CHOICES.join(', ')} (see docs/markov.md)`, 'auto')
    .option('--position <weights>', 'position-based first,last weights (e.g. 0.4,0.4) or U, J, inverse-J', 'U')
    .option('--direct <list>', 'last-non-direct: channels that count as direct', 'direct,Direct,(direct)')
    .option('--unique', 'linear: split over distinct channels instead of touches')
    .option('--negative <rule>', 'shapley-rate and leave-one-out: clamp negative marginals to 0 or keep them', 'clamp')
    .option('--shapley-value <v>', 'shapley-rate coalition value: rate (conversion rate) or conversions', 'rate')
    .option('--shapley-max-exact <n>', 'shapley-rate: largest channel set solved exactly (2^n subsets)', '16')
    .option('--shapley-permutations <n>', 'shapley-rate: permutations sampled per set above the cap (0: refuse such sets)', '1000');
}

/** Adds the output options shared by every subcommand. */
export function addOutputOptions(cmd: Command, formatHelp: string): Command {
  return cmd
    .option('-o, --out <file>', 'write to a file; the format follows the extension (.csv, .json, .arrow)')
    .option('-f, --format <format>', formatHelp)
    .option('--allow-formulas', 'CSV: write cells starting with = + - @ verbatim instead of prefixing a quote');
}
