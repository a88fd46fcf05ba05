import type { TimestampFormat } from '../../io/csv/options.js';
import { PathCreditError } from '../../errors.js';
import type { TouchpointColumnsOptions } from '../../io/path-options.js';
import { journeyCtes, ROW_PROBLEMS, type RowProblem, withCtes } from '../../sql/journey-ctes.js';
import { DIALECTS } from '../../sql/dialects.js';
import { quoteIdentifier } from '../../sql/identifiers.js';
import { type JourneySqlOptions, type ResolvedJourneySql, resolveJourneySql } from '../../sql/options.js';
import type { PathStore, SkippedRows } from '../../types.js';
import { type DuckDBResourceOptions, DuckDBSession } from './duckdb-session.js';
import { type InputColumn, journeySqlColumns } from './input-columns.js';
import { RowStreamReader } from './read-summary.js';
import { type DuckDBSourceOptions, duckdbSourceSql } from './source-sql.js';

/** Options of {@link duckdbPaths}: touchpoint columns and journey options, how to read the files, DuckDB's resources. */
export interface DuckDBEngineOptions extends TouchpointColumnsOptions, DuckDBSourceOptions, DuckDBResourceOptions {
  /** How plain numbers in the timestamp column are read: `'epoch-s'` as epoch seconds, else epoch milliseconds. */
  readonly timestampFormat?: TimestampFormat;
  /** Source label for error messages. Default: the input names. */
  readonly file?: string;
  /** The input layout: the engine builds journeys from touchpoint rows only. */
  readonly layout?: 'touchpoints' | 'paths';
}

/** Name of the file column the engine adds to the input (to name the file of a bad row). */
const FILE_COLUMN = 'pc_file';
const MAX_SAMPLES = 10;

/**
 * The embedded DuckDB engine: reads touchpoint files (CSV, gzip CSV, Parquet,
 * JSON; globs such as `exports/2026-??/events.parquet`; folders of
 * hive-partitioned Parquet), builds journeys and aggregates them to the path
 * summary in SQL, out of core (DuckDB spills to disk above `memoryLimit`), and
 * returns the summary as a {@link PathStore} of distinct paths with their
 * conversions, value and nulls. The journey rules are those of the in-process
 * readers, including the tie rule for events at the same timestamp, so every
 * model except time decay gives the in-process credits on this store.
 *
 * Needs the optional package `@duckdb/node-api`, loaded on first use.
 *
 * @param source - a file, a glob, a folder, or a list of them.
 * @throws PathCreditError when DuckDB is not installed, no file matches, a
 *   column is missing or of the wrong type, or a row is invalid (named by file,
 *   row, column and value; with `skipInvalid` such rows are counted in `skipped`).
 * @example
 * ```ts
 * const store = await duckdbPaths('exports/*.parquet', { lookback: '30d', memoryLimit: '2GB' });
 * const { table } = attribute(store, { models: ['linear', 'markov'] });
 * ```
 */
export async function duckdbPaths(source: string | readonly string[], options: DuckDBEngineOptions = {}): Promise<PathStore> {
  return (await runDuckDBPaths(source, options)).store;
}

