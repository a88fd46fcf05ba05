/**
 * Parquet reader benchmark: which reader (parquet-wasm or hyparquet), and
 * touch rows per second from a Parquet file to a path store, against the
 * Arrow IPC reader on the same rows as the baseline.
 *
 *   npx tsx bench/parquet-read.ts            # 10 M rows
 *   npx tsx bench/parquet-read.ts 2000000    # another size
 *   npx tsx bench/parquet-read.ts --store-only   # only the file -> store rows (cold and warm)
 *
 * Data (seeded, bench/data/, gitignored): the journeys of bench/lib/generate.ts
 * as touchpoint rows (Int32 journey ids, millisecond timestamps, dictionary
 * channels), written by parquet-wasm with snappy and with zstd pages in row
 * groups of 1 M rows; the same rows written by DuckDB with string journey ids
 * ("u123", 2.5 M distinct) and plain string channels (no Arrow schema in the
 * file, so channels come back as plain strings); and an Arrow IPC file.
 * Every measurement runs in a fresh process (cold, as the CLI runs), three
 * times; the table shows the median and the peak RSS.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tableToIPC } from 'apache-arrow';
import { printTable } from './lib/measure.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const dataDir = join(here, 'data');
const script = fileURLToPath(import.meta.url);
const args = process.argv.slice(2);

if (args[0] === '--child') await childMain(args[1], args[2]);
else await main(Number(args.find((a) => !a.startsWith('--')) ?? 1e7));

async function main(rows: number): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const tag = `${rows / 1e6}m`;
  const files = {
    snappy: join(dataDir, `touchpoints-${tag}-snappy.parquet`),
    zstd: join(dataDir, `touchpoints-${tag}-zstd.parquet`),
    strings: join(dataDir, `touchpoints-${tag}-string-ids-zstd.parquet`),
    arrow: join(dataDir, `touchpoints-${tag}.arrow`),
  };
  if (!Object.values(files).every(existsSync)) await generate(rows, files);
  console.log(`Parquet reader benchmark: node ${process.version}, ${new Date().toISOString()}`);
  const table: (string | number)[][] = [];
  const measure = (label: string, mode: string, file: string, runs = 3) => {
    const results = Array.from({ length: runs }, () => child(mode, file));
    results.sort((a, b) => a.ms - b.ms);
    const mid = results[Math.floor(runs / 2)];
    const mb = (statSync(file).size / 1e6).toFixed(0);
    table.push([label, `${mb} MB`, mid.ms.toFixed(0), `${(mid.rows / mid.ms / 1e3).toFixed(2)} M/s`, `${Math.max(...results.map((r) => r.peak)).toFixed(0)} MB`]);
    console.log(table[table.length - 1].join(' | '));
  };
  measure('Arrow IPC -> store (baseline: the in-process reader without Parquet)', 'arrow-store', files.arrow);
  if (args.includes('--store-only')) {
    for (const codec of ['snappy', 'zstd'] as const) {
      measure(`fromParquet -> store, ${codec}`, 'parquet-store', files[codec]);
      measure(`fromParquet -> store, ${codec}, second read in the process`, 'parquet-store-warm', files[codec]);
    }
    printTable(`${rows.toLocaleString('en-US')} touch rows`, ['step', 'file', 'median ms', 'rows/s', 'peak RSS'], table);
    return;
  }
  for (const codec of ['snappy', 'zstd'] as const) {
    measure(`parquet-wasm decode only, ${codec}`, 'wasm-decode', files[codec]);
    measure(`hyparquet decode only, ${codec}`, 'hyparquet-decode', files[codec], 1);
    measure(`fromParquet -> store, ${codec}`, 'parquet-store', files[codec]);
    measure(`fromParquet -> store, ${codec}, second read in the process`, 'parquet-store-warm', files[codec]);
  }
  measure('parquet-wasm decode only, string ids (DuckDB-written, zstd)', 'wasm-decode', files.strings);
  measure('fromParquet -> store, string ids (DuckDB-written, zstd)', 'parquet-store', files.strings);
  printTable(`${rows.toLocaleString('en-US')} touch rows`, ['step', 'file', 'median ms', 'rows/s', 'peak RSS'], table);
}

function child(mode: string, file: string): { ms: number; rows: number; peak: number } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', join(here, 'lib/report-rss.mjs'), script, '--child', mode, file], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`${mode} failed: ${r.stderr}`);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
  return { ...out, peak: Number(/__PEAK_RSS_MB__=([\d.]+)/.exec(r.stderr)?.[1] ?? NaN) };
}

async function childMain(mode: string, file: string): Promise<void> {
  // Modules load before the clock starts (tsx compiles the sources on import); parquet-wasm's
  // own loading (about 15 MB of WebAssembly, on first use) is inside the measurement.
  const { readParquet, fromParquet, fromArrow, readArrowIpc } = await import('../src/index.js');
  const { parquetRead } = await import('hyparquet');
  const { compressors } = await import('hyparquet-compressors');
  const t0 = performance.now();
  let rows = 0;
  if (mode === 'wasm-decode') {
    rows = (await readParquet(file)).numRows;
  } else if (mode === 'hyparquet-decode') {
    const bytes = readFileSync(file);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    await parquetRead({
      file: buffer,
      compressors,
      onChunk: (c) => {
        if (c.columnName === 'channel') rows += c.columnData.length;
      },
    });
  } else if (mode === 'parquet-store-warm') {
    // The second read in a process that has read the file once (a long-running service).
    await fromParquet(file);
    const t1 = performance.now();
    const store = await fromParquet(file);
    console.log(JSON.stringify({ ms: performance.now() - t1, rows: store.touches.length + (store.unattributed?.events ?? 0) }));
    return;
  } else if (mode === 'parquet-store') {
    const store = await fromParquet(file);
    rows = store.touches.length + (store.unattributed?.events ?? 0);
  } else if (mode === 'arrow-store') {
    const store = fromArrow(await readArrowIpc(file));
    rows = store.touches.length;
  }
  console.log(JSON.stringify({ ms: performance.now() - t0, rows }));
}

async function generate(rows: number, files: Record<string, string>): Promise<void> {
  const { generateJourneys } = await import('./lib/generate.js');
  const { touchpointTable } = await import('./lib/to-arrow.js');
  const { toParquet } = await import('./lib/to-parquet.js');
  // Mean path length 4: rows / 4 journeys give about `rows` touch rows.
  const table = touchpointTable(generateJourneys(Math.round(rows / 4), 12, 1));
  writeFileSync(files.arrow, tableToIPC(table, 'file'));
  writeFileSync(files.snappy, toParquet(table, 'snappy'));
  writeFileSync(files.zstd, toParquet(table, 'zstd'));
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  await con.run(
    `COPY (SELECT 'u' || journey_id AS journey_id, "timestamp", channel, conversions, value FROM read_parquet('${files.zstd}')) TO '${files.strings}' (FORMAT parquet, COMPRESSION zstd)`,
  );
  con.closeSync();
  db.closeSync();
}
