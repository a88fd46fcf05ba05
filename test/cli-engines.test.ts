import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from './helpers/cli.js';
import { type TestDuckDB, openDuckDB } from './helpers/duckdb.js';
import { type EventRow, eventsCsv, randomEvents } from './helpers/events.js';

const cli = runInProcess;

/** The CLI's CSV output as rows of numbers keyed by channel (and the totals row). */
function creditRows(csv: string): Map<string, Record<string, number>> {
  const lines = csv.trim().split('\n');
  const header = lines[0].split(',');
  const out = new Map<string, Record<string, number>>();
  for (const line of lines.slice(1)) {
    // Channel names in these tests have no commas or quotes.
    const cells = line.split(',');
    const key = cells[0] === 'total' ? '(total)' : cells[1];
    out.set(key, Object.fromEntries(header.slice(2).map((h, i) => [h, Number(cells[i + 2])])));
  }
  return out;
}

/**
 * Markov columns are compared to 1e-10: the CLI picks the iterative solver for larger chains,
 * which stops at a 1e-12 residual, so two orderings of the same states can differ by about
 * 1e-12 relative. The library tests compare the direct solver's results to 1e-12.
 */
const DIAGNOSTICS_COLUMNS = ['journeys', 'conversions_behind', 'flags'];

function expectSameOutput(a: string, b: string, columns?: string[]): void {
  const x = creditRows(a);
  const y = creditRows(b);
  expect([...x.keys()].sort()).toEqual([...y.keys()].sort());
  for (const [key, row] of y) {
    for (const [col, value] of Object.entries(row)) {
      if (columns && !columns.includes(col)) continue;
      // The diagnostics columns need paths: transition counts alone have none.
      if (!(col in x.get(key)!) && DIAGNOSTICS_COLUMNS.includes(col)) continue;
      const got = x.get(key)![col];
      const tolerance = col.startsWith('markov') ? 1e-10 : 1e-12;
      expect(Math.abs(got - value), `${key} ${col}: ${got} vs ${value}`).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(value)));
    }
  }
}

let dir: string;
let db: TestDuckDB;
let rows: EventRow[];
const CHANNELS = ['search', 'email', 'social', 'display', 'direct', 'Video Ads'];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pathcredit-cli-engines-'));
  rows = randomEvents(51, { journeys: 400, ties: 0.3, conversionOnly: 0.1, channels: CHANNELS });
  writeFileSync(join(dir, 'events.csv'), eventsCsv(rows));
  db = await openDuckDB();
  await db.load(rows);
  await db.run(`COPY events TO '${join(dir, 'events.parquet')}' (FORMAT parquet)`);
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const heuristics = 'first,last,last-non-direct,linear,position';