/** {@link duckdbPaths} with the number of input rows read (for summaries). `moduleSpecifier` is for tests. */
export async function runDuckDBPaths(
  source: string | readonly string[],
  options: DuckDBEngineOptions = {},
  moduleSpecifier?: string,
): Promise<{ store: PathStore; rowsRead: number }> {
  if (options.layout === 'paths') {
    throw new PathCreditError('the DuckDB engine builds journeys from touchpoint rows; read path summaries in process', { column: 'layout', value: 'paths' });
  }
  if (options.tieOrder === 'input') {
    throw new PathCreditError('the DuckDB engine cannot keep input order for tied events (SQL has none): use the tie rule or a sequence column', { column: 'tieOrder', value: 'input' });
  }
  // Options the engine's SQL does not carry: refused rather than silently ignored.
  const unsupported = (
    [
      ['conversionEvents', (options as { conversionEvents?: unknown }).conversionEvents],
      ['attributeColumns', (options as { attributeColumns?: readonly string[] }).attributeColumns?.length ? true : undefined],
      ['decimal', (options as { decimal?: string }).decimal === ',' ? ',' : undefined],
    ] as const
  ).find(([, v]) => v !== undefined);
  if (unsupported) throw new PathCreditError(`the DuckDB engine does not take ${unsupported[0]} yet: read the input in process`, { column: unsupported[0] });
  const label = options.file ?? (typeof source === 'string' ? source : source.join(', '));
  const session = await DuckDBSession.open(options, label, moduleSpecifier);
  try {
    const sniffed = duckdbSourceSql(source, options);
    const all = await describe(session, readerWithFile(sniffed.sql));
    const columns = all.filter((c) => c.name !== FILE_COLUMN);
    const sqlColumns = journeySqlColumns(columns, options, label);
    // Ids and channels are text whatever they look like ("007" is not 7), as in process.
    const textColumns = [sqlColumns.journeyColumn!, sqlColumns.channelColumn!];
    const reader = (input: string | readonly string[]) => readerWithFile(duckdbSourceSql(input, { ...options, textColumns: sniffed.format === 'csv' ? textColumns : [] }).sql);
    await session.run(`CREATE TEMP VIEW pc_input AS SELECT * FROM ${reader(source)}`);
    const r = resolveJourneySql({ ...sqlColumns, table: 'pc_input' });

    const check = await checkRows(session, r, sqlColumns, options.skipInvalid ?? false, label, reader);
    // Channel codes first (one scan of the channel column), so the big stream carries integers.
    await session.run(
      `CREATE TEMP TABLE pc_channel_codes AS SELECT name, CAST(ROW_NUMBER() OVER (ORDER BY name) - 1 AS INTEGER) AS code FROM (SELECT DISTINCT ${r.channel} AS name FROM pc_input WHERE ${r.channel} <> '')`,
    );
    const channels = (await session.rows('SELECT name FROM pc_channel_codes ORDER BY code')).map((row) => String(row.name));
    const rowStream = new RowStreamReader(channels);
    await session.chunks(rowStreamSql(r), (chunk) => rowStream.add(chunk));
    return { store: rowStream.finish(check.skipped), rowsRead: check.rows };
  } finally {
    session.close();
  }
}

function readerWithFile(sql: string): string {
  // Every reader takes `filename`: the file of each row, to name it in errors.
  return `${sql.slice(0, -1)}, filename = '${FILE_COLUMN}')`;
}

async function describe(session: DuckDBSession, reader: string): Promise<InputColumn[]> {
  const rows = await session.rows(`DESCRIBE SELECT * FROM ${reader}`);
  return rows.map((row) => ({ name: String(row.column_name), type: String(row.column_type) }));
}

/**
 * Every valid row, sorted by journey, path and position, with the kept-touch
 * flag and the channel code. DuckDB sorts out of core; grouping the paths in
 * SQL would need list-valued aggregate states per path, which DuckDB cannot
 * spill, so the distinct paths are summed in process as the rows stream by.
 */
function rowStreamSql(r: ResolvedJourneySql): string {
  return withCtes(
    r,
    journeyCtes(r, 'rows'),
    [
      'SELECT CAST(pc_seg AS INTEGER) AS pc_seg, CAST(pc_pos AS INTEGER) AS pc_pos, CAST(pc_keep AS INTEGER) AS pc_keep, c.code AS pc_code,',
      '  CAST(pc_conv AS DOUBLE) AS pc_conv, CAST(pc_val AS DOUBLE) AS pc_val, CAST(pc_nulls AS DOUBLE) AS pc_nulls',
      'FROM pc_path_rows LEFT JOIN pc_channel_codes c ON pc_path_rows.pc_channel = c.name',
      'ORDER BY pc_journey, pc_seg, pc_pos',
    ].join('\n'),
  );
}

interface CheckResult {
  readonly rows: number;
  readonly skipped?: SkippedRows;
}

/** The column a problem is about, as the user named it. */
function problemColumn(problem: RowProblem, c: Omit<JourneySqlOptions, 'table'>): string {
  switch (problem) {
    case 'journey':
      return c.journeyColumn!;
    case 'timestamp':
      return c.timestampColumn!;
    case 'sequence':
      return c.sequenceColumn!;
    case 'conversions':
      return c.conversionsColumn!;
    case 'value':
    case 'value_without_conversions':
      return c.valueColumn!;
    case 'no_channel':
      return c.channelColumn!;
  }
}

