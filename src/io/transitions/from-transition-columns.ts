import { PathCreditError } from '../../errors.js';
import { CONVERSION_STATE, FIRST_TRANSIENT, NULL_STATE, START_STATE, TransitionCounter, type TransitionCounterJSON } from '../../markov/index.js';

/**
 * The transition-count layout as columns (one array per column, all the same
 * length), as `transitionCountsSql` returns it: `kind`, `state`,
 * `next_state`, `count`, `value`, `position`, `channel`. Missing cells are
 * null (or NaN in numeric arrays).
 */
export interface TransitionColumnsInput {
  readonly kind: ArrayLike<unknown>;
  readonly state: ArrayLike<unknown>;
  readonly next_state: ArrayLike<unknown>;
  readonly count: ArrayLike<unknown>;
  readonly value?: ArrayLike<unknown>;
  readonly position: ArrayLike<unknown>;
  readonly channel: ArrayLike<unknown>;
}

/** Options of {@link transitionCountsFromColumns}. */
export interface TransitionCountsReadOptions {
  /**
   * The Markov order the counts were made with. Default: the longest state.
   * When given, a state longer than the order is an error.
   */
  readonly order?: number;
  /** Whether repeats were collapsed before forming states (recorded in the result). Default false. */
  readonly collapseRepeats?: boolean;
  /** Source label for error messages. */
  readonly file?: string;
}

/** The layout's column names, in order. */
export const TRANSITION_COLUMNS = ['kind', 'state', 'next_state', 'count', 'value', 'position', 'channel'] as const;

/**
 * Rebuilds a {@link TransitionCounter} from transition counts made outside
 * this process (the output of `transitionCountsSql` run by any engine), so
 * `markovFromCounts` can attribute from the counts alone. Every row is
 * checked: node ids, counts and values must be finite numbers >= 0, each
 * state's channels must be numbered 1..n, and every transient state must
 * have as many journeys leaving it as entering it (flow conservation), so a
 * truncated or corrupted export is refused rather than solved.
 *
 * @throws PathCreditError naming the row, column and value of the first problem.
 * @example
 * ```ts
 * const counter = transitionCountsFromColumns(columns, { order: 2 });
 * const result = markovFromCounts(counter);
 * ```
 */
