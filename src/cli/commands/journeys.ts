import type { Command } from 'commander';
import { once } from 'node:events';
import { attributeAsync } from '../../attribute.js';
import { iterateTouchCredits } from '../../results/touch-credit-rows.js';
import { PathCreditError } from '../../errors.js';
import type { ChannelCredits, PathStore } from '../../types.js';
import { type OutputColumn, openOutput, renderTable, resolveFormat, writeReadable } from '../columns.js';
import { addInputOptions, type InputFlags, readerOptions } from '../input-options.js';
import { type CliIO, writeText } from '../io.js';
import { loadInput } from '../load-input.js';
import { type ModelFlags, addModelOptions, addOutputOptions, modelOptions, parseModels, parseThreads } from '../model-flags.js';
import { inputSummary } from '../summary.js';
import { addShapeOptions, applyPreset, shapeStore, shapeSummary, touchTypeColumns, withShapeOptions, type ShapeFlags } from '../shape-flags.js';

interface JourneyFlags extends InputFlags, ModelFlags, ShapeFlags {
  model: string;
  out?: string;
  format?: string;
  allowFormulas?: boolean;
}

const PREVIEW_ROWS = 50;

/** Registers `pathcredit journeys <input>`. */
export function journeysCommand(program: Command, io: CliIO): void {
  const cmd = program
    .command('journeys')
    .summary('per-touch credit of one model, to join back to journeys')
    .description(
      'Streams one row per touch of every converting path: journey (id for touchpoint input, else empty), path (0-based path index), position (1-based), channel, row (0-based input row of the touch, touchpoint input), conversions and value credited to that touch. Non-converting paths get no credit and are not written.',
    )
    .argument('<input>', 'input file (.csv, .csv.gz, .arrow), or - for CSV on stdin')
    .option('--model <name>', 'first, last, last-non-direct, linear, position, time-decay or markov', 'linear')
    .option('--per-touch-rule <rule>', 'Markov: path (each path keeps its conversions) or channel (touches sum to the channel credits)', 'path');
  addModelOptions(cmd);
  addOutputOptions(cmd, 'table (first 50 rows), csv, json or arrow (default: table on a terminal, else csv)');
  addInputOptions(cmd);
  addShapeOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Examples:
  $ pathcredit journeys fixtures/examples/touchpoints.csv --model markov --out touch-credit.csv
  $ pathcredit journeys events.arrow --model time-decay --half-life 3d --format json`,
  );
  cmd.action(async (input: string) => {
    const preset = applyPreset(cmd);
    const flags = cmd.opts<JourneyFlags>();
    const format = resolveFormat(flags.format, flags.out, io.stdout.isTTY === true);
    const [model, ...rest] = parseModels(flags.model);
    if (rest.length > 0) throw new PathCreditError('--model takes one model (use attribute for several)', { value: flags.model });
    const options = withShapeOptions(modelOptions(flags), flags);
    const loaded = await loadInput(input, { ...readerOptions(cmd, flags), attributeColumns: touchTypeColumns(flags) }, io);
    const store = shapeStore(loaded.store, flags);
    const { credits, orderSelection } = await attributeAsync(store, { models: [model], perTouch: true, ...options, threads: parseThreads(flags.threads) });
    const chosen = orderSelection ? `order selection (${orderSelection.rule}): chose order ${orderSelection.chosen}\n` : '';
    await writeText(io.stderr, inputSummary(loaded) + shapeSummary(preset, flags, false) + chosen);
    const rows = touchRows(store, credits[0]);
    const file = flags.out ?? null;
    if (format === 'csv') {
      const out = openOutput(file, io.stdout);
      const { writeCsv } = await import('../../io/csv/write-csv.js');
      await writeCsv(rows, out, { headers: HEADERS, neutraliseFormulas: !flags.allowFormulas, end: file !== null });
      if (file !== null && !out.writableFinished) await once(out, 'finish');
    } else if (format === 'json') {
      // A JSON array written row by row, never held whole in memory.
      const out = openOutput(file, io.stdout);
      let first = true;
      await writeText(out, '[');
      for (const row of rows) {
        await writeText(out, `${first ? '\n' : ',\n'}${JSON.stringify(row)}`);
        first = false;
      }
      await writeText(out, '\n]\n');
      if (file !== null) {
        out.end();
        await once(out, 'finish');
      }
    } else {
      // A table on the terminal is a preview; to a file (--out x.txt) it holds every touch.
      const columns = touchColumns(loaded.store, credits[0], format === 'table' && file === null ? PREVIEW_ROWS : Infinity);
      if (format === 'arrow') {
        const { writeArrowColumns } = await import('../arrow-output.js');
        await writeArrowColumns(columns, file, io.stdout);
      } else if (file !== null) {
        await writeReadable(renderTable(columns), file, io.stdout);
      } else {
        const total = countCreditedTouches(loaded.store);
        await writeText(io.stdout, renderTable(columns, total > PREVIEW_ROWS ? `first ${PREVIEW_ROWS} of ${total} touches (use --out for all)` : undefined));
      }
    }
  });
}

const HEADERS = ['journey', 'path', 'position', 'channel', 'row', 'conversions', 'value'];

/** One output row per touch of every converting path, generated lazily (journey ids as text). */
function* touchRows(store: PathStore, credits: ChannelCredits): Generator<Record<string, string | number | null>> {
  for (const r of iterateTouchCredits(store, credits)) {
    yield { journey: r.journey === null ? null : String(r.journey), path: r.path, position: r.position, channel: r.channel, row: r.row, conversions: r.conversions, value: r.value };
  }
}

function countCreditedTouches(store: PathStore): number {
  let n = 0;
  for (let p = 0; p < store.pathCount; p++) if (store.conversions[p] > 0) n += store.offsets[p + 1] - store.offsets[p];
  return n;
}

/** The same rows as columns (for Arrow and the preview table), at most `limit` rows. */
function touchColumns(store: PathStore, credits: ChannelCredits, limit: number): OutputColumn[] {
  const n = Math.min(limit, countCreditedTouches(store));
  const journey: (string | null)[] = [];
  const channel: string[] = [];
  const path = new Float64Array(n);
  const position = new Float64Array(n);
  const row = new Float64Array(n);
  const conv = new Float64Array(n);
  const value = new Float64Array(n);
  let i = 0;
  for (const r of touchRows(store, credits)) {
    if (i === n) break;
    journey.push(r.journey as string | null);
    channel.push(r.channel as string);
    path[i] = r.path as number;
    position[i] = r.position as number;
    row[i] = r.row === null ? NaN : (r.row as number);
    conv[i] = r.conversions as number;
    value[i] = r.value as number;
    i++;
  }
  return [
    { name: 'journey', strings: journey },
    { name: 'path', numbers: path },
    { name: 'position', numbers: position },
    { name: 'channel', strings: channel },
    { name: 'row', numbers: row },
    { name: 'conversions', numbers: conv },
    { name: 'value', numbers: value },
  ];
}
