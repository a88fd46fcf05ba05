import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { PathCreditError } from '../../errors.js';
import { SQL_DIALECTS, inputCheckSql, pathSummarySql, transitionCountsSql, type JourneySqlOptions, type SqlTimestampFormat } from '../../sql/index.js';
import { addInputOptions, type InputFlags, readerOptions } from '../input-options.js';
import { type CliIO, writeText } from '../io.js';
import { parseOrder } from '../model-flags.js';

interface SqlFlags extends Omit<InputFlags, 'timestampColumn' | 'conversionsColumn' | 'valueColumn'> {
  dialect: string;
  table?: string;
  query: string;
  order: string;
  collapseRepeats?: boolean;
  out?: string;
  timestampColumn?: string | false;
  conversionsColumn?: string | false;
  valueColumn?: string | false;
}

const QUERIES = ['paths', 'transitions', 'check'] as const;

/** Registers `pathcredit sql`. */
export function sqlCommand(program: Command, io: CliIO): void {
  const cmd = program
    .command('sql')
    .summary('SQL that builds journeys in a warehouse: path summary, transition counts, input check')
    .description(
      'Prints one SQL statement that turns a touchpoint table into the path summary (path, conversions, value, nulls), the order-k Markov transition counts (kind, state, next_state, count, value, position, channel), or a check of what those leave out. Journeys are built with the same rules as in process. Run it where the data lives, export the result, and attribute it with `pathcredit attribute --layout paths` or `--layout transitions`.',
    )
    .requiredOption('--table <name>', 'the touchpoint table, e.g. analytics.events or project.dataset.events')
    .option('--dialect <name>', `SQL dialect: ${SQL_DIALECTS.join(', ')}`, 'duckdb')
    .option('--query <name>', 'paths, transitions or check', 'paths')
    .option('--order <k>', 'transitions: Markov order (1 to 16)', '1')
    .option('--collapse-repeats', 'transitions: merge consecutive repeated channels before forming states')
    .option('-o, --out <file>', 'write the statement to a file instead of stdout')
    .option('--no-timestamp-column', 'the table has no timestamp column (order events by --sequence-column)')
    .option('--no-conversions-column', 'the table has no conversions column (nothing converts)')
    .option('--no-value-column', 'the table has no value column (value 0)');
  addInputOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Examples:
  $ pathcredit sql --dialect bigquery --table analytics.events --query paths --lookback 30d > paths.sql
  $ pathcredit sql --dialect snowflake --table EVENTS --query transitions --order 2 --out counts.sql
  $ pathcredit sql --dialect postgres --table public.events --query check

Timestamps: --timestamp-format auto (default) reads a TIMESTAMP/DATE column, iso reads ISO-8601 text,
epoch-ms and epoch-s read numbers. Names are quoted exactly as given (Snowflake stores unquoted
names in upper case, PostgreSQL and Redshift in lower case). See docs/engines.md for running the
statement in each warehouse and reading the result back.`,
  );
  cmd.action(async (flags: SqlFlags) => {
    const query = flags.query as (typeof QUERIES)[number];
    if (!QUERIES.includes(query)) throw new PathCreditError(`--query must be one of ${QUERIES.join(', ')}`, { value: flags.query });
    refuseUnusedFlags(cmd, query);
    const reader = readerOptions(cmd, { ...flags, timestampColumn: undefined, conversionsColumn: undefined, valueColumn: undefined });
    if (reader.tieOrder === 'input') throw new PathCreditError('--tie-order input is not possible in SQL (a table has no input order)');
    const column = (value: string | false | undefined, name: string): string | null | undefined =>
      value === false ? null : cmd.getOptionValueSource(name) === 'cli' ? (value as string) : undefined;
    const options: JourneySqlOptions = {
      dialect: flags.dialect,
      table: flags.table!,
      journeyColumn: reader.journeyColumn,
      channelColumn: reader.channelColumn,
      timestampColumn: column(flags.timestampColumn, 'timestampColumn'),
      conversionsColumn: column(flags.conversionsColumn, 'conversionsColumn'),
      valueColumn: column(flags.valueColumn, 'valueColumn'),
      sequenceColumn: reader.sequenceColumn,
      timestampFormat: sqlTimestampFormat(flags.timestampFormat),
      lookback: reader.lookback,
      maxTouches: reader.maxTouches,
    };
    const sql =
      query === 'paths'
        ? pathSummarySql({ ...options, separator: flags.separator })
        : query === 'transitions'
          ? transitionCountsSql({ ...options, order: parseOrder(flags.order), collapseRepeats: flags.collapseRepeats ?? false })
          : inputCheckSql(options);
    const text = `-- pathcredit sql --query ${query} (${flags.dialect})\n${sql}`;
    if (flags.out !== undefined) await writeFile(flags.out, text);
    else await writeText(io.stdout, text);
  });
}

// The input options the generated SQL implements; the others (shared with `attribute`) would be
// silently ignored, so giving one is an error.
const SQL_OPTIONS = new Set([
  'table', 'dialect', 'query', 'order', 'collapseRepeats', 'out', 'timestampColumn', 'conversionsColumn', 'valueColumn',
  'journeyColumn', 'channelColumn', 'separator', 'timestampFormat', 'lookback', 'maxTouches', 'sequenceColumn', 'tieOrder',
]);

function refuseUnusedFlags(cmd: Command, query: string): void {
  for (const option of cmd.options) {
    const name = option.attributeName();
    if (cmd.getOptionValueSource(name) !== 'cli') continue;
    if (!SQL_OPTIONS.has(name)) {
      throw new PathCreditError(`${option.long} is not supported by pathcredit sql (the statement would ignore it)`, { value: String(cmd.getOptionValue(name)) });
    }
    if (name === 'collapseRepeats' && query !== 'transitions') throw new PathCreditError('--collapse-repeats applies to --query transitions only');
    if (name === 'order' && query !== 'transitions') throw new PathCreditError('--order applies to --query transitions only', { value: String(cmd.getOptionValue(name)) });
    if (name === 'separator' && query !== 'paths') throw new PathCreditError('--separator applies to --query paths only', { value: String(cmd.getOptionValue(name)) });
  }
}

function sqlTimestampFormat(format: string | undefined): SqlTimestampFormat {
  switch (format) {
    case undefined:
    case 'auto':
      return 'timestamp';
    case 'iso':
      return 'text';
    case 'epoch-ms':
    case 'epoch-s':
    case 'epoch-us':
    case 'epoch-ns':
      return format;
    default:
      throw new PathCreditError('--timestamp-format must be one of auto, iso, epoch-ms, epoch-s, epoch-us, epoch-ns (auto: the column\'s timestamp type)', { value: format });
  }
}
