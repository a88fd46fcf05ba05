import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PathCreditError, duckdbPaths, markov, readCsvTouchpoints, readInput } from '../src/index.js';
import { runDuckDBPaths } from '../src/engines/duckdb/duckdb-paths.js';
import { type TestDuckDB, openDuckDB } from './helpers/duckdb.js';
import { type EventRow, type RouteOptions, eventsCsv, expectSameCredits, expectSameMarkov, inProcessStore, randomEvents, summaryAttribution } from './helpers/events.js';

let dir: string;
let db: TestDuckDB;
let rows: EventRow[];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pathcredit-engine-'));
  db = await openDuckDB();
  rows = randomEvents(31, { journeys: 400, ties: 0.4, conversionOnly: 0.15 });
  await db.load(rows);
  writeFileSync(join(dir, 'events.csv'), eventsCsv(rows));
  writeFileSync(join(dir, 'events.csv.gz'), gzipSync(eventsCsv(rows)));
  const q = (p: string) => `'${p.replaceAll("'", "''")}'`;
  await db.run(`COPY events TO ${q(join(dir, 'events.parquet'))} (FORMAT parquet, COMPRESSION zstd)`);
  await db.run(`COPY events TO ${q(join(dir, 'events.jsonl'))} (FORMAT json)`);
  // The same rows split over three monthly files, and as a hive-partitioned folder.
  mkdirSync(join(dir, 'monthly'));
  for (const [i, part] of [[0, 'a'], [1, 'b'], [2, 'c']] as const) {
    await db.run(`COPY (SELECT * FROM events WHERE hash(journey_id) % 3 = ${i}) TO ${q(join(dir, 'monthly', `2026-0${i + 1}-${part}.parquet`))} (FORMAT parquet)`);
  }
  await db.run(`COPY (SELECT *, hash(journey_id) % 4 AS bucket FROM events) TO ${q(join(dir, 'hive'))} (FORMAT parquet, PARTITION_BY (bucket))`);
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

async function expectEngineMatches(source: string | string[], options: RouteOptions = {}): Promise<void> {
  const store = await duckdbPaths(source, options);
  const expected = inProcessStore(rows, options);
  expectSameCredits(summaryAttribution(store).credits, summaryAttribution(expected).credits);
  for (const order of [1, 2, 3]) expectSameMarkov(markov(store, { order, solver: 'direct' }), markov(expected, { order, solver: 'direct' }));
  expect(store.unattributed?.events).toBe(expected.unattributed?.events);
  expect(store.unattributed?.conversions).toBeCloseTo(expected.unattributed?.conversions ?? NaN, 9);
  expect(store.unattributed?.value).toBeCloseTo(expected.unattributed?.value ?? NaN, 9);
}

describe('the DuckDB engine builds the same journeys as in process, from any input DuckDB reads', () => {
  it('CSV', () => expectEngineMatches(join(dir, 'events.csv')));
  it('gzip CSV', () => expectEngineMatches(join(dir, 'events.csv.gz')));
  it('Parquet (zstd)', () => expectEngineMatches(join(dir, 'events.parquet')));
  it('newline-delimited JSON', () => expectEngineMatches(join(dir, 'events.jsonl')));
  it('a glob over several Parquet files', () => expectEngineMatches(join(dir, 'monthly', '2026-*.parquet')));
  it('a hive-partitioned folder', () => expectEngineMatches(join(dir, 'hive')));
  it('a list of files', () => expectEngineMatches([join(dir, 'monthly', '2026-01-a.parquet'), join(dir, 'monthly', '2026-02-b.parquet'), join(dir, 'monthly', '2026-03-c.parquet')]));
  it('with a lookback, max touches and a sequence column', () => expectEngineMatches(join(dir, 'events.parquet'), { lookback: '4d', maxTouches: 3, sequenceColumn: 'seq' }));

  it('epoch microseconds read by size (auto) and empty count cells as 0, as in process', async () => {
    const D = 86_400_000_000; // a day in microseconds
    const t0 = 1_709_251_200_000_000; // 2024-03-01 in microseconds
    const file = join(dir, 'epoch-us.csv');
    // u1: display on day 0 drops out of a 3-day lookback before the day-8 conversion; u2 converts once.
    writeFileSync(
      file,
      `journey_id,timestamp,channel,conversions,value
u1,${t0},display,,
u1,${t0 + 7 * D},search,,
u1,${t0 + 8 * D},email,1,10
u2,${t0 + D},search,,
u2,${t0 + 2 * D},email,1,5
`,
    );
    for (const lookback of [undefined, '3d']) {
      const options = lookback === undefined ? {} : { lookback };
      const engine = await duckdbPaths(file, options);
      const inProcess = await readCsvTouchpoints(file, options);
      expectSameCredits(summaryAttribution(engine).credits, summaryAttribution(inProcess).credits);
      expect(engine.conversions.reduce((a, b) => a + b, 0)).toBe(2);
    }
    const cut = summaryAttribution(await duckdbPaths(file, { lookback: '3d' }));
    const first = cut.credits.find((c) => c.model === 'first_touch')!;
    // With the lookback: u1's first touch is search (display is 8 days before), u2's is search.
    expect(first.conversions[first.channels.indexOf('search')]).toBe(2);
  });

  it('readInput picks the engine; both engines agree', async () => {
    const a = await readInput(join(dir, 'events.parquet'), { engine: 'duckdb' });
    const b = await readInput(join(dir, 'events.parquet'));
    expectSameCredits(summaryAttribution(a).credits, summaryAttribution(b).credits);
    expect((await runDuckDBPaths(join(dir, 'events.csv'))).rowsRead).toBe(rows.length);
  });
});

