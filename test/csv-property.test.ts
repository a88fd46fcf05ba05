import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PathCreditError, parseIsoTimestamp, parseIsoTimestampBytes, readCsvTouchpoints } from '../src/index.js';
import { plainStore } from './helpers/peer-data.js';

const RUNS = { seed: 42, numRuns: 100 };

const plain = plainStore;

const NAMES = ['search', 'a,b', 'say "hi"', 'two\nlines', 'cr\r\nlf', '=1+1', '__proto__', 'café ☕', ' padded ', '"', ',', 'x'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A timestamp cell in one of the shapes the reader accepts, and the epoch ms it means. */
const timeCell = fc
  .tuple(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }), fc.constantFrom('Z', 'none', 'ms', 'offset', 'space', 'frac6', 'epoch'))
  .map(([t, shape]) => {
    const d = new Date(t);
    const base = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
    switch (shape) {
      case 'Z':
        return `${base}Z`;
      case 'none':
        return base;
      case 'ms':
        return `${base}.${pad(d.getUTCMilliseconds(), 3)}Z`;
      case 'space':
        return `${base.replace('T', ' ')}.${pad(d.getUTCMilliseconds(), 3)}`;
      case 'frac6':
        return `${base}.${pad(d.getUTCMilliseconds(), 3)}417+00:00`;
      case 'offset': {
        const local = new Date(t + 330 * 60_000).toISOString().slice(0, 23);
        return `${local}+05:30`;
      }
      default:
        return String(t);
    }
  });

/** A plain decimal or any double, as text the reader must read back exactly. */
const amount = fc.oneof(
  fc.constant('0'),
  fc.tuple(fc.nat({ max: 9_999_999 }), fc.nat({ max: 99_999_999 }), fc.integer({ min: 0, max: 8 })).map(([i, f, w]) => (w === 0 ? String(i) : `${i}.${String(f).padStart(8, '0').slice(0, w)}`)),
  fc.double({ min: 0, max: 1e9, noNaN: true }).map((x) => String(x)),
);

interface Row {
  journey: string;
  time: string;
  channel: string;
  conversions: string;
  value: string;
}

const row: fc.Arbitrary<Row> = fc
  .record({
    journey: fc.constantFrom('u1', 'u2', 'u,3', 'u"4', 'ü5'),
    time: timeCell,
    channel: fc.constantFrom(...NAMES),
    converts: fc.boolean(),
    conversions: amount,
    value: amount,
  })
  .map((r) => ({
    journey: r.journey,
    time: r.time,
    channel: r.channel,
    conversions: r.converts ? (Number(r.conversions) > 0 ? r.conversions : '1') : '0',
    value: r.converts ? r.value : '0',
  }));

const table = fc.record({
  rows: fc.array(row, { minLength: 1, maxLength: 40 }),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  finalNewline: fc.boolean(),
  quoteSeed: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
  cuts: fc.array(fc.integer({ min: 1, max: 23 }), { minLength: 1, maxLength: 8 }),
});

/** Quotes a cell when it must be quoted, or when `always` says so. */
function cell(text: string, always: boolean): string {
  return always || /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function toCsv(rows: Row[], opts: { crlf: boolean; bom: boolean; finalNewline: boolean; quote: (col: number, row: number) => boolean }): Uint8Array {
  const eol = opts.crlf ? '\r\n' : '\n';
  const lines = ['journey_id,timestamp,channel,conversions,value'];
  rows.forEach((r, i) =>
    lines.push([r.journey, r.time, r.channel, r.conversions, r.value].map((c, k) => cell(c, opts.quote(k, i))).join(',')),
  );
  const text = (opts.bom ? '\ufeff' : '') + lines.join(eol) + (opts.finalNewline ? eol : '');
  return new TextEncoder().encode(text);
}

/** A Readable yielding the bytes in chunks of the given sizes (cycled). */
function chunked(bytes: Uint8Array, sizes: number[]): Readable {
  const parts: Uint8Array[] = [];
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const n = sizes[k % sizes.length];
    parts.push(bytes.slice(at, at + n));
    at += n;
  }
  return Readable.from(parts);
}

