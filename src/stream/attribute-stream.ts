import { RecordBatch, RecordBatchReader, Table } from 'apache-arrow';
import { createReadStream } from 'node:fs';
import { attribute, type AttributeOptions, type Attribution, defaultModels } from '../attribute.js';
import { PathCreditError } from '../errors.js';
import type { ArrowOptions } from '../io/arrow/from-arrow.js';
import { detectLayout, type InputLayout } from '../io/detect-layout.js';
import { fromArrowPaths } from '../io/arrow/from-arrow-paths.js';
import { fromArrowTouchpoints } from '../io/arrow/from-arrow-touchpoints.js';
import { TOUCHPOINT_DEFAULTS } from '../io/path-options.js';
import { timeDecay } from '../models/index.js';
import { creditsTable } from '../results/index.js';
import type { ChannelCredits, PathStore, SkippedRows, UnattributedConversions } from '../types.js';
import { diagnose } from '../diagnostics/diagnostics.js';
import { CreditAccumulator } from './credit-accumulator.js';
import { PathSummary } from '../core/path-summary.js';

/**
 * Options of {@link attributeStream}: the models and the Arrow reader options.
 * Bootstrap intervals cover the path models (time decay is accumulated batch by
 * batch and gets none).
 */
export interface AttributeStreamOptions extends AttributeOptions, ArrowOptions {}