describe('the DuckDB engine: bad input gets a clear, located error', () => {
  const expectError = async (promise: Promise<unknown>, pattern: RegExp) => {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PathCreditError);
    expect((error as Error).message).toMatch(pattern);
    return error as PathCreditError;
  };

  it('a glob that matches nothing', async () => {
    await expectError(duckdbPaths(join(dir, 'nothing-*.parquet')), /no file matches the input .*nothing-\*\.parquet/);
  });

  it('a missing column, listing the columns there are', async () => {
    await expectError(duckdbPaths(join(dir, 'events.parquet'), { channelColumn: 'medium' }), /column "medium": missing column \(the input has: journey_id, timestamp, channel/);
  });

  it('a column of the wrong type', async () => {
    await expectError(duckdbPaths(join(dir, 'events.parquet'), { channelColumn: 'seq' }), /column "seq": column must hold strings, got DuckDB type DOUBLE/);
    await expectError(duckdbPaths(join(dir, 'events.parquet'), { conversionsColumn: 'channel' }), /column "channel": column must be numeric, got DuckDB type VARCHAR/);
  });

  it('an invalid row, named by file, row, column and value; or counted with skipInvalid', async () => {
    const bad = rows.slice(0, 30).map((r) => ({ ...r }));
    bad[17] = { ...bad[17], conversions: -2 };
    const file = join(dir, 'bad.csv');
    writeFileSync(file, eventsCsv(bad));
    const error = await expectError(duckdbPaths(file), /bad\.csv, row 17, column "conversions": conversions must be a finite number >= 0, got -2/);
    expect(error.row).toBe(17);
    const skipped = await duckdbPaths(file, { skipInvalid: true });
    expect(skipped.skipped?.count).toBe(1);
    expect(skipped.skipped?.samples[0]).toMatch(/bad\.csv, column "conversions": conversions must be a finite number >= 0 \(journey "j\d+"\)/);
    expectSameCredits(summaryAttribution(skipped).credits, summaryAttribution(inProcessStore(bad.filter((_, i) => i !== 17))).credits);
  });

  it('a file that is not what its name says', async () => {
    const file = join(dir, 'broken.parquet');
    writeFileSync(file, 'PAR1 this is not parquet');
    await expectError(duckdbPaths(file), /broken\.parquet: DuckDB: .*(parquet|Parquet|magic|too small)/);
  });

  it('an unknown file type, input order for ties, a paths layout', async () => {
    await expectError(duckdbPaths(join(dir, 'events.xlsx')), /cannot tell the file format from the name/);
    await expectError(duckdbPaths(join(dir, 'events.csv'), { tieOrder: 'input' }), /cannot keep input order/);
    await expectError(duckdbPaths(join(dir, 'events.csv'), { layout: 'paths' }), /builds journeys from touchpoint rows/);
  });

  it('DuckDB not installed: says how to install it', async () => {
    await expectError(runDuckDBPaths(join(dir, 'events.csv'), {}, '@duckdb/not-installed-package'), /needs the optional package @duckdb\/node-api.*npm install @duckdb\/node-api/);
  });

  it('globs and folders without the DuckDB engine', async () => {
    await expectError(readInput(join(dir, 'monthly', '*.parquet')), /read by the DuckDB engine: set engine: 'duckdb'/);
    await expectError(readInput(join(dir, 'hive')), /read by the DuckDB engine/);
    await expectError(readInput(join(dir, 'events.jsonl')), /JSON input is read by the DuckDB engine/);
  });
});
