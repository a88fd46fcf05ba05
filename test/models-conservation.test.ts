// Conservation at scale: compensated sums keep channel credits equal to the
// totals to ~1e-12 relative where a plain running sum drifts (1e6 x 0.1 summed
// naively is off by ~1e-11 relative).
import { describe, expect, it } from 'vitest';
import { firstTouch, lastNonDirect, lastTouch, linear, PathStoreBuilder, positionBased, timeDecay, type ChannelCredits, type PathStore } from '../src/index.js';

function bigStore(paths: number): PathStore {
  const b = new PathStoreBuilder({ withTimes: true, pathCapacity: paths, touchCapacity: 3 * paths });
  const ids = ['a', 'b', 'c', 'direct', 'e'].map((n) => b.dictionary.idOf(n));
  let seed = 7;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  for (let p = 0; p < paths; p++) {
    const n = 1 + (next() % 3);
    for (let k = 0; k < n; k++) b.addTouch(ids[next() % ids.length], p * 1000 + k * 3_600_000);
    b.endPath(0.1, 0.7, 1);
  }
  return b.build();
}

const PATHS = 1_000_000;
const store = bigStore(PATHS);
const models: [string, (s: PathStore) => ChannelCredits][] = [
  ['firstTouch', (s) => firstTouch(s)],
  ['lastTouch', (s) => lastTouch(s)],
  ['lastNonDirect', (s) => lastNonDirect(s)],
  ['linear', (s) => linear(s)],
  ['linear unique', (s) => linear(s, { unique: true })],
  ['positionBased', (s) => positionBased(s)],
  ['timeDecay', (s) => timeDecay(s, { halfLife: '1h' })],
];

describe('conservation on a million paths of 0.1 conversions and 0.7 value', () => {
  it('a naive running sum really does drift here (the test has teeth)', () => {
    let s = 0;
    for (let p = 0; p < PATHS; p++) s += 0.1;
    expect(Math.abs(s - 100_000) / 100_000).toBeGreaterThan(1e-12);
  });
  it.each(models)('%s: totals and channel sums agree with the exact totals to 1e-12', (_name, run) => {
    const res = run(store);
    expect(Math.abs(res.totalConversions - 100_000) / 100_000).toBeLessThan(1e-12);
    expect(Math.abs(res.totalValue - 700_000) / 700_000).toBeLessThan(1e-12);
    const conv = res.conversions.reduce((a, b) => a + b, 0);
    const value = res.value.reduce((a, b) => a + b, 0);
    expect(Math.abs(conv - 100_000) / 100_000).toBeLessThan(1e-12);
    expect(Math.abs(value - 700_000) / 700_000).toBeLessThan(1e-12);
  });
});
