import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { attributeAsync, defaultModels } from '../../attribute.js';
import { attributeSummary, diagnosticsDocument, readableTables, resultColumns } from '../attribute-output.js';
import { resolveFormat, writeColumns } from '../columns.js';
import { addInputOptions, type InputFlags, readerOptions } from '../input-options.js';
import { type CliIO, writeText } from '../io.js';
import { loadInput } from '../load-input.js';
import { type ModelFlags, addModelOptions, addOutputOptions, modelOptions, parseModels, parseThreads } from '../model-flags.js';
import { inputSummary } from '../summary.js';
import { addTrustOptions, type TrustFlags, trustOptions } from '../trust-flags.js';

export { resultColumns } from '../attribute-output.js';

interface AttributeFlags extends InputFlags, ModelFlags, TrustFlags {
  models?: string;
  out?: string;
  format?: string;
  allowFormulas?: boolean;
}

/** Registers `pathcredit attribute <input>`. */
export function attributeCommand(program: Command, io: CliIO): void {
  const cmd = program
    .command('attribute')
    .summary('credit per channel from several models, with totals')
    .description('Reads journeys (CSV, CSV.gz or Arrow; touchpoints or paths) and prints one row per channel with the conversions and value each model credits, plus a totals row.')
    .argument('<input>', 'input file (.csv, .csv.gz, .arrow), or - for CSV on stdin')
    .option(
      '--models <list>',
      'comma-separated: first,last,last-non-direct,linear,position,time-decay,markov,shapley,shapley-rate,leave-one-out, or all (default: the heuristics and markov; time-decay only with timestamps)',
    );
  addModelOptions(cmd);
  addTrustOptions(cmd);
  addOutputOptions(cmd, 'table, csv, json or arrow (default: table on a terminal, else csv)');
  addInputOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Examples:
  $ pathcredit attribute fixtures/examples/touchpoints.csv
  $ pathcredit attribute paths.csv.gz --conversions-column total_conversions --value-column total_conversion_value --nulls-column total_null
  $ pathcredit attribute events.arrow --models first,last,markov --order 2 --out credits.csv
  $ pathcredit attribute data.csv --models all --intervals
  $ pathcredit attribute paths.csv --models markov --order auto --remove-groups "display+video,search+email"`,
  );
  cmd.action(async (input: string, flags: AttributeFlags) => {
    const format = resolveFormat(flags.format, flags.out, io.stdout.isTTY === true);
    // Validate every flag before reading a possibly large input.
    const options = { ...modelOptions(flags), ...trustOptions(flags), threads: parseThreads(flags.threads) };
    const loaded = await loadInput(input, readerOptions(cmd, flags), io);
    const models = flags.models !== undefined ? parseModels(flags.models, loaded.store) : defaultModels(loaded.store);
    const skipped = flags.models?.trim() === 'all' && !models.includes('time_decay') ? 'note: --models all skips time-decay: the input has no timestamps\n' : '';
    const result = await attributeAsync(loaded.store, { models, ...options });
    await writeText(io.stderr, inputSummary(loaded) + skipped + attributeSummary(result));
    if (flags.diagnostics !== undefined) await writeFile(flags.diagnostics, `${JSON.stringify(diagnosticsDocument(result), null, 2)}\n`);
    const columns = resultColumns(result);
    const target = { format, file: flags.out ?? null, neutraliseFormulas: !flags.allowFormulas };
    if (format === 'table') await writeText(io.stdout, readableTables(result));
    if (format !== 'table' || flags.out !== undefined) await writeColumns(columns, target, io.stdout);
  });
}
