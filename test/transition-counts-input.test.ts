import { describe, expect, it } from 'vitest';
import { FIRST_TRANSIENT, PathCreditError, TransitionCounter, fromPathRows, markov, markovFromCounts, transitionCountsFromColumns } from '../src/index.js';
import { expectSameMarkov } from './helpers/events.js';

const store = fromPathRows([
  { path: 'search > email > search', conversions: 2, value: 120, nulls: 1 },
  { path: 'social > search', conversions: 1, value: 40, nulls: 3 },
  { path: 'social', conversions: 0, nulls: 6 },
  { path: 'email > email > social > search', conversions: 1, value: 15, nulls: 2 },
]);

/** A counter written out in the transition-count layout, as `transitionCountsSql` returns it. */
function layoutOf(counter: TransitionCounter) {
  const json = counter.toJSON();
  const cols: Record<string, unknown[]> = { kind: [], state: [], next_state: [], count: [], value: [], position: [], channel: [] };
  const push = (row: Record<string, unknown>) => {
    for (const k of Object.keys(cols)) cols[k].push(row[k] ?? null);
  };
  json.from.forEach((from, i) => {
    const to = json.to[i];
    push({ kind: 'transition', state: from, next_state: to, count: json.count[i], value: to === 1 ? json.endValue[from - FIRST_TRANSIENT] : 0 });
  });
  json.states.forEach((tuple, t) => tuple.forEach((c, k) => push({ kind: 'state', state: t + FIRST_TRANSIENT, position: k + 1, channel: json.channels[c] })));
  return cols;
}

describe('Markov attribution from transition counts alone', () => {
  for (const order of [1, 2, 3]) {
    for (const collapseRepeats of [false, true]) {
      it(`equals in-process Markov at order ${order}${collapseRepeats ? ', repeats collapsed' : ''}`, () => {
        const counter = new TransitionCounter({ order, collapseRepeats }).add(store);
        const read = transitionCountsFromColumns(layoutOf(counter) as never, { order, collapseRepeats });
        expectSameMarkov(markovFromCounts(read, { solver: 'direct' }), markov(store, { order, collapseRepeats, solver: 'direct' }));
      });
    }
  }

  it('infers the order from the longest state when none is given', () => {
    const read = transitionCountsFromColumns(layoutOf(new TransitionCounter({ order: 2 }).add(store)) as never);
    expect(read.order).toBe(2);
  });
});

describe('transition counts: every bad row is refused with its row, column and value', () => {
  const good = () => layoutOf(new TransitionCounter({ order: 2 }).add(store));
  const expectError = (cols: Record<string, unknown[]>, pattern: RegExp, options = {}) => {
    let error: unknown;
    try {
      transitionCountsFromColumns(cols as never, options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PathCreditError);
    expect((error as Error).message).toMatch(pattern);
  };
  const edit = (f: (c: Record<string, unknown[]>) => void) => {
    const c = good();
    f(c);
    return c;
  };

  it('an unknown kind, a negative or missing count, an unknown node', () => {
    expectError(edit((c) => (c.kind[0] = 'edge')), /row 0, column "kind": kind must be "transition" or "state", got "edge"/);
    expectError(edit((c) => (c.count[1] = -3)), /row 1, column "count": must be a finite number >= 0, got -3/);
    expectError(edit((c) => (c.count[1] = null)), /row 1, column "count": must be a finite number >= 0, got null/);
    expectError(edit((c) => (c.next_state[0] = 99)), /row 0, column "next_state": node 99 is not \(start\), \(conversion\), \(null\) or a state/);
  });

  it('counts that do not conserve flow (a truncated export)', () => {
    const c = good();
    const i = c.kind.findIndex((k, r) => k === 'transition' && c.next_state[r] === 2);
    for (const name of Object.keys(c)) c[name].splice(i, 1);
    expectError(c, /state \d+ \(.*\): \d+ journeys enter it but \d+ leave it; the counts are incomplete/);
  });

  it('a closed cycle that conserves flow but no journey could make', () => {
    // (start) -> a -> (conversion), and x <-> y with 5 each way: every state conserves flow.
    const cols = {
      kind: ['transition', 'transition', 'transition', 'transition', 'state', 'state', 'state'],
      state: [0, 3, 4, 5, 3, 4, 5],
      next_state: [3, 1, 5, 4, null, null, null],
      count: [4, 4, 5, 5, null, null, null],
      value: [0, 0, 0, 0, null, null, null],
      position: [null, null, null, null, 1, 1, 1],
      channel: [null, null, null, null, 'a', 'x', 'y'],
    };
    expectError(cols, /state 4 \(x\) has journeys but cannot be reached from \(start\): the counts hold a closed cycle/);
    // Without the cycle the same rows read.
    const ok = Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, v.filter((_, i) => ![2, 3, 5, 6].includes(i))]));
    expect(transitionCountsFromColumns(ok as never).stateCount).toBe(1);
  });

  it('a state with a gap in its positions, a duplicate state, a state longer than the order', () => {
    expectError(edit((c) => (c.position[c.kind.lastIndexOf('state')] = 5)), /state \d+ has no channel at position \d/);
    expectError(
      edit((c) => {
        const first = c.state[c.kind.indexOf('state')];
        const rows = c.kind.map((_, r) => r).filter((r) => c.kind[r] === 'state' && c.state[r] === first);
        for (const r of rows) for (const name of Object.keys(c)) c[name].push(name === 'state' ? 99 : c[name][r]);
      }),
      /states \d+ and 99 have the same channels/,
    );
    expectError(good(), /has 2 channels, more than the order 1/, { order: 1 });
  });

  it('value on a transition that does not convert; a missing column; no rows', () => {
    expectError(edit((c) => (c.value[c.next_state.indexOf(2)] = 5)), /value is only carried on transitions into \(conversion\)/);
    expectError(edit((c) => delete c.channel), /column "channel": missing column/);
    expectError({ kind: [], state: [], next_state: [], count: [], position: [], channel: [] }, /the input has no rows/);
  });
});