/** What {@link attributeStream} returns: the attribution plus the accumulators, to merge or save. */
export interface StreamAttribution extends Attribution {
  /** Distinct paths with summed counts over every batch (also carries skipped and unattributed counts). */
  readonly summary: PathSummary;
  /** Per-batch credits of the models that need per-touch times (time decay), else empty. */
  readonly timeCredits: CreditAccumulator;
  /** Record batches read. */
  readonly batches: number;
  /** Rows read over all batches. */
  readonly rows: number;
  /** Rows skipped with `skipInvalid` over all batches (samples name the batch), absent when none. */
  readonly skipped?: SkippedRows;
  /** Conversions no touch could take, over all batches, absent when none. */
  readonly unattributed?: UnattributedConversions;
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
 * Errors name the row counted over the whole stream.
 *
 * @param source - any (async) iterable of RecordBatch or Table, e.g. a `RecordBatchReader`.
 * @throws PathCreditError when the source is empty, for touch weights or channel-type Markov states
 *   (a path summary keeps no touch types), and whatever the encoders and models throw.
 * @example
 * ```ts
 * const { table } = await attributeStream(readArrowBatches('events.arrows'), { models: ['linear', 'markov'] });
 * ```
 */
export async function attributeStream(
  source: AsyncIterable<RecordBatch | Table> | Iterable<RecordBatch | Table>,
  options: AttributeStreamOptions = {},
): Promise<StreamAttribution> {
  // A PathSummary keeps channels, not touch types: what needs them is refused before any batch is read.
  const typed = options as { touchWeights?: unknown; markovStates?: string };
  if (typed.touchWeights !== undefined) throw new PathCreditError('attributeStream does not offer touch weights (a path summary keeps no touch types): use attribute on the whole input', { column: 'touchWeights' });
  if (typed.markovStates === 'channel-type') {
    throw new PathCreditError('attributeStream does not offer channel-type Markov states (a path summary keeps no touch types): use attribute on the whole input', { column: 'markovStates', value: 'channel-type' });
  }
  const summary = new PathSummary();
  const timeCredits = new CreditAccumulator();
  const journeyColumn = options.journeyColumn ?? TOUCHPOINT_DEFAULTS.journeyColumn;
  let layout: InputLayout | undefined = options.layout;
  let pending: Table[] = []; // touchpoint rows of a journey that may continue in the next batch
  let pendingRows = 0;
  let batches = 0;
  let rows = 0; // rows before the table being encoded
  let requested = options.models;

  const consume = (encode: () => PathStore, firstRow: number) => {
    let store: PathStore;
    try {
      store = encode();
    } catch (e) {
      if (e instanceof PathCreditError && e.row !== undefined) {
        throw new PathCreditError(e.problem, { file: e.file, line: e.line, row: e.row + firstRow, column: e.column, value: e.value }, { cause: e });
      }
      throw e;
    }
    requested ??= defaultModels(store);
    summary.add(store, `rows from ${firstRow}: `);
    if (requested.includes('time_decay')) timeCredits.add(timeDecay(store, options.timeDecay), options.timeDecay ?? {});
  };

  for await (const item of source as AsyncIterable<RecordBatch | Table>) {
    const table = item instanceof Table ? item : new Table(item);
    batches++;
    if (table.numRows === 0) continue;
    layout ??= detectLayout(table.schema.fields.map((f) => f.name), options, options.file);
    if (layout === 'paths') {
      const first = rows;
      consume(() => fromArrowPaths(table, options), first);
      rows += table.numRows;
      continue;
    }
    // Everything before the start of this batch's last journey is complete.
    const cut = lastJourneyStart(table, journeyColumn);
    if (cut === 0) {
      pending.push(table);
      pendingRows += table.numRows;
      continue;
    }
    const done = new Table([...pending.flatMap((t) => t.batches), ...table.slice(0, cut).batches]);
    const first = rows;
    consume(() => fromArrowTouchpoints(done, options), first);
    rows += done.numRows;
    pending = [table.slice(cut)];
    pendingRows = table.numRows - cut;
  }
  if (pendingRows > 0) {
    const first = rows;
    consume(() => fromArrowTouchpoints(new Table(pending.flatMap((t) => t.batches)), options), first);
    rows += pendingRows;
  }
  if (summary.pathCount === 0) throw new PathCreditError('the stream had no rows');

  const store = summary.toStore();
  const models = requested ?? defaultModels(store);
  const pathModels = models.filter((m) => m !== 'time_decay');
  const base = pathModels.length > 0 ? attribute(store, { ...options, models: pathModels }) : null;
  const timed = models.includes('time_decay') ? timeCredits.result(store.channels) : [];
  // Reassemble the credits in the order the models were asked for.
  const credits: ChannelCredits[] = models.map((m) => (m === 'time_decay' ? timed[0] : base!.credits[pathModels.indexOf(m)]));
  // Diagnostics over every model's credits; the Markov state counts are only known to `attribute`.
  const own = diagnose({ store, credits, ...(base?.intervals ? { intervals: base.intervals } : {}) }, options.diagnostics);
  const fromMarkov = base?.diagnostics.markovStates ? base.diagnostics : null;
  const diagnostics = fromMarkov
    ? { ...own, markovStates: fromMarkov.markovStates, flags: [...own.flags, ...fromMarkov.flags.filter((f) => f.kind === 'rare-markov-states' || f.kind === 'no-nulls')] }
    : own;
  return {
    table: creditsTable(credits),
    credits,
    ...(base?.markov ? { markov: base.markov } : {}),
    ...(base?.intervals ? { intervals: base.intervals } : {}),
    ...(base?.groupRemoval ? { groupRemoval: base.groupRemoval } : {}),
    ...(base?.orderSelection ? { orderSelection: base.orderSelection } : {}),
    diagnostics,
    summary,
    timeCredits,
    batches,
    rows,
    ...(store.skipped ? { skipped: store.skipped } : {}),
    ...(store.unattributed ? { unattributed: store.unattributed } : {}),
  };
}

/**
 * Index of the first row of the table's last journey (0 when the whole table
 * is one journey). Reads the journey column of the last batch backwards from
 * its end: a few rows per batch, so `get` is fine here.
 */
function lastJourneyStart(table: Table, column: string): number {
  const vector = table.getChild(column);
  if (!vector) throw new PathCreditError('missing column', { column });
  const last = vector.get(table.numRows - 1);
  let i = table.numRows - 1;
  while (i > 0 && vector.get(i - 1) === last) i--;
  return i;
}

/**
 * Reads an Arrow IPC file or stream from disk as an async iterable of record
 * batches, without loading the whole file (for {@link attributeStream}).
 */
export async function* readArrowBatches(file: string): AsyncGenerator<RecordBatch> {
  const reader = await RecordBatchReader.from(createReadStream(file));
  for await (const batch of reader) yield batch;
}
