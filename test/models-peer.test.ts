// First, last and linear on ChannelAttribution's sample data, against an
// independent naive computation (string split and a Map per path).
import { describe, expect, it } from 'vitest';
import { firstTouch, fromPathRows, lastTouch, linear, type ChannelCredits } from '../src/index.js';
import { loadPeerRows } from './helpers/peer-data.js';

const rows = loadPeerRows();

type Pick = (names: string[]) => [string, number][];
function naive(pick: Pick): { conv: Map<string, number>; val: Map<string, number> } {
  const conv = new Map<string, number>();
  const val = new Map<string, number>();
  for (const r of rows) {
    if (!(r.conversions > 0)) continue;
    for (const [name, w] of pick(r.path.split(' > '))) {
      conv.set(name, (conv.get(name) ?? 0) + w * r.conversions);
      val.set(name, (val.get(name) ?? 0) + w * r.value);
    }
  }
  return { conv, val };
}

function expectMatches(res: ChannelCredits, want: { conv: Map<string, number>; val: Map<string, number> }): void {
  expect(res.channels.length).toBe(12);
  res.channels.forEach((name, i) => {
    const c = want.conv.get(name) ?? 0;
    const v = want.val.get(name) ?? 0;
    expect(Math.abs(res.conversions[i] - c)).toBeLessThanOrEqual(1e-9 * Math.max(1, c));
    expect(Math.abs(res.value[i] - v)).toBeLessThanOrEqual(1e-9 * Math.max(1, v));
  });
  expect(res.totalConversions).toBe(19785);
  const totalValue = rows.reduce((a, r) => a + (r.conversions > 0 ? r.value : 0), 0);
  expect(Math.abs(res.totalValue - totalValue)).toBeLessThanOrEqual(1e-9 * totalValue);
  const sumValue = res.value.reduce((a, b) => a + b, 0);
  expect(Math.abs(sumValue - res.totalValue)).toBeLessThanOrEqual(1e-9 * totalValue);
}

describe('heuristics on the ChannelAttribution sample (10,000 paths, 12 channels)', () => {
  const store = fromPathRows(rows);
  it('firstTouch equals a naive per-path computation', () => {
    expectMatches(firstTouch(store), naive((names) => [[names[0], 1]]));
  });
  it('lastTouch equals a naive per-path computation', () => {
    expectMatches(lastTouch(store), naive((names) => [[names[names.length - 1], 1]]));
  });
  it('linear (per touch) equals a naive per-path computation', () => {
    expectMatches(linear(store), naive((names) => names.map((n) => [n, 1 / names.length] as [string, number])));
  });
  it('linear unique equals a naive per-path computation over distinct channels', () => {
    expectMatches(
      linear(store, { unique: true }),
      naive((names) => {
        const distinct = [...new Set(names)];
        return distinct.map((n) => [n, 1 / distinct.length] as [string, number]);
      }),
    );
  });
});
