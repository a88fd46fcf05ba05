import { RecordBatch, RecordBatchReader, Table } from 'apache-arrow';
import { createReadStream } from 'node:fs';
import { attribute, type AttributeOptions, type Attribution, defaultModels } from '../attribute.js';
import { PathCreditError } from '../errors.js';
import { detectLayout, type ArrowOptions, type InputLayout } from '../io/arrow/from-arrow.js';
import { fromArrowPaths } from '../io/arrow/from-arrow-paths.js';
import { fromArrowTouchpoints } from '../io/arrow/from-arrow-touchpoints.js';
import { TOUCHPOINT_DEFAULTS } from '../io/path-options.js';
import { timeDecay } from '../models/index.js';
import { creditsTable } from '../results/index.js';
import type { ChannelCredits, PathStore } from '../types.js';
import { CreditAccumulator } from './credit-accumulator.js';
import { PathSummary } from './path-summary.js';

/** Options of {@link attributeStream}: the models and the Arrow reader options. */
export interface AttributeStreamOptions extends AttributeOptions, ArrowOptions {}

/** What {@link attributeStream} returns: the attribution plus the accumulators, to merge or save. */
export interface StreamAttribution extends Attribution {
  /** Distinct paths with summed counts over every batch. */
  readonly summary: PathSummary;
  /** Per-batch credits of the models that need per-touch times (time decay), else empty. */
  readonly timeCredits: CreditAccumulator;
  /** Record batches read. */
  readonly batches: number;
}

/**
 * Attributes data that arrives as Arrow record batches (or tables), one at a
 * time, with memory bounded by the number of distinct paths: each batch is
 * encoded, added to a {@link PathSummary} (and, for time decay, its credits to
 * a {@link CreditAccumulator}), and dropped. The result equals running
 * {@link attribute} on all the data at once (time decay to rounding).
 *
 * Touchpoint batches must keep each journey's rows together (sorted by
 * journey, as exports usually are): a journey may continue into the next
 * batch (its rows are held back until the journey ends), but a journey whose
 * rows reappear after other journeys would be split in two.
 *
 * @param source - any (async) iterable of RecordBatch or Table, e.g. a `RecordBatchReader`.
 * @throws PathCreditError when the source is empty, and whatever the encoders and models throw.
 * @example
 * ```ts
 * const { table } = await attributeStream(readArrowBatches('events.arrows'), { models: ['linear', 'markov'] });
 * ```
 */
export async function attributeStream(
  source: AsyncIterable<RecordBatch | Table> | Iterable<RecordBatch | Table>,
  options: AttributeStreamOptions = {},
): Promise<StreamAttribution> {
  const summary = new PathSummary();
  const timeCredits = new CreditAccumulator();
  let layout: InputLayout | undefined = options.layout;
  let pending: Table | null = null;
  let batches = 0;
  let requested = options.models;
  const wantsTimeDecay = () => (requested ?? []).includes('time_decay');

  const consume = (store: PathStore) => {
    if (requested === undefined) requested = defaultModels(store);
    summary.add(store);
    if (wantsTimeDecay()) timeCredits.add(timeDecay(store, options.timeDecay));
  };

  for await (const item of source as AsyncIterable<RecordBatch | Table>) {
    const table = item instanceof Table ? item : new Table(item);
    batches++;
    if (table.numRows === 0) continue;
    layout ??= detectLayout(table.schema.fields.map((f) => f.name), options);
    if (layout === 'paths') {
      consume(fromArrowPaths(table, options));
      continue;
    }
    const combined: Table = pending ? pending.concat(table) : table;
    const cut = lastJourneyStart(combined, options.journeyColumn ?? TOUCHPOINT_DEFAULTS.journeyColumn);
    if (cut > 0) consume(fromArrowTouchpoints(combined.slice(0, cut), options));
    pending = combined.slice(cut);
  }
  if (pending !== null && pending.numRows > 0) consume(fromArrowTouchpoints(pending, options));
  if (summary.pathCount === 0) throw new PathCreditError('the stream had no rows');

  const store = summary.toStore();
  const models = requested ?? defaultModels(store);
  const pathModels = models.filter((m) => m !== 'time_decay');
  const base = pathModels.length > 0 ? attribute(store, { ...options, models: pathModels }) : null;
  const timed = wantsTimeDecay() ? timeCredits.result(store.channels) : [];
  // Reassemble the credits in the order the models were asked for.
  const credits: ChannelCredits[] = models.map((m) => (m === 'time_decay' ? timed[0] : base!.credits[pathModels.indexOf(m)]));
  return {
    table: creditsTable(credits),
    credits,
    ...(base?.markov ? { markov: base.markov } : {}),
    summary,
    timeCredits,
    batches,
  };
}

/** Index of the first row of the table's last journey (0 when the whole table is one journey). */
function lastJourneyStart(table: Table, column: string): number {
  const vector = table.getChild(column);
  if (!vector) throw new PathCreditError('missing column', { column });
  // Only the tail is read, row by row: a handful of rows per batch, not a hot loop.
  const last = vector.get(table.numRows - 1);
  let i = table.numRows - 1;
  while (i > 0 && sameId(vector.get(i - 1), last)) i--;
  return i;
}

function sameId(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'bigint' && typeof b === 'bigint' && a === b);
}

/**
 * Reads an Arrow IPC file or stream from disk as an async iterable of record
 * batches, without loading the whole file (for {@link attributeStream}).
 */
export async function* readArrowBatches(file: string): AsyncGenerator<RecordBatch> {
  const reader = await RecordBatchReader.from(createReadStream(file));
  for await (const batch of reader) yield batch;
}