/**
 * Counts rows per problem in one scan. Invalid rows stop the run with the
 * first one located (file, row, column, value), or, with `skipInvalid`, are
 * counted with up to ten samples; the queries leave them out either way.
 */
async function checkRows(
  session: DuckDBSession,
  r: ResolvedJourneySql,
  columns: Omit<JourneySqlOptions, 'table'>,
  skipInvalid: boolean,
  label: string,
  reader: (input: string) => string,
): Promise<CheckResult> {
  const rows = await session.rows(
    withCtes(
      r,
      journeyCtes(r),
      'SELECT pc_problem AS problem, COUNT(*) AS n FROM pc_checked GROUP BY pc_problem',
    ),
  );
  const total = rows.reduce((s, row) => s + Number(row.n), 0);
  if (total === 0) throw new PathCreditError('the input has no rows', { file: label });
  const valid = rows.find((row) => row.problem === null);
  const invalid = total - Number(valid?.n ?? 0);
  if (invalid > 0 && !skipInvalid) throw await locateFirstProblem(session, r, columns, reader);
  if (valid === undefined) {
    const samples = await problemSamples(session, r, columns, 1);
    throw new PathCreditError(`every row was invalid (${invalid} skipped): ${samples[0] ?? ''}`, { file: label });
  }
  return {
    rows: total,
    ...(invalid > 0 ? { skipped: { count: invalid, samples: await problemSamples(session, r, columns, MAX_SAMPLES) } } : {}),
  };
}

/** Messages for the first few invalid rows: file, journey, column and problem. */
async function problemSamples(session: DuckDBSession, r: ResolvedJourneySql, columns: Omit<JourneySqlOptions, 'table'>, limit: number): Promise<string[]> {
  const withFile = { ...r, carry: [`${FILE_COLUMN} AS pc_file`] };
  const rows = await session.rows(
    withCtes(withFile, journeyCtes(withFile), `SELECT pc_file, pc_journey, pc_problem FROM pc_checked WHERE pc_problem IS NOT NULL LIMIT ${limit}`),
  );
  return rows.map((row) => {
    const problem = row.pc_problem as RowProblem;
    return new PathCreditError(`${ROW_PROBLEMS[problem]} (journey ${JSON.stringify(String(row.pc_journey))})`, {
      file: String(row.pc_file),
      column: problemColumn(problem, columns),
    }).message;
  });
}

/**
 * The first invalid row, located: its file is found, then read alone in
 * file order with row numbers, so the error names the 0-based data row as
 * the in-process readers do, the column, and the value found there.
 */
async function locateFirstProblem(
  session: DuckDBSession,
  r: ResolvedJourneySql,
  columns: Omit<JourneySqlOptions, 'table'>,
  reader: (input: string) => string,
): Promise<PathCreditError> {
  const withFile = { ...r, carry: [`${FILE_COLUMN} AS pc_file`] };
  const first = await session.rows(withCtes(withFile, journeyCtes(withFile), 'SELECT pc_file FROM pc_checked WHERE pc_problem IS NOT NULL LIMIT 1'));
  const file = String(first[0].pc_file);
  await session.run(`SET preserve_insertion_order = true; CREATE OR REPLACE TEMP VIEW pc_one AS SELECT *, row_number() OVER () - 1 AS pc_row FROM ${reader(file)}`);
  const one: ResolvedJourneySql = { ...r, table: '"pc_one"', carry: ['pc_row'] };
  const located = await session.rows(
    withCtes(one, journeyCtes(one), 'SELECT pc_row, pc_problem FROM pc_checked WHERE pc_problem IS NOT NULL ORDER BY pc_row LIMIT 1'),
  );
  const row = Number(located[0].pc_row);
  const problem = located[0].pc_problem as RowProblem;
  const column = problemColumn(problem, columns);
  const value = await session.rows(`SELECT ${quoteIdentifier(DIALECTS.duckdb, column, 'column')} AS v FROM pc_one WHERE pc_row = ${row}`);
  const found = value[0]?.v ?? null;
  // Integer columns arrive as bigints: show them as the numbers they are.
  return new PathCreditError(ROW_PROBLEMS[problem], { file, row, column, value: typeof found === 'bigint' ? Number(found) : found });
}
