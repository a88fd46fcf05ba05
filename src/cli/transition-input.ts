import type { PrintedResult } from './attribute-output.js';
import type { Command } from 'commander';
import { PathCreditError } from '../errors.js';
import { markovFromCounts } from '../markov/markov.js';
import type { TransitionCounter } from '../markov/transition-counter.js';
import { creditsTable } from '../results/credits-table.js';
import type { EngineSettings } from './engine-options.js';
import { type ModelFlags, modelOptions, parseModels, parseOrder } from './model-flags.js';

/**
 * Reads Markov transition counts (`--layout transitions`, the output of
 * `pathcredit sql --query transitions`) for a command. An `--order` given on
 * the command line is checked against the states; otherwise the longest
 * state gives it.
 *
 * @throws PathCreditError with an engine other than in-process (the counts are already aggregated).
 */
export async function loadTransitionCounts(input: string, cmd: Command, flags: ModelFlags & { delimiter?: string }, engine: EngineSettings): Promise<TransitionCounter> {
  if (engine.engine !== 'in-process') throw new PathCreditError('--layout transitions reads counts that are already aggregated: drop --engine');
  const order = cmd.getOptionValueSource('order') === 'cli' && flags.order !== undefined ? parseOrder(flags.order) : undefined;
  // Loaded on demand: its CSV and Parquet parsers stay off the start-up path of every other command.
  const { readTransitionCounts } = await import('../io/transitions/read-transitions.js');
  return readTransitionCounts(input, { order, collapseRepeats: flags.collapseRepeats ?? false, delimiter: flags.delimiter });
}

/**
 * Markov attribution from transition counts alone (no paths): the only
 * model the counts support.
 *
 * @throws PathCreditError when `--models` names another model.
 */
export async function attributeTransitionCounts(
  input: string,
  cmd: Command,
  flags: ModelFlags & { models?: string; delimiter?: string },
  engine: EngineSettings,
): Promise<{ result: PrintedResult; summary: string }> {
  if (flags.models !== undefined && parseModels(flags.models).some((m) => m !== 'markov')) {
    throw new PathCreditError('transition counts support only the markov model (the other models need paths)', { value: flags.models });
  }
  const counter = await loadTransitionCounts(input, cmd, flags, engine);
  const { value } = modelOptions(flags).markov ?? {};
  const markov = markovFromCounts(counter, value === undefined ? {} : { value });
  const summary = `read transition counts (order ${counter.order}): ${counter.channels.length} channels, ${counter.stateCount} states, ${counter.transitionCount} transitions\n`;
  return { result: { table: creditsTable([markov.credits]), credits: [markov.credits], markov }, summary };
}
