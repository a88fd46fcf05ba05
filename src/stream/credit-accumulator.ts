import { ChannelDictionary } from '../core/channel-dictionary.js';
import { PathCreditError } from '../errors.js';
import { addCompensated } from '../models/kernel.js';
import type { ChannelCredits } from '../types.js';

/** Serialised form of a {@link CreditAccumulator} (plain JSON). */
export interface CreditAccumulatorJSON {
  readonly kind: 'pathcredit.CreditAccumulator';
  readonly version: 1;
  readonly channels: string[];
  /** Per model: [sum, compensation] arrays by channel for conversions and value, and totals. */
  readonly models: {
    readonly model: string;
    readonly conversions: [number[], number[]];
    readonly value: [number[], number[]];
    readonly totalConversions: [number, number];
    readonly totalValue: [number, number];
    /** The model's settings as given to `add` (JSON text), when they were. */
    readonly settings?: string;
  }[];
}

/** Compensated (Neumaier) running sums per channel for one model. */
class ModelSums {
  conv: [Float64Array, Float64Array];
  value: [Float64Array, Float64Array];
  totalConv: [number, number] = [0, 0];
  totalValue: [number, number] = [0, 0];
  /** The settings the credits were computed with (JSON text), when `add` was told them. */
  settings: string | undefined;
  constructor(size: number) {
    this.conv = [new Float64Array(size), new Float64Array(size)];
    this.value = [new Float64Array(size), new Float64Array(size)];
  }
  grow(size: number): void {
    if (this.conv[0].length >= size) return;
    const cap = Math.max(size, this.conv[0].length * 2);
    const widen = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    this.conv = [widen(this.conv[0]), widen(this.conv[1])];
    this.value = [widen(this.value[0]), widen(this.value[1])];
  }
}

function add(pair: [Float64Array, Float64Array], i: number, x: number): void {
  addCompensated(pair[0], pair[1], i, x);
}

function addScalar(pair: [number, number], x: number): void {
  const s = pair[0];
  const t = s + x;
  pair[1] += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
  pair[0] = t;
}

/**
 * Mergeable, serialisable running totals of model credits per channel name,
 * for data that arrives in batches: add each batch's credits (any model,
 * including time decay, which a {@link PathSummary} cannot serve), merge
 * accumulators from other shards, and read the totals with `result()`.
 * Sums are compensated, so the order of batches and merges changes results
 * only in the last bits (well inside 1e-12 relative).
 *
 * @example
 * ```ts
 * const acc = new CreditAccumulator();
 * for await (const store of batches) acc.add(timeDecay(store, { halfLife: '3d' }), { halfLife: '3d' });
 * const [credits] = acc.result();
 * ```
 *
 * Credits of one model computed with different settings (two half-lives) must not be summed: pass
 * the model's options as `settings` to `add`, and an `add` or `merge` whose settings differ from
 * those recorded for the model is refused.
 */
export class CreditAccumulator {
  readonly #dictionary = new ChannelDictionary();
  readonly #models = new Map<string, ModelSums>();

  /** Channel names seen so far, in first-appearance order. */
  get channels(): readonly string[] {
    return this.#dictionary.names;
  }

