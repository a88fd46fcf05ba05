import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fromPathRows } from '../src/index.js';

describe('fromPathRows on the peer data', () => {
  it('reads the totals the data card states', () => {
    const text = gunzipSync(readFileSync(new URL('../fixtures/peers/channelattribution_pathdata.csv.gz', import.meta.url))).toString('utf8');
    const lines = text.trim().split('\n').slice(1);
    const rows = lines.map((l) => {
      const m = /^"([^"]*)",([^,]+),([^,]+),([^,]+)$/.exec(l)!;
      return { path: m[1], conversions: Number(m[2]), value: Number(m[3]), nulls: Number(m[4]) };
    });
    const store = fromPathRows(rows);
    expect(store.pathCount).toBe(10000);
    expect(store.channels.length).toBe(12);
    expect(store.conversions.reduce((a, b) => a + b, 0)).toBe(19785);
    expect(store.nulls.reduce((a, b) => a + b, 0)).toBe(68602);
    expect(store.value.reduce((a, b) => a + b, 0)).toBeCloseTo(74802.97, 1);
  });
});
