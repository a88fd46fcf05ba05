import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { PathCreditError } from '../../errors.js';
import { type PrintedResult, attributeSummary, diagnosticsDocument, readableTables, resultColumns } from '../attribute-output.js';
import { resolveFormat, writeColumns, writeReadable } from '../columns.js';
import { addEngineOptions, type EngineFlags, engineSettings } from '../engine-options.js';
import { addInputOptions, type InputFlags, readerOptions } from '../input-options.js';
import { type CliIO, writeText } from '../io.js';
import { loadInput } from '../load-input.js';
import { addModelOptions, addModelsOption, addOutputOptions, refuseIgnoredModelFlags } from '../model-flags.js';
import { type AttributionFlags, attributeWithFlags, attributionOptions } from '../run-attribution.js';
import { inputSummary } from '../summary.js';
import { attributeTransitionCounts } from '../transition-input.js';
import { addTrustOptions } from '../trust-flags.js';
import { addWindowOptions, checkWindowFlags, runWindows, windowColumns, windowSummary, type WindowFlags } from '../window-flags.js';
import { addShapeOptions, applyPreset, shapeSummary, storeShaper, touchTypeColumns, withShapeOptions, type ShapeFlags } from '../shape-flags.js';
import { attributeBySegmentCommand } from '../segment-attribute.js';
import { addSegmentOptions, type SegmentFlags, segmentSettings } from '../segment-flags.js';

export { resultColumns } from '../attribute-output.js';

interface AttributeFlags extends InputFlags, AttributionFlags, EngineFlags, ShapeFlags, WindowFlags, SegmentFlags {
  out?: string;
  format?: string;
  allowFormulas?: boolean;
}

/** Registers `pathcredit attribute <input>`. */
export function attributeCommand(program: Command, io: CliIO): void {
  const cmd = program
    .command('attribute')
    .summary('credit per channel from several models, with totals')
    .description(
      'Reads journeys (CSV, CSV.gz, Arrow or Parquet; touchpoints or paths; or Markov transition counts from `pathcredit sql`) and prints one row per channel with the conversions and value each model credits, plus a totals row.',
    )
    .argument('<input>', 'input file (.csv, .csv.gz, .arrow, .parquet), or - for CSV on stdin; with --engine duckdb also a quoted glob or a folder');
  addModelsOption(cmd);
  addModelOptions(cmd);
  addTrustOptions(cmd);
  addOutputOptions(cmd, 'table, csv, json or arrow (default: table on a terminal, else csv)');
  addInputOptions(cmd);
  addEngineOptions(cmd);
  addShapeOptions(cmd);
  addWindowOptions(cmd);
  addSegmentOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Examples:
  $ pathcredit attribute fixtures/examples/touchpoints.csv
  $ pathcredit attribute paths.csv.gz --conversions-column total_conversions --value-column total_conversion_value --nulls-column total_null
  $ pathcredit attribute events.arrow --models first,last,markov --order 2 --out credits.csv
  $ pathcredit attribute data.csv --models all --intervals
  $ pathcredit attribute paths.csv --models markov --order auto --remove-groups "display+video,search+email"
  $ pathcredit attribute 'exports/2026-*/events.parquet' --engine duckdb --memory-limit 2GB
  $ pathcredit attribute counts.csv --layout transitions --order 2
  $ pathcredit attribute PathData.csv --preset channelattribution
  $ pathcredit attribute events.csv --transform exposure,remove-if-not-all:Direct --models leave-one-out,markov
  $ pathcredit attribute events.csv --touch-weights click=1,impression=0.2 --markov-states channel-type
  $ pathcredit attribute events.csv --window 28d --step 7d --models last,markov --out weekly.csv
  $ pathcredit attribute events.csv --segment-column device --intervals`,
  );
  cmd.action(async (input: string) => {
    const preset = applyPreset(cmd);
    const flags = cmd.opts<AttributeFlags>();
    const format = resolveFormat(flags.format, flags.out, io.stdout.isTTY === true);
    // Every flag is checked before a possibly large input is read.
    const options = withShapeOptions(attributionOptions(flags), flags);
    const engine = engineSettings(flags);
    const segments = segmentSettings(flags, engine);
    checkWindowFlags(cmd, flags, segments !== undefined);
    refuseIgnoredModelFlags(cmd, flags);
    const reader = { ...readerOptions(cmd, flags, true), attributeColumns: touchTypeColumns(flags) };
    const shaper = storeShaper(cmd, flags);
    if (segments) {
      return attributeBySegmentCommand(input, reader, io, engine, flags, options, segments, format, shaper.shape, () => shapeSummary(preset, flags, shaper.dropped()));
    }
    let result: PrintedResult;
    if (flags.window !== undefined) {
      if (flags.layout === 'transitions') throw new PathCreditError('--window needs journeys with times, not transition counts');
      const loaded = await loadInput(input, reader, io, engine);
      const windows = runWindows(shaper.shape(loaded.store), flags, options);
      await writeText(io.stderr, inputSummary(loaded) + shapeSummary(preset, flags, shaper.dropped()) + windowSummary(windows));
      await writeColumns(windowColumns(windows), { format, file: flags.out ?? null, neutraliseFormulas: !flags.allowFormulas }, io.stdout, 'Credits per window');
      return;
    }
    if (flags.layout === 'transitions') {
      const counts = await attributeTransitionCounts(input, cmd, flags, engine);
      result = counts.result;
      await writeText(io.stderr, counts.summary + attributeSummary(result));
    } else {
      const loaded = await loadInput(input, reader, io, engine);
      result = await attributeWithFlags(shaper.shape(loaded.store), flags, options);
      const skipped = flags.models?.trim() === 'all' && !result.table.models.includes('time_decay') ? 'note: --models all skips time-decay: the input has no timestamps\n' : '';
      await writeText(io.stderr, inputSummary(loaded) + shapeSummary(preset, flags, shaper.dropped()) + skipped + attributeSummary(result));
    }
    if (flags.diagnostics !== undefined) await writeFile(flags.diagnostics, `${JSON.stringify(diagnosticsDocument(result), null, 2)}\n`);
    const columns = resultColumns(result);
    const target = { format, file: flags.out ?? null, neutraliseFormulas: !flags.allowFormulas };
    if (format === 'table') await writeReadable(readableTables(result), flags.out ?? null, io.stdout);
    else await writeColumns(columns, target, io.stdout);
  });
}
