import type { Command } from 'commander';
import { parseDuration } from '../core/duration.js';
import { PathCreditError } from '../errors.js';
import type { ArrowOptions } from '../io/arrow/from-arrow.js';
import { TIMESTAMP_FORMATS, type CsvReadOptions, type TimestampFormat } from '../io/csv/options.js';
import { parseThreads } from './model-flags.js';

/** Parsed values of the input flags every subcommand shares. */
export interface InputFlags {
  layout?: 'touchpoints' | 'paths' | 'transitions';
  journeyColumn?: string;
  timestampColumn?: string;
  channelColumn?: string;
  pathColumn?: string;
  conversionsColumn?: string;
  valueColumn?: string;
  nullsColumn?: string;
  timesColumn?: string;
  separator?: string;
  delimiter?: string;
  timestampFormat?: TimestampFormat;
  lookback?: string;
  maxTouches?: string;
  sequenceColumn?: string;
  tieOrder?: string;
  skipInvalid?: boolean;
  threads?: string;
  readThreads?: string;
  conversionEvent?: string;
  eventColumn?: string;
  decimal?: string;
}

/** Adds the shared input flags to a subcommand. */
export function addInputOptions(cmd: Command): Command {
  return cmd
    .option('--layout <layout>', 'input layout: touchpoints, paths, or transitions (Markov counts from `pathcredit sql`) (default: detected from the header)')
    .option('--journey-column <name>', 'journey id column (touchpoints)', 'journey_id')
    .option('--timestamp-column <name>', 'timestamp column (touchpoints)', 'timestamp')
    .option('--channel-column <name>', 'channel column (touchpoints)', 'channel')
    .option('--path-column <name>', 'path column (paths)', 'path')
    .option('--conversions-column <name>', 'conversions column', 'conversions')
    .option('--value-column <name>', 'conversion value column', 'value')
    .option('--nulls-column <name>', 'non-converting journeys column (paths)', 'nulls')
    .option('--times-column <name>', 'per-touch times list column (Arrow paths)')
    .option('--separator <text>', 'path separator, any length (paths)', ' > ')
    .option('--delimiter <char>', 'CSV field delimiter', ',')
    .option('--timestamp-format <format>', 'auto (a number\'s size tells ms, us or ns), iso, epoch-ms, epoch-s, epoch-us or epoch-ns', 'auto')
    .option('--lookback <duration>', 'drop touches older than this before the conversion, e.g. 30d')
    .option('--max-touches <n>', 'keep only the last N touches of each path')
    .option('--sequence-column <name>', 'numbers ordering events of a journey at the same timestamp (touchpoints)')
    .option('--tie-order <order>', 'events at the same timestamp: rule (shared with SQL engines) or input (file order)', 'rule')
    .option('--skip-invalid', 'skip invalid rows (counted in the summary) instead of stopping')
    .option('--threads <n>', 'threads for counting Markov transitions and Markov removals of method affected (default: the cores; 1 forces one)')
    .option('--conversion-event <names>', 'event exports: comma-separated event names that are conversions, e.g. purchase,sign_up (see --event-column)')
    .option('--event-column <name>', 'event exports: the event name column (default event_name)')
    .option('--decimal <mark>', 'decimal mark of number cells: . or , (with , use --delimiter ";")', '.')
    .option('--read-threads <n>', 'threads for reading a CSV file of 32 MB or more (default 1; see docs/benchmarks.md for when more pay)');
}

/** Names of the flags a user (or a preset, source `config`) set explicitly (so a default column that is absent is not an error). */
function explicit(cmd: Command, name: string): boolean {
  const source = cmd.getOptionValueSource(name);
  return source === 'cli' || source === 'config';
}

/** Turns the flags into reader options; optional columns keep their defaults only when given. */
export function readerOptions(cmd: Command, flags: InputFlags, allowTransitions = false): CsvReadOptions & ArrowOptions {
  const layouts = allowTransitions ? ['touchpoints', 'paths', 'transitions'] : ['touchpoints', 'paths'];
  if (flags.layout !== undefined && !layouts.includes(flags.layout)) {
    throw new PathCreditError(`--layout must be touchpoints or paths${allowTransitions ? ', or transitions (Markov counts)' : ''}`, { value: flags.layout });
  }
  const formats: readonly string[] = TIMESTAMP_FORMATS;
  if (flags.timestampFormat !== undefined && !formats.includes(flags.timestampFormat)) {
    throw new PathCreditError(`--timestamp-format must be one of ${formats.join(', ')}`, { value: flags.timestampFormat });
  }
  if (flags.tieOrder !== undefined && flags.tieOrder !== 'rule' && flags.tieOrder !== 'input') {
    throw new PathCreditError('--tie-order must be rule or input', { value: flags.tieOrder });
  }
  let maxTouches: number | undefined;
  if (flags.maxTouches !== undefined) {
    maxTouches = Number(flags.maxTouches);
    if (!Number.isInteger(maxTouches) || maxTouches < 1) throw new PathCreditError('--max-touches must be a positive integer', { value: flags.maxTouches });
  }
  const pick = (name: keyof InputFlags) => (explicit(cmd, name) ? (flags[name] as string) : undefined);
  return {
    layout: flags.layout === 'transitions' ? undefined : flags.layout,
    journeyColumn: flags.journeyColumn,
    channelColumn: flags.channelColumn,
    pathColumn: flags.pathColumn,
    // Optional columns: a default name may be absent; a name the user gave must exist.
    timestampColumn: pick('timestampColumn'),
    conversionsColumn: pick('conversionsColumn'),
    valueColumn: pick('valueColumn'),
    nullsColumn: pick('nullsColumn'),
    timesColumn: flags.timesColumn,
    separator: flags.separator,
    delimiter: flags.delimiter,
    timestampFormat: flags.timestampFormat,
    lookback: flags.lookback === undefined ? undefined : parseDuration(flags.lookback, '--lookback'),
    maxTouches,
    sequenceColumn: flags.sequenceColumn,
    tieOrder: flags.tieOrder as 'rule' | 'input' | undefined,
    skipInvalid: flags.skipInvalid ?? false,
    readThreads: parseThreads(flags.readThreads, '--read-threads'),
    ...(flags.conversionEvent !== undefined ? { conversionEvents: parseList(flags.conversionEvent, '--conversion-event') } : {}),
    ...(flags.eventColumn !== undefined ? { eventColumn: flags.eventColumn } : {}),
    decimal: parseDecimal(flags.decimal),
  };
}

/** A comma-separated list of names (none empty). */
function parseList(text: string, flag: string): string[] {
  const names = text.split(',').map((s) => s.trim());
  if (names.some((n) => n === '')) throw new PathCreditError(`${flag} needs comma-separated names`, { value: text });
  return names;
}

function parseDecimal(text: string | undefined): '.' | ',' | undefined {
  if (text === undefined || text === '.' || text === ',') return text;
  throw new PathCreditError('--decimal must be . or ,', { value: text });
}
