// Shared helpers for the Markov tests: an independent reference implementation of the spec's
// chain (string-keyed maps and mathjs, nothing from src/markov) and the peer-data loader.
import { lusolve } from 'mathjs';
import { expect } from 'vitest';
import { loadPeerRows as loadPeer } from './peer-data.js';

export interface Row {
  path: string;
  conversions: number;
  value: number;
  nulls: number;
}

/** The spec's states of order k for one path, as string keys (channel names joined by \u0001). */
export function refStates(names: string[], order: number, collapse: boolean): string[] {
  let seq = names;
  if (collapse) seq = names.filter((c, i) => i === 0 || names[i - 1] !== c);
  const windows: string[] = [];
  if (seq.length < order) windows.push(seq.join('\u0001'));
  else for (let i = 0; i + order <= seq.length; i++) windows.push(seq.slice(i, i + order).join('\u0001'));
  return windows.filter((s, i) => i === 0 || windows[i - 1] !== s);
}

/**
 * The spec's chain built with string keys, and a dense mathjs solve of P and V with any set of
 * channels removed (every state containing one of them redirected to (null)).
 */
export function referenceChain(rows: Row[], order: number, collapse: boolean) {
  const counts = new Map<string, Map<string, number>>();
  const endValue = new Map<string, number>();
  const bump = (a: string, b: string, w: number) => {
    if (!counts.has(a)) counts.set(a, new Map());
    const m = counts.get(a)!;
    m.set(b, (m.get(b) ?? 0) + w);
  };
  for (const r of rows) {
    const w = r.conversions + r.nulls;
    if (w <= 0) continue;
    const states = refStates(r.path.split(' > '), order, collapse);
    let prev = '(start)';
    for (const s of states) {
      bump(prev, 's:' + s, w);
      prev = 's:' + s;
    }
    if (r.conversions > 0) {
      bump(prev, '(conversion)', r.conversions);
      endValue.set(prev, (endValue.get(prev) ?? 0) + r.value);
    }
    if (r.nulls > 0) bump(prev, '(null)', r.nulls);
  }
  const transient = ['(start)', ...[...counts.keys()].filter((k) => k !== '(start)')];
  const index = new Map(transient.map((s, i) => [s, i]));
  const n = transient.length;
  const solve = (removed: Set<string>) => {
    const A: number[][] = [];
    const b1: number[] = [];
    const b2: number[] = [];
    for (let i = 0; i < n; i++) {
      const s = transient[i];
      const row = new Array(n).fill(0);
      row[i] = 1;
      let r1 = 0;
      let r2 = 0;
      if (!removed.has(s)) {
        const out = counts.get(s)!;
        let total = 0;
        for (const w of out.values()) total += w;
        for (const [t, w] of out) {
          if (t === '(conversion)') r1 += w / total;
          else if (t !== '(null)' && !removed.has(t)) row[index.get(t)!] -= w / total;
        }
        r2 = (endValue.get(s) ?? 0) / total;
      }
      A.push(row);
      b1.push(r1);
      b2.push(r2);
    }
    const x = lusolve(A, b1) as unknown as number[][];
    const y = lusolve(A, b2) as unknown as number[][];
    return { p: x[0][0], v: y[0][0] };
  };
  const without = (channels: string[]) => solve(new Set(transient.filter((s) => s.startsWith('s:') && s.slice(2).split('\u0001').some((c) => channels.includes(c)))));
  return { solve, without, stateCount: n - 1 };
}

/** Reference P, V and per-channel P_-c, V_-c from a dense mathjs solve of the spec's chain. */
export function referenceSolve(rows: Row[], order: number, collapse: boolean) {
  const chain = referenceChain(rows, order, collapse);
  const full = chain.solve(new Set());
  const channels = [...new Set(rows.flatMap((r) => r.path.split(' > ')))];
  const removedP = new Map<string, number>();
  const removedV = new Map<string, number>();
  for (const c of channels) {
    const r = chain.without([c]);
    removedP.set(c, r.p);
    removedV.set(c, r.v);
  }
  return { p: full.p, v: full.v, removedP, removedV, stateCount: chain.stateCount };
}

/** Reference P_-G, V_-G for removing a group of channels together (every state containing any of them). */
export function referenceGroupRemoval(rows: Row[], order: number, collapse: boolean, group: string[]) {
  return referenceChain(rows, order, collapse).without(group);
}

/** The ChannelAttribution demo data (10,000 rows, 12 channels). */
export const loadPeerRows: () => Row[] = loadPeer;

export const sum = (a: ArrayLike<number>): number => Array.from(a).reduce((s, v) => s + v, 0);

/** Asserts that a Markov result's P, V and every P_-c, V_-c equal the reference (10 and 8 digits). */
export function expectMatchesReference(
  r: { conversionProbability: number; expectedValue: number; credits: { channels: readonly string[] }; removedConversionProbability: Float64Array; removedExpectedValue: Float64Array },
  ref: ReturnType<typeof referenceSolve>,
): void {
  expect(r.conversionProbability).toBeCloseTo(ref.p, 10);
  expect(r.expectedValue).toBeCloseTo(ref.v, 8);
  r.credits.channels.forEach((c, i) => {
    expect(r.removedConversionProbability[i]).toBeCloseTo(ref.removedP.get(c)!, 10);
    expect(r.removedExpectedValue[i]).toBeCloseTo(ref.removedV.get(c)!, 8);
  });
}
