import { makeVector, tableFromArrays, tableToIPC, type Table } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { Table as WasmTable, writeParquet } from 'parquet-wasm/node';
import { fromArrowTouchpoints, fromParquet, parseIsoTimestamp, readCsvPaths, readCsvTouchpoints, type PathStore } from '../src/index.js';
import { runInProcess } from './helpers/cli.js';
import { pathNames } from './helpers/canonical.js';

const arrowTable = (cols: Record<string, unknown>): Table => tableFromArrays(cols as never) as unknown as Table;
const bytes = (text: string) => new TextEncoder().encode(text);
const t0 = Date.UTC(2024, 2, 1, 12, 0, 0);

// A GA4-style export flattened to CSV: microsecond timestamps, source_medium as the channel,
// conversions = purchase events (value = purchase_revenue), other events touches when they have
// a source. u1: two touches, a purchase worth 49.5; a page_view without source (not used); u2:
// one touch, never buys.
const ga4 = `user_pseudo_id,event_timestamp,source_medium,event_name,purchase_revenue
u1,${t0 * 1000},google / cpc,session_start,
u1,${(t0 + 60_000) * 1000},newsletter / email,page_view,
u1,${(t0 + 90_000) * 1000},,page_view,
u1,${(t0 + 120_000) * 1000},newsletter / email,purchase,49.5
u1,${(t0 + 180_000) * 1000},google / cpc,add_to_cart,12
u2,${(t0 + 5_000) * 1000},facebook / social,session_start,
`;
const columns = { journeyColumn: 'user_pseudo_id', timestampColumn: 'event_timestamp', channelColumn: 'source_medium', valueColumn: 'purchase_revenue' } as const;

function check(store: PathStore) {
  expect(pathNames(store)).toEqual([['google / cpc', 'newsletter / email'], ['google / cpc'], ['facebook / social']]);
  expect(Array.from(store.conversions)).toEqual([1, 0, 0]);
  expect(Array.from(store.value)).toEqual([49.5, 0, 0]);
  expect(Array.from(store.nulls)).toEqual([0, 1, 1]);
  // The conversion's time, from microseconds.
  expect(store.conversionTimes![0]).toBe(t0 + 120_000);
  expect(store.ignoredRows).toBe(1);
}

describe('event exports (conversionEvents)', () => {
  it('read a GA4-style CSV: purchase events convert, other events with a source are touches, the rest counted as ignored', async () => {
    check(await readCsvTouchpoints(bytes(ga4), { ...columns, conversionEvents: ['purchase'], timestampFormat: 'epoch-us' }));
    // auto tells microseconds by their size.
    check(await readCsvTouchpoints(bytes(ga4), { ...columns, conversionEvents: ['purchase'] }));
  });

  it('read the same rows from Arrow, with 64-bit microsecond integers, and from Parquet', async () => {
    const lines = ga4.trim().split('\n').slice(1).map((l) => l.split(','));
    const table = arrowTable({
      user_pseudo_id: lines.map((l) => l[0]),
      event_timestamp: makeVector(BigInt64Array.from(lines.map((l) => BigInt(l[1])))),
      source_medium: lines.map((l) => l[2]),
      event_name: lines.map((l) => l[3]),
      purchase_revenue: Float64Array.from(lines.map((l) => (l[4] === '' ? NaN : Number(l[4])))),
    });
    check(fromArrowTouchpoints(table, { ...columns, conversionEvents: ['purchase'], timestampFormat: 'epoch-us' }));
    // Parquet reads only the columns it is told of: the event column must be among them.
    const parquet = writeParquet(WasmTable.fromIPCStream(tableToIPC(table, 'stream')));
    check(await fromParquet(parquet, { ...columns, conversionEvents: ['purchase'], timestampFormat: 'epoch-us' }));
    await expect(fromParquet(parquet, { ...columns, eventColumn: 'event', conversionEvents: ['purchase'] })).rejects.toThrow(/missing column.*column "event"|column "event".*missing/s);
    // A conversions column named (as a preset names its path summary's) but absent is fine here:
    // the events say what converted.
    check(fromArrowTouchpoints(table, { ...columns, conversionsColumn: 'conversions', conversionEvents: ['purchase'], timestampFormat: 'epoch-us' }));
    check(await fromParquet(parquet, { ...columns, conversionsColumn: 'conversions', conversionEvents: ['purchase'], timestampFormat: 'epoch-us' }));
    expect(() => fromArrowTouchpoints(table, { ...columns, conversionsColumn: 'conversions', timestampFormat: 'epoch-us' })).toThrow(/conversions/);
  });

  it('take several conversion events, and a conversions column above 0 as the count', async () => {
    const text = `journey_id,channel,event,conversions,value\nu,search,sign_up,0,0\nu,email,page_view,5,99\nu,email,purchase,3,30\n`;
    const store = await readCsvTouchpoints(bytes(text), { eventColumn: 'event', conversionEvents: ['purchase', 'sign_up'] });
    // sign_up closes an empty path (no touch before it): unattributed; the page_view's 5 and 99 are ignored.
    expect(pathNames(store)).toEqual([['email']]);
    expect(Array.from(store.conversions)).toEqual([3]);
    expect(Array.from(store.value)).toEqual([30]);
    expect(store.unattributed).toEqual({ events: 1, conversions: 1, value: 0 });
  });

  it('refuse an event column without conversion events, an empty list, or a missing column', async () => {
    await expect(readCsvTouchpoints(bytes(ga4), { ...columns, eventColumn: 'event_name' })).rejects.toThrow(/eventColumn needs conversionEvents/);
    await expect(readCsvTouchpoints(bytes(ga4), { ...columns, conversionEvents: [] })).rejects.toThrow(/conversionEvents must name at least one event/);
    await expect(readCsvTouchpoints(bytes(ga4), { ...columns, conversionEvents: ['purchase'], eventColumn: 'event' })).rejects.toThrow(/column "event": missing column/);
  });
});