describe('touchpoint CSV round trip (property)', () => {
  it('reads the same store whatever the chunking and quoting, and numbers and timestamps exactly', async () => {
    await fc.assert(
      fc.asyncProperty(table, async (t) => {
        const some = toCsv(t.rows, { ...t, quote: (k, i) => t.quoteSeed[(k + i) % 5] });
        const none = toCsv(t.rows, { ...t, quote: () => false });
        const all = toCsv(t.rows, { ...t, quote: () => true });
        const whole = plain(await readCsvTouchpoints(some));
        expect(plain(await readCsvTouchpoints(chunked(some, t.cuts)))).toEqual(whole);
        expect(plain(await readCsvTouchpoints(chunked(none, t.cuts)))).toEqual(whole);
        expect(plain(await readCsvTouchpoints(all))).toEqual(whole);

        // Every touch carries its row's exact channel, time, and the path its row's counts.
        const store = whole;
        for (let i = 0; i < store.touches.length; i++) {
          const r = t.rows[store.touchRows![i]];
          expect(store.channels[store.touches[i]]).toBe(r.channel);
          const expectedTime = /^\d+$/.test(r.time) ? Number(r.time) : parseIsoTimestamp(r.time);
          expect(store.times![i]).toBe(expectedTime);
        }
        for (let p = 0; p < store.offsets.length - 1; p++) {
          if (store.conversions[p] === 0) continue;
          // The converting row is the path's last touch's row.
          const r = t.rows[store.touchRows![store.offsets[p + 1] - 1]];
          expect(store.conversions[p]).toBe(Number(r.conversions));
          expect(store.value[p]).toBe(Number(r.value));
        }
      }),
      RUNS,
    );
  });
});

describe('parseIsoTimestampBytes', () => {
  const two = (max: number) => fc.integer({ min: 0, max }).map((n) => pad(n));
  const iso = fc
    .tuple(
      // 1970-01-01 keeps epoch values small, where fraction rounding shows.
      fc.oneof(fc.integer({ min: 0, max: 9999 }).map((n) => pad(n, 4)), fc.constant('1970')),
      fc.oneof(two(13), fc.constant('01')),
      fc.oneof(two(32), fc.constant('01')),
      fc.constantFrom('T', 't', ' ', 'x'),
      two(25),
      two(61),
      two(61),
      fc.oneof(
        fc.constantFrom('', '.', ',5'),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 10 }).map((d) => `.${d.join('')}`),
      ),
      fc.constantFrom('', 'Z', 'z', '+00:00', '-05:30', '+0530', '+05', '+5', ' Z', '+05:3', 'Q', '+99:99'),
    )
    .map((parts) => parts.join(''));

  it('agrees exactly with parseIsoTimestamp, valid or not', () => {
    fc.assert(
      fc.property(fc.oneof(iso, fc.string({ maxLength: 30 })), (text) => {
        const bytes = new TextEncoder().encode(`,${text},`);
        expect(Object.is(parseIsoTimestampBytes(bytes, 1, bytes.length - 1), parseIsoTimestamp(text))).toBe(true);
      }),
      { seed: 42, numRuns: 5000 },
    );
  });

  it('rounds fractions exactly as parseIsoTimestamp does, near the epoch where it shows', () => {
    for (let f = 0; f < 100_000; f++) {
      const text = `1970-01-01T00:00:00.${String(f).padStart(5, '0')}Z`;
      const bytes = new TextEncoder().encode(text);
      if (!Object.is(parseIsoTimestampBytes(bytes, 0, bytes.length), parseIsoTimestamp(text))) throw new Error(`differs on ${text}`);
    }
  });

  it('reads the common shapes', () => {
    const at = (s: string) => parseIsoTimestampBytes(new TextEncoder().encode(s), 0, s.length);
    expect(at('2024-03-01T12:00:00Z')).toBe(1709294400000);
    expect(at('2024-03-01T12:00:00.250+01:00')).toBe(1709294400250 - 3_600_000);
    expect(at('2024-02-29 23:59:59')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59));
    expect(at('2023-02-29T00:00:00Z')).toBeNaN();
  });
});

describe('malformed input (property)', () => {
  // Short random texts over the characters that matter to CSV and to the fast paths.
  const junk = fc
    .array(fc.constantFrom('u1', 'a', ',', '"', '""', '\n', '\r\n', '\r', '1', '-1', '.', '2024-01-01T00:00:00Z', '2024-13-01T00:00:00Z', ' ', 'é'), {
      maxLength: 60,
    })
    .map((parts) => parts.join(''));

  it('reads the same store, or fails with the same PathCreditError, whatever the chunking', async () => {
    const outcome = async (source: Parameters<typeof readCsvTouchpoints>[0]) => {
      try {
        const store = await readCsvTouchpoints(source, { skipInvalid: true, file: 'junk.csv' });
        return { store: plain(store), skipped: store.skipped };
      } catch (e) {
        if (!(e instanceof PathCreditError)) throw e;
        return { error: e.message };
      }
    };
    await fc.assert(
      fc.asyncProperty(junk, fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 5 }), async (body, cuts) => {
        const bytes = new TextEncoder().encode(`journey_id,timestamp,channel,conversions,value\n${body}`);
        expect(await outcome(chunked(bytes, cuts))).toEqual(await outcome(bytes));
      }),
      RUNS,
    );
  });
});
