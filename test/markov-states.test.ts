// Markov with (channel, touch type) states: against group removals on a hand-built
// composite store, equal to plain Markov when every touch has one type, conserving,
// and wired through attribute() with touch weights.
import { describe, expect, it } from 'vitest';
import { attribute, fromPathRows, groupRemovalEffects, markov } from '../src/index.js';
import { markovByTouchType } from '../src/markov/by-touch-type.js';
import { typedStore } from './helpers/typed-store.js';

const rows = [
  { path: 'display > search', types: 'impression > click', conversions: 3, value: 30, nulls: 5 },
  { path: 'display > search', types: 'click > click', conversions: 2, value: 10, nulls: 1 },
  { path: 'search', types: 'impression', conversions: 0, nulls: 7 },
  { path: 'email > display > search', types: 'click > impression > click', conversions: 1, value: 7, nulls: 2 },
  { path: 'display', types: 'impression', conversions: 1, value: 3, nulls: 9 },
];
const composite = (r: (typeof rows)[number]) => {
  const types = r.types.split(' > ');
  return r.path
    .split(' > ')
    .map((c, i) => `${c} [${types[i]}]`)
    .join(' > ');
};

describe('channel-type states', () => {
  const store = typedStore(rows);
  const typed = markovByTouchType(store, 'touch_type');

  it("a channel's removal effect is the group removal of all its typed states (independent route)", () => {
    const plain = fromPathRows(rows.map((r) => ({ ...r, path: composite(r) })));
    const groups = store.channels.map((c) => plain.channels.filter((s) => s.startsWith(`${c} [`)));
    const g = groupRemovalEffects(plain, groups, { solver: 'direct' });
    store.channels.forEach((_, i) => {
      expect(typed.result.removalEffects[i]).toBeCloseTo(g.groups[i].removalEffect, 12);
      expect(typed.result.valueRemovalEffects[i]).toBeCloseTo(g.groups[i].valueRemovalEffect, 12);
    });
    expect(typed.result.conversionProbability).toBeCloseTo(g.conversionProbability, 14);
    expect(typed.counter.channels).toContain('display [impression]');
    expect(typed.counter.channels).toContain('display [click]');
  });

  it('conserves conversions and value, and flow is conserved (P = conversions / journeys)', () => {
    const r = typed.result;
    expect(r.credits.conversions.reduce((a, b) => a + b, 0)).toBeCloseTo(7, 12);
    expect(r.credits.value.reduce((a, b) => a + b, 0)).toBeCloseTo(50, 12);
    expect(r.flowConservationError).toBeLessThan(1e-12);
  });

  it('with one type for every touch it is plain Markov', () => {
    const one = typedStore(rows.map((r) => ({ ...r, types: r.types.replace(/\w+/g, 'click') })));
    const a = markovByTouchType(one, 'touch_type').result;
    const b = markov(one);
    a.removalEffects.forEach((x, i) => expect(x).toBeCloseTo(b.removalEffects[i], 12));
  });

  it('attribute() runs it with markovStates, weighs the heuristics by type, and refuses what it cannot do', () => {
    const res = attribute(store, { models: ['linear', 'markov'], markovStates: 'channel-type', touchWeights: { weights: { click: 1, impression: 0.5 } } });
    expect(Array.from(res.markov!.removalEffects)).toEqual(Array.from(typed.result.removalEffects));
    expect(res.markov!.stateCount).toBe(typed.counter.stateCount);
    // display > search, impression then click, 3 conversions: display 3 * 0.5 / 1.5.
    const linear = res.credits[0];
    expect(linear.conversions[linear.channels.indexOf('email')]).toBeCloseTo(1 / 2.5, 12);
    expect(() => attribute(store, { models: ['linear'], touchWeights: { weights: { '*': 1 } }, intervals: true })).toThrow(/intervals are not available/);
    expect(() => attribute(store, { models: ['markov'], markovStates: 'channel-type', removeGroups: [['display', 'search']] })).toThrow(/channel groups/);
    expect(() => attribute(store, { models: ['markov'], markovStates: 'channel-type', touchTypeColumn: 'kind' })).toThrow(/touch-type column "kind"/);
    expect(() => attribute(store, { models: ['markov'], markovStates: 'both' as 'channel' })).toThrow(/markovStates/);
  });
});
