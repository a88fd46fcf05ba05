import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { PathCreditError } from '../../errors.js';
import { addInputOptions, type InputFlags, readerOptions } from '../input-options.js';
import { type CliIO, writeText } from '../io.js';
import { loadInput } from '../load-input.js';
import { addModelOptions, addModelsOption, refuseIgnoredModelFlags } from '../model-flags.js';
import { type AttributionFlags, attributeWithFlags, attributionOptions } from '../run-attribution.js';
import { addTrustOptions } from '../trust-flags.js';
import { inputSummary } from '../summary.js';
import { addEngineOptions, type EngineFlags, engineSettings } from '../engine-options.js';
import { addWindowOptions, checkWindowFlags, runWindows, windowSummary, type WindowFlags } from '../window-flags.js';
import { addShapeOptions, applyPreset, shapeSummary, storeShaper, touchTypeColumns, withShapeOptions, type ShapeFlags } from '../shape-flags.js';
import { runSegmented } from '../segment-attribute.js';
import { addSegmentOptions, type SegmentFlags, segmentSettings } from '../segment-flags.js';

interface ReportFlags extends InputFlags, AttributionFlags, EngineFlags, ShapeFlags, WindowFlags, SegmentFlags {
  out?: string;
  title?: string;
  timestamp: boolean;
  topPaths: string;
  topFlows: string;
  flowSteps: string;
}

/**
 * Registers `pathcredit report <input>`.
 * @param argv - the command line as given to `run`, printed in the report's footer.
 */
export function reportCommand(program: Command, io: CliIO, argv: readonly string[]): void {
  const cmd = program
    .command('report')
    .summary('one self-contained HTML page: data summary, model comparison, Markov chain, diagnostics')
    .description(
      'Reads journeys like `attribute`, runs the same models with the same options, and writes one HTML file with inline CSS and SVG charts (no network requests, readable without JavaScript, printable).',
    )
    .argument('<input>', 'input file (.csv, .csv.gz, .arrow, .parquet), or - for CSV on stdin; with --engine duckdb also a quoted glob or a folder')
    .option('-o, --out <file>', 'HTML file to write (default: stdout, unless it is a terminal)')
    .option('--title <text>', 'page title (default: "Attribution report: <input>")')
    .option('--no-timestamp', 'leave out the generation time, so the same input gives byte-identical HTML')
    .option('--top-paths <n>', 'distinct paths listed in the data summary', '10')
    .option('--top-flows <n>', 'transitions listed as top flows', '15')
    .option('--flow-steps <n>', 'steps drawn in the journey flow diagram', '4');
  addModelsOption(cmd);
  addModelOptions(cmd);
  addTrustOptions(cmd);
  addInputOptions(cmd);
  addEngineOptions(cmd);
  addShapeOptions(cmd);
  addWindowOptions(cmd);
  addSegmentOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Examples:
  $ pathcredit report fixtures/examples/touchpoints.csv -o report.html
  $ pathcredit report paths.csv.gz --models first,last,linear,markov --order 2 -o report.html --no-timestamp
  $ pathcredit report events.csv --window 28d --step 7d -o report.html   # adds credit over time
  $ pathcredit report events.csv --segment-column device -o report.html`,
  );
  cmd.action(async (input: string) => {
    const preset = applyPreset(cmd);
    const flags = cmd.opts<ReportFlags>();
    if (flags.out === undefined && io.stdout.isTTY === true) throw new PathCreditError('refusing to write HTML to a terminal: use -o report.html or a pipe');
    const topPaths = countFlag(flags.topPaths, '--top-paths');
    const topFlows = countFlag(flags.topFlows, '--top-flows');
    const flowSteps = countFlag(flags.flowSteps, '--flow-steps');
    const options = withShapeOptions(attributionOptions(flags), flags);
    const engine = engineSettings(flags);
    const segments = segmentSettings(flags, engine);
    checkWindowFlags(cmd, flags, segments !== undefined);
    refuseIgnoredModelFlags(cmd, flags);
    const reader = { ...readerOptions(cmd, flags), attributeColumns: touchTypeColumns(flags) };
    // Transforms run on the loaded store, before the models are chosen (a preset's time decay needs timestamps).
    const shaper = storeShaper(cmd, flags);
    const segmented = segments ? await runSegmented(input, reader, io, engine, flags, options, segments, shaper.shape) : undefined;
    const loaded = segmented?.loaded ?? (await loadInput(input, reader, io, engine));
    const store = segmented?.store ?? shaper.shape(loaded.store);
    const result = segmented?.result.all ?? (await attributeWithFlags(store, flags, options));
    const windows = flags.window !== undefined ? runWindows(store, flags, { ...options, intervals: undefined, removeGroups: undefined, chooseOrder: undefined }) : undefined;
    // The report code (and d3) loads only when a report is made.
    const { renderReport } = await import('../../report/index.js');
    const file = input === '-' ? 'stdin' : input;
    const page = renderReport(result, {
      store,
      ...(flags.title !== undefined ? { title: flags.title } : {}),
      input: {
        file,
        format: loaded.format,
        rowsRead: loaded.rowsRead,
        ...(flags.lookback !== undefined ? { lookback: flags.lookback } : {}),
        ...(reader.maxTouches !== undefined ? { maxTouches: reader.maxTouches } : {}),
      },
      command: ['pathcredit', ...argv].map(shellQuote).join(' '),
      settings: settings(cmd),
      ...(flags.timestamp ? { generatedAt: new Date() } : {}),
      topPaths,
      topFlows,
      ...(windows ? { windows } : {}),
      flowSteps,
      ...(segmented ? { segments: segmented.result } : {}),
    });
    if (flags.out !== undefined) await writeFile(flags.out, page);
    else await writeText(io.stdout, page);
    const where = flags.out !== undefined ? `wrote ${flags.out}` : 'wrote the report to stdout';
    await writeText(io.stderr, `${inputSummary(loaded)}${shapeSummary(preset, flags, shaper.dropped())}${windows ? windowSummary(windows) : ''}${where} (${(Buffer.byteLength(page) / 1024).toFixed(1)} KiB)\n`);
  });
}

function countFlag(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new PathCreditError(`${name} must be a non-negative integer`, { value: text });
  return n;
}

/** An argument as a POSIX shell needs it, quoted only where necessary, so the footer's command can be pasted. */
function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Every option's effective value (given or default), in declaration order. */
function settings(cmd: Command): [string, string][] {
  const out: [string, string][] = [];
  for (const option of cmd.options) {
    const value: unknown = cmd.getOptionValue(option.attributeName());
    if (value === undefined) continue;
    const shown = typeof value === 'boolean' ? (value ? 'on' : 'off') : String(value);
    // A `--no-x` option holds x's value: show it under `--x` so "on" and "off" read right.
    const name = option.negate && option.long !== undefined ? option.long.replace(/^--no-/, '--') : (option.long ?? option.short ?? option.attributeName());
    out.push([name, shown]);
  }
  return out;
}