export function transitionCountsFromColumns(input: TransitionColumnsInput, options: TransitionCountsReadOptions = {}): TransitionCounter {
  const file = options.file;
  for (const name of TRANSITION_COLUMNS) {
    if (name !== 'value' && (input as unknown as Record<string, unknown>)[name] === undefined) {
      throw new PathCreditError(`missing column (the transition layout has: ${TRANSITION_COLUMNS.join(', ')})`, { file, column: name });
    }
  }
  const n = input.kind.length;
  if (n === 0) throw new PathCreditError('the input has no rows', { file });
  for (const name of TRANSITION_COLUMNS) {
    const col = (input as unknown as Record<string, ArrayLike<unknown> | undefined>)[name];
    if (col !== undefined && col.length !== n) throw new PathCreditError(`column has ${col.length} values but "kind" has ${n}`, { file, column: name });
  }
  const at = (col: string, row: number): unknown => (input as unknown as Record<string, ArrayLike<unknown> | undefined>)[col]?.[row] ?? null;
  const bad = (problem: string, row: number, column: string): never => {
    throw new PathCreditError(problem, { file, row, column, value: at(column, row) });
  };
  const integer = (row: number, column: string, min: number): number => {
    const x = toNumber(at(column, row));
    if (!Number.isInteger(x) || x < min) bad(`must be an integer >= ${min}`, row, column);
    return x;
  };
  const amount = (row: number, column: string): number => {
    const x = toNumber(at(column, row));
    if (!(x >= 0) || x === Infinity) bad('must be a finite number >= 0', row, column);
    return x;
  };

  // State rows: channel names by (state node, position).
  const stateNames = new Map<number, string[]>();
  const edgeRows: number[] = [];
  for (let row = 0; row < n; row++) {
    const kind = at('kind', row);
    if (kind === 'transition') {
      edgeRows.push(row);
      continue;
    }
    if (kind !== 'state') bad(`kind must be "transition" or "state"`, row, 'kind');
    const node = integer(row, 'state', FIRST_TRANSIENT);
    const position = integer(row, 'position', 1);
    if (position > 255) bad('position must be at most 255 (the longest state)', row, 'position');
    const channel = at('channel', row);
    if (typeof channel !== 'string' || channel === '') bad('channel must be a non-empty name', row, 'channel');
    const names = stateNames.get(node) ?? [];
    if (names[position - 1] !== undefined) bad(`state ${node} has two channels at position ${position}`, row, 'position');
    names[position - 1] = channel as string;
    stateNames.set(node, names);
  }
  if (edgeRows.length === 0) throw new PathCreditError('no transition rows (kind = "transition")', { file });

  // Transient states in node order; their channel tuples.
  const nodes = [...stateNames.keys()].sort((a, b) => a - b);
  let order = 1;
  for (const node of nodes) {
    const names = stateNames.get(node)!;
    for (let i = 0; i < names.length; i++) {
      if (names[i] === undefined) throw new PathCreditError(`state ${node} has no channel at position ${i + 1}`, { file, column: 'position', value: node });
    }
    order = Math.max(order, names.length);
  }
  if (options.order !== undefined) {
    if (!Number.isInteger(options.order) || options.order < 1 || options.order > 255) {
      throw new PathCreditError('order must be a positive integer (at most 255)', { column: 'order', value: options.order });
    }
    const long = nodes.find((node) => stateNames.get(node)!.length > options.order!);
    if (long !== undefined) {
      throw new PathCreditError(`state ${long} has ${stateNames.get(long)!.length} channels, more than the order ${options.order}`, { file, column: 'position', value: long });
    }
    order = options.order;
  }
  const channels: string[] = [];
  const channelId = new Map<string, number>();
  const tupleIndex = new Map<string, number>();
  const nodeIndex = new Map<number, number>([
    [START_STATE, START_STATE],
    [CONVERSION_STATE, CONVERSION_STATE],
    [NULL_STATE, NULL_STATE],
  ]);
  const states: number[][] = [];
  for (const node of nodes) {
    const tuple = stateNames.get(node)!.map((name) => {
      let id = channelId.get(name);
      if (id === undefined) {
        id = channels.length;
        channels.push(name);
        channelId.set(name, id);
      }
      return id;
    });
    const key = tuple.join(',');
    if (tupleIndex.has(key)) throw new PathCreditError(`states ${tupleIndex.get(key)} and ${node} have the same channels`, { file, column: 'state', value: node });
    tupleIndex.set(key, node);
    nodeIndex.set(node, states.length + FIRST_TRANSIENT);
    states.push(tuple);
  }

  // Edges, checked, with value on the edges into (conversion) and flow per state.
  const from: number[] = [];
  const to: number[] = [];
  const count: number[] = [];
  const endValue = new Array<number>(states.length).fill(0);
  const inflow = new Float64Array(states.length + FIRST_TRANSIENT);
  const outflow = new Float64Array(states.length + FIRST_TRANSIENT);
  let conversions = 0;
  let nulls = 0;
  let value = 0;
  const known = (row: number, column: string, node: number): number => {
    const index = nodeIndex.get(node);
    if (index === undefined) bad(`node ${node} is not (start), (conversion), (null) or a state listed with kind = "state"`, row, column);
    return index!;
  };
  for (const row of edgeRows) {
    const a = known(row, 'state', integer(row, 'state', 0));
    const b = known(row, 'next_state', integer(row, 'next_state', 0));
    if (a === CONVERSION_STATE || a === NULL_STATE) bad('a transition cannot leave (conversion) or (null)', row, 'state');
    if (b === START_STATE) bad('a transition cannot enter (start)', row, 'next_state');
    if (a === START_STATE && b < FIRST_TRANSIENT) bad('(start) must lead to a state', row, 'next_state');
    const w = amount(row, 'count');
    const v = input.value === undefined || at('value', row) === null || Number.isNaN(toNumber(at('value', row))) ? 0 : amount(row, 'value');
    if (v > 0 && b !== CONVERSION_STATE) bad('value is only carried on transitions into (conversion)', row, 'value');
    from.push(a);
    to.push(b);
    count.push(w);
    outflow[a] += w;
    inflow[b] += w;
    if (b === CONVERSION_STATE) {
      conversions += w;
      endValue[a - FIRST_TRANSIENT] += v;
      value += v;
    } else if (b === NULL_STATE) nulls += w;
  }
  for (let s = FIRST_TRANSIENT; s < inflow.length; s++) {
    const tolerance = 1e-9 * Math.max(1, inflow[s], outflow[s]);
    if (Math.abs(inflow[s] - outflow[s]) > tolerance) {
      throw new PathCreditError(
        `state ${nodes[s - FIRST_TRANSIENT]} (${stateNames.get(nodes[s - FIRST_TRANSIENT])!.join(' > ')}): ${inflow[s]} journeys enter it but ${outflow[s]} leave it; the counts are incomplete`,
        { file, column: 'count' },
      );
    }
  }
  refuseClosedStates(from, to, count, inflow.length, (s) => `state ${nodes[s - FIRST_TRANSIENT]} (${stateNames.get(nodes[s - FIRST_TRANSIENT])!.join(' > ')})`, file);
  const json: TransitionCounterJSON = {
    format: 'pathcredit.markov.counts',
    version: 1,
    order,
    collapseRepeats: options.collapseRepeats ?? false,
    channels,
    states,
    from,
    to,
    count,
    endValue,
    totals: { conversions, nulls, value, paths: 0 },
  };
  return TransitionCounter.fromJSON(json);
}