  /** Model names, in first-appearance order. */
  get models(): readonly string[] {
    return [...this.#models.keys()];
  }

  /**
   * Adds one model's credits (channels matched by name). `settings`, the options the credits were
   * computed with, are recorded for the model and checked against every later add and merge.
   * Returns this.
   * @throws PathCreditError when `settings` differ from those recorded for the model.
   */
  add(credits: ChannelCredits, settings?: unknown): this {
    this.#checkSettings(credits.model, settings === undefined ? undefined : stableJson(settings));
    const ids = credits.channels.map((name) => this.#dictionary.idOf(name));
    const sums = this.#sums(credits.model);
    if (settings !== undefined) sums.settings ??= stableJson(settings);
    for (let c = 0; c < ids.length; c++) {
      add(sums.conv, ids[c], credits.conversions[c]);
      add(sums.value, ids[c], credits.value[c]);
    }
    addScalar(sums.totalConv, credits.totalConversions);
    addScalar(sums.totalValue, credits.totalValue);
    return this;
  }

  #checkSettings(model: string, settings: string | undefined): void {
    const recorded = this.#models.get(model)?.settings;
    if (settings !== undefined && recorded !== undefined && settings !== recorded) {
      throw new PathCreditError(`credits of ${model} computed with other settings cannot be summed (recorded ${recorded})`, { column: model, value: settings });
    }
  }

  #sums(model: string): ModelSums {
    let sums = this.#models.get(model);
    if (!sums) {
      sums = new ModelSums(Math.max(16, this.#dictionary.size));
      this.#models.set(model, sums);
    }
    for (const s of this.#models.values()) s.grow(this.#dictionary.size);
    return sums;
  }

  /** Adds another accumulator's sums (and their compensations). Returns this. */
  merge(other: CreditAccumulator): this {
    const ids = other.channels.map((name) => this.#dictionary.idOf(name));
    for (const [model, theirs] of other.#models) this.#checkSettings(model, theirs.settings);
    for (const [model, theirs] of other.#models) {
      const mine = this.#sums(model);
      mine.settings ??= theirs.settings;
      for (let c = 0; c < ids.length; c++) {
        add(mine.conv, ids[c], theirs.conv[0][c]);
        add(mine.conv, ids[c], theirs.conv[1][c]);
        add(mine.value, ids[c], theirs.value[0][c]);
        add(mine.value, ids[c], theirs.value[1][c]);
      }
      addScalar(mine.totalConv, theirs.totalConv[0]);
      addScalar(mine.totalConv, theirs.totalConv[1]);
      addScalar(mine.totalValue, theirs.totalValue[0]);
      addScalar(mine.totalValue, theirs.totalValue[1]);
    }
    return this;
  }

  /**
   * The accumulated credits, one per model, over `channels` (default: every
   * channel seen, in first-appearance order; pass another store's channel
   * list to line results up with it in one table).
   * @throws PathCreditError when nothing was added, or `channels` misses a channel that has credit.
   */
  result(channels: readonly string[] = this.channels): ChannelCredits[] {
    if (this.#models.size === 0) throw new PathCreditError('the credit accumulator is empty: nothing was added');
    const out: ChannelCredits[] = [];
    const index = new Map(channels.map((name, i) => [name, i]));
    for (const [model, s] of this.#models) {
      const conversions = new Float64Array(channels.length);
      const value = new Float64Array(channels.length);
      for (let c = 0; c < this.#dictionary.size; c++) {
        const name = this.#dictionary.names[c];
        const i = index.get(name);
        const conv = s.conv[0][c] + s.conv[1][c];
        const val = s.value[0][c] + s.value[1][c];
        if (i === undefined) {
          if (conv !== 0 || val !== 0) throw new PathCreditError('result(channels): a channel with credit is missing from the list', { column: 'channels', value: name });
          continue;
        }
        conversions[i] = conv;
        value[i] = val;
      }
      out.push({
        model,
        channels: channels.slice(),
        conversions,
        value,
        totalConversions: s.totalConv[0] + s.totalConv[1],
        totalValue: s.totalValue[0] + s.totalValue[1],
      });
    }
    return out;
  }

  /** Plain JSON; numbers round-trip exactly. */
  toJSON(): CreditAccumulatorJSON {
    const n = this.#dictionary.size;
    const arr = (a: Float64Array) => Array.from(a.subarray(0, n));
    return {
      kind: 'pathcredit.CreditAccumulator',
      version: 1,
      channels: this.#dictionary.names.slice(),
      models: [...this.#models].map(([model, s]) => ({
        model,
        conversions: [arr(s.conv[0]), arr(s.conv[1])],
        value: [arr(s.value[0]), arr(s.value[1])],
        totalConversions: [...s.totalConv],
        totalValue: [...s.totalValue],
        ...(s.settings !== undefined ? { settings: s.settings } : {}),
      })),
    };
  }

  /**
   * Restores an accumulator from {@link CreditAccumulator.toJSON} output.
   * @throws PathCreditError when the object is not a serialised accumulator.
   */
  static fromJSON(json: CreditAccumulatorJSON): CreditAccumulator {
    if (json?.kind !== 'pathcredit.CreditAccumulator' || json.version !== 1) {
      throw new PathCreditError('not a serialised CreditAccumulator (version 1)', { value: json?.kind });
    }
    const n = Array.isArray(json.channels) ? json.channels.length : -1;
    const finite = (a: unknown, len: number) => Array.isArray(a) && a.length === len && a.every((x) => Number.isFinite(x));
    if (n < 0 || new Set(json.channels).size !== n || !Array.isArray(json.models)) {
      throw new PathCreditError('serialised CreditAccumulator: channels must be distinct names and models an array');
    }
    for (const m of json.models) {
      const ok =
        typeof m?.model === 'string' &&
        [m.conversions?.[0], m.conversions?.[1], m.value?.[0], m.value?.[1]].every((a) => finite(a, n)) &&
        finite(m.totalConversions, 2) &&
        finite(m.totalValue, 2);
      if (!ok) throw new PathCreditError('serialised CreditAccumulator: a model entry is malformed', { value: m?.model });
    }
    const acc = new CreditAccumulator();
    for (const name of json.channels) acc.#dictionary.idOf(name);
    for (const m of json.models) {
      const s = acc.#sums(m.model);
      s.conv[0].set(m.conversions[0]);
      s.conv[1].set(m.conversions[1]);
      s.value[0].set(m.value[0]);
      s.value[1].set(m.value[1]);
      s.totalConv = [m.totalConversions[0], m.totalConversions[1]];
      s.totalValue = [m.totalValue[0], m.totalValue[1]];
      if (typeof m.settings === 'string') s.settings = m.settings;
    }
    return acc;
  }
}

/** JSON text with object keys sorted, so equal settings give equal text whatever their key order. */
function stableJson(x: unknown): string {
  return JSON.stringify(x, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
