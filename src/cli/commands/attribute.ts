import type { Command } from 'commander';
import { type OutputColumn, renderTable, resolveFormat, writeColumns } from '../columns.js';
import { addInputOptions, type InputFlags, readerOptions } from '../input-options.js';
import { type CliIO, writeText } from '../io.js';
import { loadInput } from '../load-input.js';
import { addModelOptions, addModelsOption, addOutputOptions } from '../model-flags.js';
import { type AttributionFlags, attributeWithFlags } from '../run-attribution.js';
import { inputSummary } from '../summary.js';
import type { Attribution } from '../../attribute.js';
import type { MarkovSolverReport } from '../../markov/index.js';
import { addEngineOptions, type EngineFlags, engineSettings } from '../engine-options.js';
import { attributeTransitionCounts } from '../transition-input.js';

interface AttributeFlags extends InputFlags, AttributionFlags, EngineFlags {
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
  addOutputOptions(cmd, 'table, csv, json or arrow (default: table on a terminal, else csv)');
  addInputOptions(cmd);
  addEngineOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Examples:
  $ pathcredit attribute fixtures/examples/touchpoints.csv
  $ pathcredit attribute paths.csv.gz --conversions-column total_conversions --value-column total_conversion_value --nulls-column total_null
  $ pathcredit attribute events.arrow --models first,last,markov --order 2 --out credits.csv
  $ pathcredit attribute 'exports/2026-*/events.parquet' --engine duckdb --memory-limit 2GB
  $ pathcredit attribute counts.csv --layout transitions --order 2`,
  );
  cmd.action(async (input: string, flags: AttributeFlags) => {
    const format = resolveFormat(flags.format, flags.out, io.stdout.isTTY === true);
    const reader = readerOptions(cmd, flags, true);
    const engine = engineSettings(flags);
    let result: Attribution;
    if (flags.layout === 'transitions') {
      const counts = await attributeTransitionCounts(input, cmd, flags, engine);
      result = counts.result;
      await writeText(io.stderr, counts.summary + markovSummary(result));
    } else {
      const loaded = await loadInput(input, reader, io, engine);
      result = await attributeWithFlags(loaded.store, flags);
      await writeText(io.stderr, inputSummary(loaded) + markovSummary(result));
    }
    const columns = resultColumns(result);
    const target = { format, file: flags.out ?? null, neutraliseFormulas: !flags.allowFormulas };
    if (format === 'table') await writeText(io.stdout, readableTables(result));
    if (format !== 'table' || flags.out !== undefined) await writeColumns(columns, target, io.stdout);
  });
}

/** The result as output columns: row_type, channel, a conversions and a value column per model, Markov removal effects. */
export function resultColumns(result: Attribution): OutputColumn[] {
  const { table } = result;
  const n = table.channels.length;
  const columns: OutputColumn[] = [
    { name: 'row_type', strings: [...table.channels.map(() => 'channel'), 'total'] },
    { name: 'channel', strings: [...table.channels, null] },
  ];
  for (const c of table.credits) {
    const conv = new Float64Array(n + 1);
    conv.set(c.conversions);
    conv[n] = c.totalConversions;
    const value = new Float64Array(n + 1);
    value.set(c.value);
    value[n] = c.totalValue;
    columns.push({ name: `${c.model}_conversions`, numbers: conv }, { name: `${c.model}_value`, numbers: value });
  }
  if (result.markov) {
    // The totals row holds the sum of removal effects: the normaliser of the credits.
    for (const [name, effects] of [
      ['markov_removal_effect', result.markov.removalEffects],
      ['markov_value_removal_effect', result.markov.valueRemovalEffects],
    ] as const) {
      const col = new Float64Array(n + 1);
      col.set(effects);
      col[n] = effects.reduce((a, b) => a + b, 0);
      columns.push({ name, numbers: col });
    }
  }
  return columns;
}

/** Conversions and value as two readable tables (channels by model). */
function readableTables(result: Attribution): string {
  const { table } = result;
  const block = (field: 'conversions' | 'value', totalField: 'totalConversions' | 'totalValue'): OutputColumn[] => [
    { name: 'channel', strings: [...table.channels, '(total)'] },
    ...table.credits.map((c) => {
      const col = new Float64Array(table.channels.length + 1);
      col.set(c[field]);
      col[table.channels.length] = c[totalField];
      return { name: c.model, numbers: col };
    }),
  ];
  let text = renderTable(block('conversions', 'totalConversions'), 'Conversions credited');
  text += `\n${renderTable(block('value', 'totalValue'), 'Value credited')}`;
  if (result.markov) {
    text += `\n${renderTable(
      [
        { name: 'channel', strings: [...table.channels] },
        { name: 'removal_effect', numbers: result.markov.removalEffects },
        { name: 'value_removal_effect', numbers: result.markov.valueRemovalEffects },
      ],
      'Markov removal effects',
    )}`;
  }
  return text;
}

// The method and what it reports about its accuracy, e.g. "fundamental (312 hub states, residual 4.1e-13, removal effects within 1.0e-10)".
function solverText(s: MarkovSolverReport): string {
  const parts = [
    ...(s.hubStates !== undefined ? [`${s.hubStates} hub states`] : []),
    ...(s.affectedStates !== undefined ? [`${s.affectedStates} states re-solved per channel on average`] : []),
    `residual ${s.residual.toExponential(1)}`,
    ...(s.removalErrorBound !== undefined ? [`removal effects within ${s.removalErrorBound.toExponential(1)}`] : []),
  ];
  return `${s.method} (${parts.join(', ')})`;
}

function markovSummary(result: Attribution): string {
  const m = result.markov;
  if (!m) return '';
  const lines = [
    `markov order ${m.order}: P(conversion) = ${m.conversionProbability.toPrecision(6)}, expected value = ${m.expectedValue.toPrecision(6)}, ${m.stateCount} states, ${m.transitionCount} transitions, solver ${solverText(m.solver)}`,
  ];
  if (!m.nullsPresent) lines.push('  note: the input has no non-converting journeys, so the chain knows only converting paths');
  return `${lines.join('\n')}\n`;
}