describe('epoch units', () => {
  const rows = (values: string[]) => `journey_id,timestamp,channel\n${values.map((v, i) => `u,${v},c${i}`).join('\n')}\n`;
  it('read seconds, milliseconds, microseconds and nanoseconds, and tell ms, us and ns apart by size in auto', async () => {
    const ms = t0 + 1;
    for (const [format, text] of [
      ['epoch-s', String(t0 / 1000)],
      ['epoch-ms', String(ms)],
      ['epoch-us', String(ms * 1000)],
      ['epoch-ns', `${ms}000000`],
      ['auto', String(ms)],
      ['auto', String(ms * 1000)],
      ['auto', `${ms}000000`],
    ] as const) {
      const store = await readCsvTouchpoints(bytes(rows([text])), { timestampFormat: format });
      expect(store.times![0], `${format} ${text}`).toBe(format === 'epoch-s' ? t0 : ms);
    }
  });

  it('give the fused and the general path the same times (a quoted cell takes the general one)', async () => {
    const values = ['1709294400123456', '1709294400000001', '1709294400999999', '9007199254740991', '1', '170929440012345.5'];
    for (const format of ['epoch-us', 'auto'] as const) {
      const plain = await readCsvTouchpoints(bytes(rows(values)), { timestampFormat: format });
      const quoted = await readCsvTouchpoints(bytes(rows(values.map((v) => `"${v}"`))), { timestampFormat: format });
      expect(Array.from(plain.times!)).toEqual(Array.from(quoted.times!));
    }
    expect(parseIsoTimestamp('2024-03-01T12:00:00.123Z')).toBe(t0 + 123);
  });
});

describe('decimal comma', () => {
  it('reads 12,50 with --decimal , and a ; delimiter, and refuses a point then', async () => {
    const text = 'path;conversions;value;nulls\na > b;1;12,50;0\nb;0,5;0,25;1\n';
    const store = await readCsvPaths(bytes(text), { delimiter: ';', decimal: ',', valueColumn: 'value', nullsColumn: 'nulls' });
    expect(Array.from(store.value)).toEqual([12.5, 0.25]);
    expect(Array.from(store.conversions)).toEqual([1, 0.5]);
    await expect(readCsvPaths(bytes('path;conversions\na;1.5\n'), { delimiter: ';', decimal: ',', file: 'eu.csv' })).rejects.toThrow(
      /eu\.csv, line 2, column "conversions": conversions must be a finite number >= 0, got "1\.5"/,
    );
    await expect(readCsvPaths(bytes(text), { decimal: ',' })).rejects.toThrow(/a decimal comma needs another delimiter/);
    const touch = await readCsvTouchpoints(bytes('journey_id;channel;conversions;value\nu;a;1;9,99\n'), { delimiter: ';', decimal: ',' });
    expect(Array.from(touch.value)).toEqual([9.99]);
  });

  it('is a CLI flag, with the GA4 event flags', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'pathcredit-events-'));
    const file = join(dir, 'ga4.csv');
    writeFileSync(file, ga4);
    const r = await runInProcess([
      'attribute', file, '--journey-column', 'user_pseudo_id', '--timestamp-column', 'event_timestamp', '--channel-column', 'source_medium',
      '--value-column', 'purchase_revenue', '--conversion-event', 'purchase', '--models', 'last', '--format', 'json',
    ]);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(rows.find((x) => x.channel === 'newsletter / email')!.last_touch_value).toBe(49.5);
    expect((await runInProcess(['attribute', file, '--decimal', ';'])).stderr).toMatch(/--decimal must be \. or ,/);
  });
});
