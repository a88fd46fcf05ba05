import { describe, expect, it } from 'vitest';
import { fromPathRows } from '../src/index.js';
import { loadPeerRows } from './helpers/peer-data.js';

describe('fromPathRows on the peer data', () => {
  it('reads the totals the data card states', () => {
    const rows = loadPeerRows();
    const store = fromPathRows(rows);
    expect(store.pathCount).toBe(10000);
    expect(store.channels.length).toBe(12);
    expect(store.conversions.reduce((a, b) => a + b, 0)).toBe(19785);
    expect(store.nulls.reduce((a, b) => a + b, 0)).toBe(68602);
    expect(store.value.reduce((a, b) => a + b, 0)).toBeCloseTo(74802.97, 1);
  });
});
