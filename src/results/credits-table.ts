import { PathCreditError } from '../errors.js';
import type { ChannelCredits } from '../types.js';

/** One channel's credit under every model of a {@link CreditsTable}. */
export interface CreditsTableRow {
  /** Channel name (any string, including `__proto__` or `""`-like names). */
  readonly channel: string;
  /** Conversions credited by each model, keyed by model name (own properties only). */
  readonly conversions: Readonly<Record<string, number>>;
  /** Value credited by each model, keyed by model name. */
  readonly value: Readonly<Record<string, number>>;
}

/** Per-model totals of a {@link CreditsTable}: what the channel credits must add up to. */
export interface CreditsTableTotals {
  /** Total conversions over converting paths, by model name. */
  readonly conversions: Readonly<Record<string, number>>;
  /** Total value over converting paths, by model name. */
  readonly value: Readonly<Record<string, number>>;
}

/**
 * Several models' credits side by side: one row per channel (in channel-id
 * order) and one column pair (conversions, value) per model.
 */
export interface CreditsTable {
  /** Model names, in the order the credits were given; unique. */
  readonly models: readonly string[];
  /** Channel names by id, shared by every model. */
  readonly channels: readonly string[];
  /** One row per channel, in channel-id order. */
  readonly rows: readonly CreditsTableRow[];
  /** Totals per model. */
  readonly totals: CreditsTableTotals;
  /** The credits the table was built from, in `models` order (arrays are shared, not copied). */
  readonly credits: readonly ChannelCredits[];
}

/**
 * Puts the credits of several models in one table. Every credit must come
 * from the same path store (same channel list, same order) and carry a
 * distinct model name.
 *
 * Model names become keys of the `conversions` / `value` records; the records
 * are built with own data properties, so even a model named `__proto__` is a
 * plain key.
 *
 * @param credits - one result per model, e.g. `[firstTouch(s), linear(s)]`.
 * @returns the table; see {@link toFlatRows} and {@link toArrowTable} for exports.
 * @throws PathCreditError when `credits` is empty, two have the same model name
 *   (rename one: `{ ...linear(s, { unique: true }), model: 'linear_unique' }`),
 *   a model name is empty, or the channel lists differ.
 * @example
 * ```ts
 * const store = fromPathRows([{ path: 'a > b', conversions: 1, value: 10 }]);
 * const table = creditsTable([firstTouch(store), linear(store)]);
 * table.rows[1]; // { channel: 'b', conversions: { first_touch: 0, linear: 0.5 }, value: { first_touch: 0, linear: 5 } }
 * table.totals.conversions.linear; // 1
 * ```
 */
export function creditsTable(credits: readonly ChannelCredits[]): CreditsTable {
  if (!Array.isArray(credits as unknown) || credits.length === 0) {
    throw new PathCreditError('creditsTable needs at least one model result');
  }
  const models = credits.map((c) => c.model);
  const seen = new Set<string>();
  for (const m of models) {
    if (typeof m !== 'string' || m === '') throw new PathCreditError('creditsTable: every model result needs a non-empty model name', { column: 'model', value: m });
    if (seen.has(m)) {
      throw new PathCreditError(`creditsTable: two results are named "${m}"; rename one, e.g. { ...credits, model: "${m}_2" }`, { column: 'model', value: m });
    }
    seen.add(m);
  }
  const channels = credits[0].channels;
  for (const c of credits) {
    const same = c.channels.length === channels.length && c.channels.every((name, i) => name === channels[i]);
    if (!same || c.conversions.length !== channels.length || c.value.length !== channels.length) {
      throw new PathCreditError(
        `creditsTable: "${c.model}" has a different channel list from "${credits[0].model}"; all results must come from the same path store`,
        { column: 'channels', value: c.channels },
      );
    }
  }
  const byModel = (pick: (c: ChannelCredits) => number): Record<string, number> =>
    Object.fromEntries(credits.map((c) => [c.model, pick(c)])) as Record<string, number>;
  const rows: CreditsTableRow[] = channels.map((channel, i) => ({
    channel,
    conversions: byModel((c) => c.conversions[i]),
    value: byModel((c) => c.value[i]),
  }));
  return {
    models,
    channels: channels.slice(),
    rows,
    totals: { conversions: byModel((c) => c.totalConversions), value: byModel((c) => c.totalValue) },
    credits: credits.slice(),
  };
}