describe('pathcredit sql: run the statement where the data is, attribute what comes back', () => {
  it('--query paths: the exported summary attributes like the events themselves', async () => {
    const sql = await cli(['sql', '--dialect', 'duckdb', '--table', 'events', '--query', 'paths', '--lookback', '10d']);
    expect(sql.code).toBe(0);
    await db.run(`COPY (${sql.stdout}) TO '${join(dir, 'paths.csv')}' (HEADER)`);
    const fromSummary = await cli(['attribute', join(dir, 'paths.csv'), '--layout', 'paths', '--models', `${heuristics},markov`, '--format', 'csv']);
    const direct = await cli(['attribute', join(dir, 'events.csv'), '--lookback', '10d', '--models', `${heuristics},markov`, '--format', 'csv']);
    expect(fromSummary.code, fromSummary.stderr).toBe(0);
    expectSameOutput(fromSummary.stdout, direct.stdout);
  });

  for (const ext of ['csv', 'parquet']) {
    it(`--query transitions --order 2, exported as ${ext}: attribute --layout transitions equals in-process Markov`, async () => {
      const sql = await cli(['sql', '--table', 'events', '--query', 'transitions', '--order', '2']);
      const file = join(dir, `counts.${ext}`);
      await db.run(`COPY (${sql.stdout}) TO '${file}' ${ext === 'csv' ? '(HEADER)' : '(FORMAT parquet)'}`);
      const fromCounts = await cli(['attribute', file, '--layout', 'transitions', '--order', '2', '--format', 'csv']);
      const direct = await cli(['attribute', join(dir, 'events.csv'), '--models', 'markov', '--order', '2', '--format', 'csv']);
      expect(fromCounts.code, fromCounts.stderr).toBe(0);
      expect(fromCounts.stderr).toMatch(/read transition counts \(order 2\): 6 channels, \d+ states/);
      expectSameOutput(fromCounts.stdout, direct.stdout);
      const matrix = await cli(['transitions', file, '--layout', 'transitions', '--format', 'csv']);
      const directMatrix = await cli(['transitions', join(dir, 'events.csv'), '--order', '2', '--format', 'csv']);
      expect(matrix.stdout.trim().split('\n').sort()).toEqual(directMatrix.stdout.trim().split('\n').sort());
    });
  }

  it('prints each dialect; writes --out', async () => {
    for (const dialect of ['duckdb', 'postgres', 'bigquery', 'snowflake', 'redshift', 'spark']) {
      const r = await cli(['sql', '--dialect', dialect, '--table', 'a.b', '--query', 'transitions', '--order', '3']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^-- pathcredit sql --query transitions/);
    }
    const out = join(dir, 'q.sql');
    expect((await cli(['sql', '--table', 'events', '--out', out])).code).toBe(0);
  });

  it('refuses what it cannot write safely, with the reason', async () => {
    const bad = async (args: string[], pattern: RegExp) => {
      const r = await cli(args);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(pattern);
    };
    await bad(['sql', '--table', 'events', '--dialect', 'oracle'], /unknown SQL dialect \(known: duckdb, postgres, bigquery, snowflake, redshift, spark\), got "oracle"/);
    await bad(['sql', '--table', 'ev\u0001ents'], /table must not contain control characters/);
    await bad(['sql', '--table', 'events', '--dialect', 'bigquery', '--channel-column', 'a`b'], /channelColumn contains a character that bigquery cannot quote/);
    await bad(['sql', '--table', 'events', '--dialect', 'postgres', '--journey-column', 'x'.repeat(64)], /longer than the 63 bytes postgres keeps/);
    await bad(['sql', '--table', 'events', '--query', 'journeys'], /--query must be one of paths, transitions, check/);
    await bad(['sql', '--table', 'events', '--query', 'transitions', '--order', '17'], /order must be an integer from 1 to 16 in SQL/);
    await bad(['sql', '--table', 'events', '--no-timestamp-column'], /name a timestamp column or a sequence column/);
    await bad(['sql', '--table', 'events', '--separator', '\\'], /separator must not contain quotes, backslashes/);
    await bad(['sql', '--table', 'events', '--separator', "it's", '--dialect', 'spark'], /separator must not contain quotes/);
    await bad(['sql', '--table', 'events', '--tie-order', 'input'], /not possible in SQL/);
    // Input options the statement would ignore are refused, not dropped.
    await bad(['sql', '--table', 'events', '--conversion-event', 'purchase'], /--conversion-event is not supported by pathcredit sql/);
    await bad(['sql', '--table', 'events', '--skip-invalid'], /--skip-invalid is not supported by pathcredit sql/);
    await bad(['sql', '--table', 'events', '--collapse-repeats'], /--collapse-repeats applies to --query transitions only/);
  });
});

describe('pathcredit attribute: Parquet input and --engine duckdb', () => {
  it('a Parquet file gives the CSV numbers', async () => {
    const parquet = await cli(['attribute', join(dir, 'events.parquet'), '--format', 'csv']);
    const csv = await cli(['attribute', join(dir, 'events.csv'), '--format', 'csv']);
    expect(parquet.code, parquet.stderr).toBe(0);
    expect(parquet.stderr).toMatch(/read [\d,]+ rows \(parquet\)/);
    expectSameOutput(parquet.stdout, csv.stdout);
  });

  it('--engine duckdb gives the in-process numbers for every model its summary supports', async () => {
    const engine = await cli(['attribute', join(dir, 'events.csv'), '--engine', 'duckdb', '--memory-limit', '500MB', '--engine-threads', '1', '--format', 'csv']);
    const inProcess = await cli(['attribute', join(dir, 'events.csv'), '--models', `${heuristics},markov`, '--format', 'csv']);
    expect(engine.code, engine.stderr).toBe(0);
    expect(engine.stderr).toMatch(new RegExp(`read ${rows.length.toLocaleString('en-US')} rows \\(duckdb\\)`));
    expectSameOutput(engine.stdout, inProcess.stdout);
  });

  it('flags that do not fit together', async () => {
    const bad = async (args: string[], pattern: RegExp) => {
      const r = await cli(args);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(pattern);
    };
    await bad(['attribute', join(dir, 'events.csv'), '--engine', 'spark'], /--engine must be one of in-process, duckdb/);
    await bad(['attribute', join(dir, 'events.csv'), '--memory-limit', '1GB'], /--memory-limit need --engine duckdb/);
    await bad(['attribute', join(dir, 'counts.csv'), '--layout', 'transitions', '--models', 'linear'], /transition counts support only the markov model/);
    await bad(['journeys', join(dir, 'events.csv'), '--layout', 'transitions'], /--layout must be touchpoints or paths, got "transitions"/);
    await bad(['attribute', join(dir, 'nothing-*.parquet'), '--engine', 'duckdb'], /no file matches the input/);
  });
});
