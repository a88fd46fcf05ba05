import type { Command } from 'commander';
import { PathCreditError } from '../errors.js';
import { DEFAULT_MAX_SEGMENTS } from '../segments/segmentation.js';
import type { EngineSettings } from './engine-options.js';
import { parseCount } from './model-flags.js';

/** Parsed segment flags. */
export interface SegmentFlags {
  segmentColumn?: string[];
  maxSegments?: string;
  markovSegmentState?: boolean;
}

/** The segment settings of a run (undefined without `--segment-column`). */
export interface SegmentSettings {
  readonly columns: readonly string[];
  readonly maxSegments: number;
  readonly markovSegmentState: boolean;
}

/**
 * Adds `--segment-column` (repeatable: several columns form their combination),
 * `--max-segments` and, when `withMarkov`, `--markov-segment-state`.
 */
export function addSegmentOptions(cmd: Command, withMarkov = true): Command {
  cmd
    .option('--segment-column <name>', 'a categorical column to segment by; repeat it to segment by the combination of several (e.g. --segment-column device --segment-column country)', (v: string, prev: string[] | undefined) => [...(prev ?? []), v])
    .option('--max-segments <n>', 'most distinct segments accepted (more is an error naming the count)', String(DEFAULT_MAX_SEGMENTS));
  if (withMarkov) cmd.option('--markov-segment-state', 'with segments: one Markov chain whose states are (segment, channel) pairs instead of a chain per segment');
  return cmd;
}

/**
 * Validates the segment flags (before any input is read).
 * @throws PathCreditError for an empty column name, a bad `--max-segments`, segment-only
 *   flags without `--segment-column`, or segments with an input route that cannot carry them.
 */
export function segmentSettings(flags: SegmentFlags & { layout?: string }, engine?: EngineSettings): SegmentSettings | undefined {
  const columns = flags.segmentColumn ?? [];
  for (const c of columns) if (c.trim() === '') throw new PathCreditError('--segment-column needs a column name', { value: c });
  const maxSegments = parseCount('--max-segments', flags.maxSegments ?? String(DEFAULT_MAX_SEGMENTS), 1);
  if (columns.length === 0) {
    if (flags.markovSegmentState) throw new PathCreditError('--markov-segment-state needs --segment-column');
    return undefined;
  }
  if (flags.layout === 'transitions') throw new PathCreditError('--segment-column needs journeys or paths: transition counts carry no segments (--layout transitions)');
  if (engine?.engine === 'duckdb') throw new PathCreditError('--segment-column is read by the in-process readers: drop --engine duckdb (or add the segment to the channel in SQL)');
  return { columns, maxSegments, markovSegmentState: flags.markovSegmentState === true };
}
