import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
// Worker threads need the built worker script, so these tests use dist/ (npm test builds first).
import * as built from '../dist/index.js';
import type * as src from '../src/index.js';
import { plainStore } from './helpers/peer-data.js';

const { readCsv, PathCreditError, isShared } = built as unknown as typeof src;

// A large file is cut at line starts and read by several threads; here the
// size threshold is lifted (parallelMinBytes: 0) so small random files are cut
// too, including inside quoted fields that span lines (the cut must then be
// found wrong and the rest read by one thread).

const dir = mkdtempSync(join(tmpdir(), 'pathcredit-parallel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;
const file = (text: string) => {
  const path = join(dir, `f${fileNo++}.csv`);
  writeFileSync(path, text);
  return path;
};

/** The reader's outcome: the store with its skipped rows, or the error message. */
async function outcome(path: string, options: src.CsvReadOptions) {
  try {
    const store = await readCsv(path, { ...options, file: 'data.csv' });
    const attributes = (store.attributes ?? []).map((a) => ({ ...a, touch: a.touch && Array.from(a.touch), path: Array.from(a.path) }));
    return { store: plainStore(store), attributes };
  } catch (e) {
    if (!(e instanceof PathCreditError)) throw e;
    return { error: e.message };
  }
}

const channel = fc.constantFrom('search', 'email', 'Display, "Brand"', 'two\nlines', 'café', 'x');
const quote = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

describe('CSV read by several threads = read by one', () => {
  it('touchpoints: same store, skip counts and samples (lines over the whole file), or the same first error', async () => {
    const row = fc.record({
      journey: fc.integer({ min: 0, max: 30 }),
      time: fc.integer({ min: 0, max: 9 }),
      channel,
      conversions: fc.constantFrom('0', '0', '1', '2.5', '-1', 'x'),
      segment: fc.constantFrom('mobile', 'desktop', '', 'tv, "smart"'),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 120 }), fc.boolean(), fc.integer({ min: 2, max: 4 }), async (rows, skipInvalid, threads) => {
        const text = ['journey_id,timestamp,channel,conversions,value,segment']
          .concat(rows.map((r) => `u${r.journey},2024-01-01T00:00:0${r.time}Z,${quote(r.channel)},${r.conversions},${r.conversions === '2.5' ? '10' : '0'},${quote(r.segment)}`))
          .join('\n');
        const path = file(text);
        const one = await outcome(path, { skipInvalid, readThreads: 1, attributeColumns: ['segment'] });
        const many = await outcome(path, { skipInvalid, readThreads: threads, parallelMinBytes: 0, attributeColumns: ['segment'] });
        expect(many).toEqual(one);
      }),
      { seed: 42, numRuns: 60 },
    );
  });

  it('paths: same store and skip counts, whatever the cuts', async () => {
    const row = fc.record({
      path: fc.array(channel, { minLength: 1, maxLength: 5 }),
      conversions: fc.constantFrom('0', '1', '3', '', '-2'),
      nulls: fc.nat(5),
      segment: fc.constantFrom('new', 'returning', ''),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 120 }), fc.boolean(), fc.integer({ min: 2, max: 4 }), async (rows, skipInvalid, threads) => {
        const text = ['path,conversions,nulls,segment'].concat(rows.map((r) => `${quote(r.path.join(' > '))},${r.conversions},${r.nulls},${r.segment}`)).join('\r\n');
        const path = file(text);
        const one = await outcome(path, { skipInvalid, readThreads: 1, attributeColumns: ['segment'] });
        const many = await outcome(path, { skipInvalid, readThreads: threads, parallelMinBytes: 0, attributeColumns: ['segment'] });
        expect(many).toEqual(one);
      }),
      { seed: 42, numRuns: 60 },
    );
  });

  it('a quoted field spanning the cut: the cut is found wrong and the rest read by one thread', async () => {
    // One long quoted channel with many line breaks in the middle of the file: every cut lands inside it.
    const long = `"${'spans\n'.repeat(400)}"`;
    const lines = ['journey_id,channel,conversions', 'u1,search,0', `u1,${long},1`, 'u2,email,1'];
    const path = file(lines.join('\n'));
    const one = await outcome(path, { readThreads: 1 });
    expect(await outcome(path, { readThreads: 3, parallelMinBytes: 0 })).toEqual(one);
    expect(one.store!.channels).toEqual(['search', `${'spans\n'.repeat(400)}`, 'email']);
  });

  it('builds stores on shared memory, which worker threads read in place', async () => {
    const touchpoints = await readCsv(file('journey_id,channel,conversions\nu1,a,0\nu1,b,1\n'));
    const paths = await readCsv(file('path,conversions\na > b,1\n'));
    expect(isShared(touchpoints)).toBe(true);
    expect(isShared(paths)).toBe(true);
  });

  it('an error in a later part names its line in the whole file', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `u${i},search,${i === 1500 ? '-1' : '0'}`);
    const path = file(['journey_id,channel,conversions', ...rows].join('\n'));
    await expect(readCsv(path, { readThreads: 2, parallelMinBytes: 0 })).rejects.toThrow(/line 1502, column "conversions": conversions must be a finite number >= 0, got "-1"/);
  });
});
