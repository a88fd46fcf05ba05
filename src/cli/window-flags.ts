import type { Command } from 'commander';
import { defaultModels, type ModelName } from '../attribute.js';
import { attributeWindows } from '../windows/attribute-windows.js';
import type { WindowedAttribution } from '../windows/daily-accumulators.js';
import type { PathStore } from '../types.js';
import type { OutputColumn } from './columns.js';
import { parseModels } from './model-flags.js';
import { PathCreditError } from '../errors.js';
import { parseIsoTimestamp } from '../core/timestamp.js';
import { windowSpecDays } from '../windows/window-spec.js';

/** Parsed rolling-window flags. */
export interface WindowFlags {
  window?: string;
  step?: string;
  windowEnd?: string;
  partialWindows?: boolean;
}

/** Adds `--window`, `--step`, `--window-end` and `--partial-windows`. */
export function addWindowOptions(cmd: Command): Command {
  return cmd
    .option('--window <days>', 'rolling windows of this many whole days (e.g. 28d): credits per window end, in long format (window_end, channel, model, conversions, value)')
    .option('--step <days>', 'with --window: days between window ends', '1d')
    .option('--window-end <date>', 'with --window: the last day of the latest window, e.g. 2024-03-31 (default: the last day with data)')
    .option('--partial-windows', 'with --window: also the earliest windows that start before the first day with data');
}

/**
 * Checks the window flags before any input is read (the days of `--window` and `--step`, the date
 * of `--window-end`); refuses the window options without `--window`, and windows per segment.
 * @throws PathCreditError naming the flag and its value.
 */
export function checkWindowFlags(cmd: Command, flags: WindowFlags, segmented: boolean): void {
  if (segmented && flags.window !== undefined) throw new PathCreditError('--window does not combine with --segment-column (run the windows without segments)');
  if (flags.window === undefined) {
    for (const [name, flag] of [['step', '--step'], ['windowEnd', '--window-end'], ['partialWindows', '--partial-windows']] as const) {
      if (cmd.getOptionValueSource(name) === 'cli') throw new PathCreditError(`${flag} needs --window`, { value: String(cmd.getOptionValue(name)) });
    }
    return;
  }
  windowSpecDays(flags.window, '--window');
  windowSpecDays(flags.step ?? '1d', '--step');
  if (flags.windowEnd !== undefined && !Number.isFinite(parseIsoTimestamp(flags.windowEnd))) {
    throw new PathCreditError('--window-end must be an ISO date such as 2024-03-31', { value: flags.windowEnd });
  }
}

/**
 * Runs the windows the flags ask for over a loaded store, with the models of
 * `--models` (default: the heuristics and Markov) and the run's model options.
 */
export function runWindows(store: PathStore, flags: WindowFlags & { models?: string }, options: object): WindowedAttribution {
  const models: ModelName[] = flags.models !== undefined ? parseModels(flags.models, store) : defaultModels(store);
  return attributeWindows(store, {
    ...options,
    models,
    window: flags.window!,
    step: flags.step ?? '1d',
    ...(flags.windowEnd !== undefined ? { end: flags.windowEnd } : {}),
    ...(flags.partialWindows ? { partial: true } : {}),
  });
}

/** The long output: one row per window, model and channel. */
export function windowColumns(r: WindowedAttribution): OutputColumn[] {
  const ends: string[] = [];
  const channels: string[] = [];
  const models: string[] = [];
  const conversions: number[] = [];
  const value: number[] = [];
  for (const w of r.windows) {
    for (const c of w.credits) {
      c.channels.forEach((name, i) => {
        ends.push(w.end);
        channels.push(name);
        models.push(c.model);
        conversions.push(c.conversions[i]);
        value.push(c.value[i]);
      });
    }
  }
  return [
    { name: 'window_end', strings: ends },
    { name: 'channel', strings: channels },
    { name: 'model', strings: models },
    { name: 'conversions', numbers: Float64Array.from(conversions) },
    { name: 'value', numbers: Float64Array.from(value) },
  ];
}

/** The closing summary of a windowed run. */
export function windowSummary(r: WindowedAttribution): string {
  const first = r.windows[0];
  const last = r.windows[r.windows.length - 1];
  return (
    `${r.windows.length} window${r.windows.length === 1 ? '' : 's'} of ${r.windowDays} day${r.windowDays === 1 ? '' : 's'}, every ${r.stepDays} day${r.stepDays === 1 ? '' : 's'}: ` +
    `ends ${first.end} to ${last.end}; paths dated by conversion time ${r.datedBy.conversionTime.toLocaleString('en-US')}, by last touch ${r.datedBy.lastTouch.toLocaleString('en-US')}\n` +
    (r.outside.journeys > 0
      ? `outside every window: ${r.outside.journeys.toLocaleString('en-US')} journeys with ${r.outside.conversions.toLocaleString('en-US')} conversions on ${r.outside.days} day${r.outside.days === 1 ? '' : 's'} (not in the output)\n`
      : '')
  );
}