function toNumber(x: unknown): number {
  if (typeof x === 'number') return x;
  if (typeof x === 'bigint') return Number(x);
  if (typeof x === 'string' && x.trim() !== '') return Number(x);
  return NaN;
}

/**
 * Journeys start at (start) and end in (conversion) or (null), so every state with journeys must be
 * reached from (start) and lead to an end. Counts with a closed cycle (x -> y -> x and nothing else)
 * still conserve flow, but no chain solve can give them a meaning: refused, naming a state.
 */
function refuseClosedStates(from: readonly number[], to: readonly number[], count: readonly number[], nodes: number, label: (s: number) => string, file: string | undefined): void {
  const out: number[][] = Array.from({ length: nodes }, () => []);
  const back: number[][] = Array.from({ length: nodes }, () => []);
  for (let i = 0; i < from.length; i++) {
    if (!(count[i] > 0)) continue;
    out[from[i]].push(to[i]);
    back[to[i]].push(from[i]);
  }
  const reach = (roots: number[], edges: number[][]): Uint8Array => {
    const seen = new Uint8Array(nodes);
    const stack = [...roots];
    for (const r of roots) seen[r] = 1;
    while (stack.length > 0) for (const v of edges[stack.pop()!]) if (!seen[v]) (seen[v] = 1), stack.push(v);
    return seen;
  };
  const fromStart = reach([START_STATE], out);
  const toEnd = reach([CONVERSION_STATE, NULL_STATE], back);
  for (let s = FIRST_TRANSIENT; s < nodes; s++) {
    if (out[s].length === 0 && back[s].length === 0) continue;
    if (!fromStart[s]) throw new PathCreditError(`${label(s)} has journeys but cannot be reached from (start): the counts hold a closed cycle`, { file, column: 'state' });
    if (!toEnd[s]) throw new PathCreditError(`${label(s)} has journeys but no way to (conversion) or (null): the counts hold a closed cycle`, { file, column: 'state' });
  }
}
