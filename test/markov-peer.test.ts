import { describe, expect, it } from 'vitest';
import { TransitionCounter, fromPathRows, markov, markovFromCounts, transitionTable } from '../src/index.js';
import { loadPeerRows, referenceSolve, sum } from './helpers/markov-reference.js';

const rows = loadPeerRows();
const store = fromPathRows(rows);
const totalValue = sum(rows.map((r) => r.value)); // 74,802.97 rounded

describe('markov on the ChannelAttribution demo data (10,000 paths, 12 channels)', () => {
  for (const order of [1, 2, 3, 4]) {
    for (const collapseRepeats of [false, true]) {
      it(`order ${order}${collapseRepeats ? ', collapseRepeats' : ''}: invariants hold`, () => {
        const r = markov(store, { order, collapseRepeats, perTouch: true });
        expect(r.conversionProbability).toBeCloseTo(19785 / (19785 + 68602), 12);
        expect(r.flowConservationError).toBeLessThan(1e-12);
        expect(r.nullsPresent).toBe(true);
        expect(r.solver.residual).toBeLessThanOrEqual(1e-12);
        expect(r.solver.checkedSolves).toBe(r.solver.solves);
        for (const v of [...r.removalEffects, ...r.valueRemovalEffects]) {
          expect(v).toBeGreaterThan(0);
          expect(v).toBeLessThanOrEqual(1);
        }
        expect(sum(r.credits.conversions)).toBeCloseTo(19785, 8);
        expect(sum(r.credits.value)).toBeCloseTo(totalValue, 6);
        expect(sum(r.credits.perTouch!.conversions)).toBeCloseTo(19785, 8);
        expect(sum(r.credits.perTouch!.value)).toBeCloseTo(totalValue, 6);
      });
    }
  }

  it('order 1 matches the independent mathjs solve and is the same with either solver', () => {
    const ref = referenceSolve(rows, 1, false);
    const d = markov(store, { solver: 'direct' });
    const it = markov(store, { solver: 'iterative' });
    expect(d.conversionProbability).toBeCloseTo(ref.p, 12);
    expect(d.expectedValue).toBeCloseTo(ref.v, 10);
    d.credits.channels.forEach((c, i) => {
      expect(d.removedConversionProbability[i]).toBeCloseTo(ref.removedP.get(c)!, 12);
      expect(d.removedExpectedValue[i]).toBeCloseTo(ref.removedV.get(c)!, 10);
      expect(Math.abs(d.removalEffects[i] - it.removalEffects[i])).toBeLessThan(1e-10);
      expect(Math.abs(d.valueRemovalEffects[i] - it.valueRemovalEffects[i])).toBeLessThan(1e-10);
    });
  });

  it('order 2: direct and iterative agree to 1e-10, and collapseRepeats changes the result', () => {
    const d = markov(store, { order: 2, solver: 'direct' });
    const it = markov(store, { order: 2, solver: 'iterative' });
    expect(it.solver.method).toBe('iterative');
    d.removalEffects.forEach((v, i) => expect(Math.abs(v - it.removalEffects[i])).toBeLessThan(1e-10));
    d.valueRemovalEffects.forEach((v, i) => expect(Math.abs(v - it.valueRemovalEffects[i])).toBeLessThan(1e-10));
    const c = markov(store, { order: 2, collapseRepeats: true });
    expect(c.stateCount).toBeLessThan(d.stateCount);
    expect(Math.max(...d.removalEffects.map((v, i) => Math.abs(v - c.removalEffects[i])))).toBeGreaterThan(1e-6);
  });

  it('counting the data in four chunks and merging equals counting it whole', () => {
    for (const order of [1, 3]) {
      const whole = new TransitionCounter({ order }).add(store);
      const merged = new TransitionCounter({ order });
      for (let k = 3; k >= 0; k--) merged.merge(new TransitionCounter({ order }).add(fromPathRows(rows.slice(k * 2500, (k + 1) * 2500))));
      const a = markovFromCounts(whole);
      const b = markovFromCounts(merged);
      expect(b.stateCount).toBe(a.stateCount);
      expect(b.transitionCount).toBe(a.transitionCount);
      const idx = new Map(b.credits.channels.map((c, i) => [c, i]));
      a.credits.channels.forEach((c, i) => expect(b.removalEffects[idx.get(c)!]).toBeCloseTo(a.removalEffects[i], 12));
      expect(transitionTable(merged).numRows).toBe(transitionTable(whole).numRows);
    }
  });
});
