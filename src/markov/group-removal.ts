import { PathCreditError } from '../errors.js';
import type { PathStore } from '../types.js';
import { resolveMarkovOptions, type MarkovOptions } from './options.js';
import { solveRemovalSets } from './removal-sets.js';
import { TransitionCounter } from './transition-counter.js';

/** The removal effect of one group of channels removed together. */
export interface GroupRemovalEffect {
  /** The group's channel names, as given. */
  readonly channels: readonly string[];
  /** The group's label: its channel names joined by `+`. */
  readonly label: string;
  /** RE_G = 1 - P_-G / P, in [0, 1]. */
  readonly removalEffect: number;
  /** RV_G = 1 - V_-G / V (0 when V = 0). */
  readonly valueRemovalEffect: number;
  /** P_-G. */
  readonly removedConversionProbability: number;
  /** V_-G. */
  readonly removedExpectedValue: number;
  /** Sum of the members' own removal effects RE_c. */
  readonly sumOfChannelEffects: number;
  /** Sum of the members' own value removal effects RV_c. */
  readonly sumOfChannelValueEffects: number;
  /**
   * RE_G - sum of RE_c: for two channels, RE(A and B) - RE(A) - RE(B). Negative when the channels
   * substitute for each other (each alone can be done without, not both), positive when they
   * complement each other.
   */
  readonly interaction: number;
  /** RV_G - sum of RV_c. */
  readonly valueInteraction: number;
}

/** What {@link groupRemovalEffects} returns. */
export interface GroupRemovalResult {
  /** Order k of the chain. */
  readonly order: number;
  /** P of the full chain. */
  readonly conversionProbability: number;
  /** V of the full chain. */
  readonly expectedValue: number;
  /** One entry per group, in the order given. */
  readonly groups: readonly GroupRemovalEffect[];
  /** Max residual of the solves. */
  readonly residual: number;
}

/**
 * Removal effects of groups of channels removed together, with their
 * interaction: removing a group G redirects every transition into a state that
 * contains any channel of G to `(null)` (at order k, every state containing
 * one of them), RE_G = 1 - P_-G / P, and the interaction is RE_G minus the sum
 * of the members' own removal effects. Value analogues use V. Exact solves, the
 * same machinery as {@link markov}.
 *
 * @param store - encoded paths.
 * @param groups - channel names per group, e.g. `[['display', 'video'], ['search', 'email']]`.
 * @param options - chain options (order, collapseRepeats, solver settings).
 * @throws PathCreditError for no group, an empty group, an unknown or repeated channel, an empty
 *   store or a store without conversions.
 * @example
 * ```ts
 * const r = groupRemovalEffects(store, [['display', 'video']]);
 * r.groups[0].interaction; // RE(display and video) - RE(display) - RE(video)
 * ```
 */
export function groupRemovalEffects(store: PathStore, groups: readonly (readonly string[])[], options: MarkovOptions = {}): GroupRemovalResult {
  const o = resolveMarkovOptions(options);
  if (store.pathCount === 0) throw new PathCreditError('the path store is empty: group removal effects need at least one path');
  return groupRemovalEffectsFromCounts(new TransitionCounter({ order: o.order, collapseRepeats: o.collapseRepeats }).add(store), groups, options);
}

/**
 * {@link groupRemovalEffects} from transition counts already accumulated.
 * @throws PathCreditError as {@link groupRemovalEffects}.
 */
export function groupRemovalEffectsFromCounts(counter: TransitionCounter, groups: readonly (readonly string[])[], options: MarkovOptions = {}): GroupRemovalResult {
  const o = resolveMarkovOptions({ ...options, order: counter.order, collapseRepeats: counter.collapseRepeats });
  if (!Array.isArray(groups) || groups.length === 0) throw new PathCreditError('no channel group to remove', { column: 'groups', value: groups });
  if (!(counter.totalConversions > 0)) throw new PathCreditError('no converting path: removal effects of groups are undefined (P = 0)');
  const names = counter.channels;
  const idOf = new Map<string, number>();
  names.forEach((name, i) => idOf.set(name, i));
  const ids = groups.map((group, g) => {
    if (!Array.isArray(group) || group.length === 0) throw new PathCreditError(`channel group ${g + 1} is empty`, { column: 'groups', value: group });
    const seen = new Set<number>();
    return group.map((name) => {
      const id = typeof name === 'string' ? idOf.get(name) : undefined;
      if (id === undefined) {
        throw new PathCreditError(`channel group ${g + 1} names an unknown channel (known: ${names.map((n) => JSON.stringify(n)).join(', ')})`, { column: 'groups', value: name });
      }
      if (seen.has(id)) throw new PathCreditError(`channel group ${g + 1} names a channel twice`, { column: 'groups', value: name });
      seen.add(id);
      return id;
    });
  });
  // One solve for the groups and every member alone, so the interactions compare like with like.
  const singles = [...new Set(ids.flat())];
  const sol = solveRemovalSets(counter, [...ids, ...singles.map((c) => [c])], o);
  const P = sol.p;
  const V = sol.v;
  const re = (pRemoved: number) => clamp01(1 - pRemoved / P);
  const rv = (vRemoved: number) => (V > 0 ? clamp01(1 - vRemoved / V) : 0);
  const single = new Map<number, { re: number; rv: number }>();
  singles.forEach((c, i) => single.set(c, { re: re(sol.pRemoved[ids.length + i]), rv: rv(sol.vRemoved[ids.length + i]) }));
  const out = ids.map((members, g) => {
    const sumRe = members.reduce((s, c) => s + single.get(c)!.re, 0);
    const sumRv = members.reduce((s, c) => s + single.get(c)!.rv, 0);
    const removalEffect = re(sol.pRemoved[g]);
    const valueRemovalEffect = rv(sol.vRemoved[g]);
    return {
      channels: groups[g].slice(),
      label: groups[g].join('+'),
      removalEffect,
      valueRemovalEffect,
      removedConversionProbability: sol.pRemoved[g],
      removedExpectedValue: sol.vRemoved[g],
      sumOfChannelEffects: sumRe,
      sumOfChannelValueEffects: sumRv,
      interaction: removalEffect - sumRe,
      valueInteraction: valueRemovalEffect - sumRv,
    };
  });
  return { order: counter.order, conversionProbability: P, expectedValue: V, groups: out, residual: sol.residual };
}

/**
 * Parses a group list such as `"display+video,search+email"`: groups split on
 * `,`, channels on `+`, names trimmed; a backslash escapes the next character,
 * so `a\+b+c` is the group of `a+b` and `c`.
 * @throws PathCreditError for an empty list or an empty name.
 * @example
 * ```ts
 * parseChannelGroups('display+video, search+email'); // [['display', 'video'], ['search', 'email']]
 * ```
 */
export function parseChannelGroups(text: string): string[][] {
  const groups: string[][] = [];
  let group: string[] = [];
  let name = '';
  const endName = () => {
    const trimmed = name.trim();
    if (trimmed === '') throw new PathCreditError('a channel group has an empty channel name', { column: 'groups', value: text });
    group.push(trimmed);
    name = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < text.length) name += text[++i];
    else if (ch === '+') endName();
    else if (ch === ',') {
      endName();
      groups.push(group);
      group = [];
    } else name += ch;
  }
  endName();
  groups.push(group);
  return groups;
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}
