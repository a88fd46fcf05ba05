// Diagnostics on a hand-checked example: support behind each channel, one-touch share, residuals
// and every flag with its threshold.
import { describe, expect, it } from 'vitest';
import { attribute, diagnose, fromPathRows, linear, TransitionCounter } from '../src/index.js';

const store = fromPathRows([
  { path: 'a', conversions: 40, value: 400, nulls: 10 },
  { path: 'a > b', conversions: 20, value: 100, nulls: 5 },
  { path: 'b > b', conversions: 5, value: 50, nulls: 1 },
  { path: 'c > a', conversions: 2, value: 20, nulls: 3 },
  { path: 'd', conversions: 0, nulls: 4 },
]);

describe('diagnose', () => {
  it('counts the journeys and conversions behind each channel and the unanimous shares (by hand)', () => {
    const d = diagnose({ store, credits: [linear(store)] });
    // a: paths 'a', 'a > b', 'c > a' -> journeys 50 + 25 + 5, conversions 40 + 20 + 2.
    expect(Array.from(d.channelJourneys)).toEqual([80, 31, 5, 4]);
    expect(Array.from(d.channelConversions)).toEqual([62, 25, 2, 0]);
    expect(d.totalJourneys).toBe(90);
    expect(d.totalConversions).toBe(67);
    expect(d.oneTouchConversionShare).toBeCloseTo(40 / 67, 15);
    // 'b > b' has one distinct channel: all models agree on it too.
    expect(d.singleChannelConversionShare).toBeCloseTo(45 / 67, 15);
    expect(d.conservation[0].model).toBe('linear');
    expect(d.conservation[0].conversions).toBeLessThan(1e-12);
  });

  it('flags a model whose credits miss the total value even when conversions add up', () => {
    const good = linear(store);
    expect(diagnose({ store, credits: [good] }).flags.filter((f) => f.kind === 'conservation')).toEqual([]);
    const value = Float64Array.from(good.value);
    value[0] += 0.5;
    const flags = diagnose({ store, credits: [{ ...good, value }] }).flags.filter((f) => f.kind === 'conservation');
    expect(flags).toHaveLength(1);
    expect(flags[0].message).toMatch(/linear: channel credits miss the total value by 5\.00e-1/);
  });

  it('flags channels below the conversion threshold, and only those', () => {
    const d = diagnose({ store, credits: [linear(store)] }, { minConversions: 25 });
    const few = d.flags.filter((f) => f.kind === 'few-conversions');
    expect(few.map((f) => [f.channel, f.value])).toEqual([
      ['c', 2],
      ['d', 0],
    ]);
    expect(few[0].threshold).toBe(25);
    expect(diagnose({ store, credits: [] }, { minConversions: 26 }).flags.filter((f) => f.kind === 'few-conversions').map((f) => f.channel)).toEqual(['b', 'c', 'd']);
  });

  it('flags Markov states seen fewer than the threshold, rarest first, and missing nulls', () => {
    const counter = new TransitionCounter().add(store);
    // Visits: a 80, b 31, c 5, d 4.
    const d = diagnose({ store, credits: [], markovCounts: counter }, { minStateCount: 6 });
    expect(d.markovStates).toEqual({ rare: 2, total: 4, examples: [{ state: 'd', count: 4 }, { state: 'c', count: 5 }] });
    expect(d.flags.find((f) => f.kind === 'rare-markov-states')!.value).toBe(2);
    const noNulls = fromPathRows([{ path: 'a > b', conversions: 3 }]);
    expect(diagnose({ store: noNulls, credits: [], markovCounts: new TransitionCounter().add(noNulls) }).flags.some((f) => f.kind === 'no-nulls')).toBe(true);
  });

  it('flags intervals wider than the fraction of the credit, per model and channel', () => {
    const r = attribute(store, { models: ['linear', 'markov'], intervals: { replicates: 100, seed: 4 }, diagnostics: { maxRelativeIntervalWidth: 0.5 } });
    const wide = r.diagnostics.flags.filter((f) => f.kind === 'wide-interval');
    const expected: string[] = [];
    r.intervals!.models.forEach((m) => {
      const credits = r.credits.find((c) => c.model === m.model)!;
      store.channels.forEach((ch, i) => {
        if (m.conversionsHi[i] - m.conversionsLo[i] > 0.5 * Math.abs(credits.conversions[i])) expected.push(`${m.model}:${ch}`);
      });
    });
    expect(wide.map((f) => `${f.model}:${f.channel}`)).toEqual(expected);
    // 'c' rests on 2 conversions: its interval is wide under both models; 'a' on 62 is not.
    expect(expected).toContain('linear:c');
    expect(expected).not.toContain('linear:a');
  });

  it('is part of every attribute() result and refuses invalid thresholds', () => {
    const r = attribute(store, { models: ['first_touch'] });
    expect(r.diagnostics.conservation.map((c) => c.model)).toEqual(['first_touch']);
    expect(() => attribute(store, { diagnostics: { minConversions: -1 } })).toThrow(/minConversions must be a finite number >= 0/);
  });
});
