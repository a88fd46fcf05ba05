import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dictionary, Field, Float64, Int32, List, type Table, Utf8, makeData, makeVector, tableFromArrays, tableToIPC, vectorFromArray } from 'apache-arrow';
import { Compression, Table as WasmTable, WriterPropertiesBuilder, writeParquet } from 'parquet-wasm/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PathCreditError, attribute, fromArrow, fromParquet, readParquet } from '../src/index.js';
import { canonicalPaths } from './helpers/canonical.js';
import { type TestDuckDB, openDuckDB } from './helpers/duckdb.js';
import { eventsTable, expectSameCredits, randomEvents, summaryAttribution } from './helpers/events.js';

let dir: string;
let db: TestDuckDB;
const rows = randomEvents(41, { journeys: 300, ties: 0.3, conversionOnly: 0.1 });

function writeWithParquetWasm(table: Table, compression: Compression): Uint8Array {
  const props = new WriterPropertiesBuilder().setCompression(compression).setDictionaryEnabled(true).setMaxRowGroupSize(500).build();
  return writeParquet(WasmTable.fromIPCStream(tableToIPC(table, 'stream')), props);
}

/** The events with channels as an Arrow dictionary column (as pyarrow, polars or parquet-rs write them). */
function dictionaryEvents(): Table {
  const plain = eventsTable(rows);
  const names = [...new Set(rows.map((r) => r.channel))];
  const keys = Int32Array.from(rows, (r) => names.indexOf(r.channel));
  const channel = makeVector(makeData({ type: new Dictionary(new Utf8(), new Int32()), length: rows.length, data: keys, dictionary: vectorFromArray(names, new Utf8()) }));
  return tableFromArrays({
    journey_id: plain.getChild('journey_id')!,
    timestamp: plain.getChild('timestamp')!,
    channel,
    conversions: plain.getChild('conversions')!,
    value: plain.getChild('value')!,
  } as never) as unknown as Table;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pathcredit-parquet-'));
  writeFileSync(join(dir, 'snappy.parquet'), writeWithParquetWasm(dictionaryEvents(), Compression.SNAPPY));
  writeFileSync(join(dir, 'zstd.parquet'), writeWithParquetWasm(dictionaryEvents(), Compression.ZSTD));
  db = await openDuckDB();
  await db.load(rows);
  await db.run(`COPY events TO '${join(dir, 'duckdb.parquet')}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 700)`);
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Parquet input (parquet-wasm)', () => {
  const expected = () => fromArrow(eventsTable(rows));

  for (const name of ['snappy', 'zstd', 'duckdb']) {
    it(`touchpoint rows from a ${name} file give the store and credits of the same rows in Arrow`, async () => {
      const store = await fromParquet(join(dir, `${name}.parquet`));
      expect(canonicalPaths(store)).toEqual(canonicalPaths(expected()));
      expect(store.unattributed).toEqual(expected().unattributed);
      expectSameCredits(attribute(store).credits, attribute(expected()).credits, 0);
    });
  }

  it('keeps dictionary-encoded strings as dictionaries, across row groups', async () => {
    const table = await readParquet(join(dir, 'zstd.parquet'));
    expect(table.batches.length).toBeGreaterThan(1);
    expect(String(table.schema.fields.find((f) => f.name === 'channel')!.type)).toMatch(/^Dictionary</);
  });

  it('decodes row groups on worker threads into the same table, in row order', async () => {
    const one = await readParquet(join(dir, 'zstd.parquet'), { threads: 1 });
    const three = await readParquet(join(dir, 'zstd.parquet'), { threads: 3 });
    expect(three.numRows).toBe(one.numRows);
    expect(canonicalPaths(fromArrow(three))).toEqual(canonicalPaths(fromArrow(one)));
    expect(Array.from(three.getChild('journey_id')!)).toEqual(Array.from(one.getChild('journey_id')!));
  });

  it('hands row groups of uneven sizes, with dictionaries that change between them and null cells, to any number of threads', async () => {
    // Rows ordered by channel: each row group's dictionary page holds other names.
    // Null channels (conversion-only rows) and null values sit between them.
    const byChannel = [...rows].sort((a, b) => (a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0));
    const names = [...new Set(byChannel.map((r) => r.channel))];
    const keys = Int32Array.from(byChannel, (r) => names.indexOf(r.channel));
    const valid = Uint8Array.from({ length: Math.ceil(byChannel.length / 8) }, (_, i) => {
      let bits = 0;
      for (let k = 0; k < 8; k++) if (byChannel[i * 8 + k]?.channel !== '') bits |= 1 << k;
      return bits;
    });
    const plain = eventsTable(byChannel);
    const channel = makeVector(makeData({ type: new Dictionary(new Utf8(), new Int32()), length: keys.length, data: keys, nullBitmap: valid, dictionary: vectorFromArray(names, new Utf8()) }));
    const value = vectorFromArray(byChannel.map((r) => (r.conversions > 0 ? r.value : null)), new Float64());
    const table = tableFromArrays({ journey_id: plain.getChild('journey_id')!, timestamp: plain.getChild('timestamp')!, channel, conversions: plain.getChild('conversions')!, value } as never) as unknown as Table;
    // 97 rows per group: many groups, the last one shorter.
    const props = new WriterPropertiesBuilder().setCompression(Compression.ZSTD).setDictionaryEnabled(true).setMaxRowGroupSize(97).build();
    const file = join(dir, 'uneven.parquet');
    writeFileSync(file, writeParquet(WasmTable.fromIPCStream(tableToIPC(table, 'stream')), props));
    const one = await readParquet(file, { threads: 1 });
    expect(one.batches.length).toBe(Math.ceil(byChannel.length / 97));
    expect(one.getChild('channel')!.nullCount).toBe(byChannel.filter((r) => r.channel === '').length);
    const expected = fromArrow(table);
    for (const threads of [2, 3, 8]) {
      const many = await readParquet(file, { threads });
      for (const column of ['journey_id', 'timestamp', 'channel', 'value']) expect(Array.from(many.getChild(column)!), column).toEqual(Array.from(one.getChild(column)!));
      expect(canonicalPaths(fromArrow(many))).toEqual(canonicalPaths(expected));
    }
    expect(canonicalPaths(await fromParquet(file))).toEqual(canonicalPaths(expected));
  });

  it('names the file when a damaged file is read with several threads', async () => {
    const bytes = readFileSync(join(dir, 'zstd.parquet'));
    const damaged = Uint8Array.from(bytes);
    for (let i = 200; i < damaged.length - 2000; i += 7) damaged[i] ^= 0x5a;
    const file = join(dir, 'damaged-pages.parquet');
    writeFileSync(file, damaged);
    await expect(readParquet(file, { threads: 3 })).rejects.toThrow(/damaged-pages\.parquet: (cannot decode the Parquet data|not a Parquet file)/);
  });

  it('reads only the columns a layout uses', async () => {
    const table = await readParquet(join(dir, 'duckdb.parquet'), { columns: ['journey_id', 'channel'] });
    expect(table.schema.fields.map((f) => f.name)).toEqual(['journey_id', 'channel']);
  });

  it('reads the paths layout, as a list column and as a path string, with counts of any numeric type', async () => {
    const lists = [['search', 'email'], ['social'], ['a > b', 'search']];
    const child = vectorFromArray(lists.flat(), new Utf8());
    const offsets = Int32Array.from([0, 2, 3, 5]);
    const path = makeVector(makeData({ type: new List(new Field('item', new Utf8(), true)), length: 3, valueOffsets: offsets, child: child.data[0] }));
    const table = tableFromArrays({
      path,
      conversions: Int32Array.from([2, 0, 1]),
      value: Float64Array.from([30, 0, 5]),
      nulls: Int32Array.from([1, 4, 0]),
    } as never) as unknown as Table;
    const file = join(dir, 'paths.parquet');
    writeFileSync(file, writeWithParquetWasm(table, Compression.ZSTD));
    const fromList = await fromParquet(file);
    expect(canonicalPaths(fromList)).toEqual(canonicalPaths(fromArrow(table)));
    await db.run(`COPY (SELECT * FROM (VALUES ('search > email', 2.0, 30.0, 1), ('social', 0, 0, 4), ('a\\ > b > search', 1, 5, 0)) t(path, conversions, value, nulls)) TO '${join(dir, 'strings.parquet')}' (FORMAT parquet)`);
    const fromStrings = await fromParquet(join(dir, 'strings.parquet'));
    expect(canonicalPaths(fromStrings)).toEqual(canonicalPaths(fromList));
  });

  it('bad input: wrong column types, a corrupt file, a missing file, a missing column', async () => {
    const fail = async (p: Promise<unknown>, pattern: RegExp) => {
      const error = await p.then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(PathCreditError);
      expect((error as Error).message).toMatch(pattern);
    };
    await db.run(`COPY (SELECT journey_id, "timestamp", 7 AS channel, conversions, value FROM events) TO '${join(dir, 'int-channel.parquet')}' (FORMAT parquet)`);
    await fail(fromParquet(join(dir, 'int-channel.parquet')), /int-channel\.parquet, column "channel": column must hold strings .*got Arrow type Int32/);
    await db.run(`COPY (SELECT journey_id, "timestamp", channel, 'one' AS conversions FROM events) TO '${join(dir, 'text-conv.parquet')}' (FORMAT parquet)`);
    await fail(fromParquet(join(dir, 'text-conv.parquet')), /text-conv\.parquet, column "conversions": column must be numeric, got Arrow type Utf8/);
    const bytes = readFileSync(join(dir, 'zstd.parquet'));
    writeFileSync(join(dir, 'truncated.parquet'), bytes.subarray(0, bytes.length >> 1));
    await fail(fromParquet(join(dir, 'truncated.parquet')), /truncated\.parquet: not a Parquet file, or a damaged one/);
    const damaged = Uint8Array.from(bytes);
    for (let i = 200; i < damaged.length - 2000; i += 7) damaged[i] ^= 0x5a;
    writeFileSync(join(dir, 'damaged.parquet'), damaged);
    await fail(fromParquet(join(dir, 'damaged.parquet')), /damaged\.parquet: (cannot decode the Parquet data|not a Parquet file)/);
    await fail(fromParquet(join(dir, 'absent.parquet')), /absent\.parquet: cannot read the file/);
    await fail(fromParquet(join(dir, 'zstd.parquet'), { timestampColumn: 'ts' }), /column "ts": missing column \(the file has: journey_id, timestamp, channel, conversions, value\)/);
  });

  it('the DuckDB engine and the in-process Parquet reader agree', async () => {
    const { duckdbPaths } = await import('../src/index.js');
    const viaDuckDB = await duckdbPaths(join(dir, 'zstd.parquet'));
    expectSameCredits(summaryAttribution(viaDuckDB).credits, summaryAttribution(expected()).credits);
  });
});

describe('decimal count columns (warehouse money types)', () => {
  it('read as the doubles their text gives; a negative one is named in the error', async () => {
    const file = join(dir, 'decimals.parquet');
    await db.run(
      `COPY (SELECT * FROM (VALUES ('a > b', CAST(2 AS DECIMAL(38, 0)), CAST(12.34 AS DECIMAL(38, 2)), CAST(1 AS DECIMAL(9, 0))), ('b', 1, CAST(0.1 AS DECIMAL(18, 3)), 3)) t(path, conversions, value, nulls)) TO '${file}' (FORMAT parquet)`,
    );
    const store = await fromParquet(file);
    expect(Array.from(store.value)).toEqual([12.34, 0.1]);
    expect(Array.from(store.conversions)).toEqual([2, 1]);
    const bad = join(dir, 'negative-decimal.parquet');
    await db.run(`COPY (SELECT 'a' AS path, CAST(1 AS DECIMAL(10, 0)) AS conversions, CAST(-1.5 AS DECIMAL(10, 2)) AS value) TO '${bad}' (FORMAT parquet)`);
    await expect(fromParquet(bad)).rejects.toThrow(/row 0, column "value": value must be a finite number >= 0, got -1\.5/);
  });
});
