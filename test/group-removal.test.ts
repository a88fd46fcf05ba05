// Removal effects of channel groups against an independent dense mathjs solve, hand examples of
// the interaction, and errors.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attribute, fromPathRows, groupRemovalEffects, markov, parseChannelGroups } from '../src/index.js';
import { loadPeerRows, referenceChain, type Row } from './helpers/markov-reference.js';

const NAMES = ['a', 'b', 'c', 'd'];
const rowsArb = fc
  .array(
    fc.record({
      path: fc.array(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 5 }),
      conversions: fc.integer({ min: 0, max: 6 }),
      nulls: fc.integer({ min: 0, max: 6 }),
      value: fc.integer({ min: 1, max: 100 }),
    }),
    { minLength: 1, maxLength: 15 },
  )
  .map((rows) => rows.map((r) => ({ path: r.path.join(' > '), conversions: r.conversions, nulls: r.nulls, value: r.conversions > 0 ? r.value : 0 })))
  .filter((rows) => rows.some((r) => r.conversions > 0));

describe('group removal effects', () => {
  it('match a dense mathjs solve with every state containing a group channel removed, at orders 1-3', () => {
    fc.assert(
      fc.property(rowsArb, fc.integer({ min: 1, max: 3 }), fc.boolean(), fc.subarray(NAMES, { minLength: 1, maxLength: 3 }), (rows: Row[], order, collapse, group) => {
        const store = fromPathRows(rows);
        const present = group.filter((c) => store.channels.includes(c));
        if (present.length === 0) return;
        const r = groupRemovalEffects(store, [present], { order, collapseRepeats: collapse });
        const ref = referenceChain(rows, order, collapse);
        const full = ref.solve(new Set());
        const without = ref.without(present);
        const g = r.groups[0];
        expect(r.conversionProbability).toBeCloseTo(full.p, 10);
        expect(g.removedConversionProbability).toBeCloseTo(without.p, 10);
        expect(g.removalEffect).toBeCloseTo(Math.min(1, Math.max(0, 1 - without.p / full.p)), 9);
        if (full.v > 0) expect(g.valueRemovalEffect).toBeCloseTo(Math.min(1, Math.max(0, 1 - without.v / full.v)), 9);
        // The single-channel effects are Markov's own.
        const m = markov(store, { order, collapseRepeats: collapse });
        const expectedSum = present.reduce((s, c) => s + m.removalEffects[store.channels.indexOf(c)], 0);
        expect(g.sumOfChannelEffects).toBeCloseTo(expectedSum, 12);
        // Removing a group = visiting any of it on the way to conversion: a union, so never more than the sum.
        expect(g.interaction).toBeLessThanOrEqual(1e-12);
        for (const c of present) expect(g.removalEffect).toBeGreaterThanOrEqual(m.removalEffects[store.channels.indexOf(c)] - 1e-12);
      }),
      { seed: 21, numRuns: 120 },
    );
  });

  it('by hand: two channels on one route overlap (interaction -0.5); two on separate routes add up (interaction 0)', () => {
    // (start) -> A (2/3) -> B (1/2) -> conversion; (start) -> C (1/3) -> conversion. P = 2/3.
    const store = fromPathRows([
      { path: 'A > B', conversions: 1, value: 10, nulls: 0 },
      { path: 'A', conversions: 0, nulls: 1 },
      { path: 'C', conversions: 1, value: 30, nulls: 0 },
    ]);
    const r = groupRemovalEffects(store, [['A', 'B'], ['A', 'C']]);
    expect(r.conversionProbability).toBeCloseTo(2 / 3, 15);
    const [ab, ac] = r.groups;
    expect(ab.removalEffect).toBeCloseTo(0.5, 15);
    expect(ab.sumOfChannelEffects).toBeCloseTo(1, 15);
    expect(ab.interaction).toBeCloseTo(-0.5, 15);
    expect(ac.removalEffect).toBeCloseTo(1, 15);
    expect(ac.interaction).toBeCloseTo(0, 15);
    // Value: V = 2/3 * 1/2 * 10 + 1/3 * 30 = 40/3; without A and B, 10: RV = 1/4; RV_A = RV_B = 1/4.
    expect(ab.valueRemovalEffect).toBeCloseTo(0.25, 14);
    expect(ab.valueInteraction).toBeCloseTo(-0.25, 14);
    expect(ab.label).toBe('A+B');
  });

  it('removing every channel of the peer data removes every conversion; attribute() reports the same groups', () => {
    const rows = loadPeerRows();
    const store = fromPathRows(rows);
    const r = groupRemovalEffects(store, [store.channels.slice(), ['alpha', 'beta']]);
    expect(r.groups[0].removalEffect).toBe(1);
    // No conversion is left: 0 up to rounding, never below it (a probability).
    expect(r.groups[0].removedConversionProbability).toBeGreaterThanOrEqual(0);
    expect(r.groups[0].removedConversionProbability).toBeLessThan(1e-12);
    expect(r.groups[0].removedExpectedValue).toBeGreaterThanOrEqual(0);
    const viaAttribute = attribute(store, { models: ['markov'], removeGroups: [['alpha', 'beta']] });
    expect(viaAttribute.groupRemoval!.groups[0]).toEqual(r.groups[1]);
    const ref = referenceChain(rows, 1, false);
    expect(r.groups[1].removedConversionProbability).toBeCloseTo(ref.without(['alpha', 'beta']).p, 12);
  });

  it('refuses unknown, repeated or missing channels with clear errors', () => {
    const store = fromPathRows([{ path: 'a > b', conversions: 1 }]);
    expect(() => groupRemovalEffects(store, [['a', 'zz']])).toThrow(/channel group 1 names an unknown channel \(known: "a", "b"\).*zz/);
    expect(() => groupRemovalEffects(store, [['a', 'a']])).toThrow(/names a channel twice/);
    expect(() => groupRemovalEffects(store, [[]])).toThrow(/channel group 1 is empty/);
    expect(() => groupRemovalEffects(store, [])).toThrow(/no channel group/);
    expect(() => groupRemovalEffects(fromPathRows([{ path: 'a', conversions: 0, nulls: 2 }]), [['a']])).toThrow(/no converting path/);
  });

  it('parses group lists with escapes', () => {
    expect(parseChannelGroups('display+video, search + email')).toEqual([
      ['display', 'video'],
      ['search', 'email'],
    ]);
    expect(parseChannelGroups('a\\+b+c,d\\,e')).toEqual([['a+b', 'c'], ['d,e']]);
    expect(() => parseChannelGroups('a++b')).toThrow(/empty channel name/);
    expect(() => parseChannelGroups('')).toThrow(/empty channel name/);
  });
});
