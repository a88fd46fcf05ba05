import type { Command } from 'commander';
import { SPECIAL_STATE_LABELS, STATE_LABEL_SEPARATOR, TransitionCounter } from '../../markov/transition-counter.js';
import { PathCreditError } from '../../errors.js';
import { transitionColumns } from '../../markov/transition-matrix.js';
import { resolveFormat, writeColumns } from '../columns.js';
import { addInputOptions, type InputFlags, readerOptions } from '../input-options.js';
import { type CliIO, writeText } from '../io.js';
import { loadInput } from '../load-input.js';
import { addOutputOptions, parseOrder } from '../model-flags.js';
import { inputSummary } from '../summary.js';
import { addEngineOptions, type EngineFlags, engineSettings } from '../engine-options.js';
import { loadTransitionCounts } from '../transition-input.js';
import { splitByTouchType } from '../../touch-types/split-by-type.js';
import { addShapeOptions, applyPreset, shapeStore, shapeSummary, touchTypeColumns, touchTypeOptions, type ShapeFlags } from '../shape-flags.js';

interface TransitionFlags extends InputFlags, EngineFlags, ShapeFlags {
  order: string;
  collapseRepeats?: boolean;
  out?: string;
  format?: string;
  allowFormulas?: boolean;
}

/** Registers `pathcredit transitions <input>`. */
export function transitionsCommand(program: Command, io: CliIO): void {
  const cmd = program
    .command('transitions')
    .summary('the Markov transition matrix, long format')
    .description('Prints every transition between states of order k, with (start), (conversion) and (null), as from, to, count, probability.')
    .argument('<input>', 'input file (.csv, .csv.gz, .arrow), or - for CSV on stdin')
    .option('--order <k>', 'Markov order', '1')
    .option('--collapse-repeats', 'merge consecutive repeated channels before forming states');
  addOutputOptions(cmd, 'table, csv, json or arrow (default: table on a terminal, else csv)');
  addInputOptions(cmd);
  addEngineOptions(cmd);
  addShapeOptions(cmd, false);
  cmd.addHelpText(
    'after',
    `
Examples:
  $ pathcredit transitions fixtures/examples/touchpoints.csv
  $ pathcredit transitions paths.csv --order 2 --out transitions.arrow
  $ pathcredit transitions events.csv --markov-states channel-type   # states such as "search [click]"`,
  );
  cmd.action(async (input: string) => {
    const preset = applyPreset(cmd);
    const flags = cmd.opts<TransitionFlags>();
    const format = resolveFormat(flags.format, flags.out, io.stdout.isTTY === true);
    const order = parseOrder(flags.order);
    const touch = touchTypeOptions(flags);
    const reader = { ...readerOptions(cmd, flags, true), attributeColumns: touchTypeColumns(flags) };
    const engine = engineSettings(flags);
    let counter: TransitionCounter;
    let summary: string;
    if (flags.layout === 'transitions') {
      counter = await loadTransitionCounts(input, cmd, flags, engine);
      summary = 'read transition counts: ';
    } else {
      const loaded = await loadInput(input, reader, io, engine);
      const shaped = shapeStore(loaded.store, flags);
      const store = touch.markovStates === 'channel-type' ? splitByTouchType(shaped, touch.touchTypeColumn).store : shaped;
      counter = new TransitionCounter({ order, collapseRepeats: flags.collapseRepeats ?? false }).add(store);
      summary = inputSummary(loaded) + shapeSummary(preset, flags, false);
    }
    refuseAmbiguousLabels(counter);
    const c = transitionColumns(counter);
    await writeText(io.stderr, `${summary}order ${counter.order}: ${counter.stateCount} states, ${c.count.length} transitions\n`);
    await writeColumns(
      [
        { name: 'from', strings: c.from },
        { name: 'to', strings: c.to },
        { name: 'count', numbers: Float64Array.from(c.count) },
        { name: 'probability', numbers: Float64Array.from(c.probability) },
      ],
      { format, file: flags.out ?? null, neutraliseFormulas: !flags.allowFormulas },
      io.stdout,
    );
  });
}

/**
 * The output names states by label: a channel named like a special state (`(null)`), or, above
 * order 1, a name holding the label separator (`A > B`), would make rows that read like other
 * transitions. Refused, naming the channel.
 */
function refuseAmbiguousLabels(counter: TransitionCounter): void {
  const special = new Set<string>(SPECIAL_STATE_LABELS);
  for (const name of counter.dictionary.names) {
    if (special.has(name)) throw new PathCreditError('a channel is named like a state of the chain, so the transitions would be ambiguous: rename it', { value: name });
    if (counter.order > 1 && name.includes(STATE_LABEL_SEPARATOR)) {
      throw new PathCreditError(`a channel name holds "${STATE_LABEL_SEPARATOR}", which joins the channels of a state above order 1, so the transitions would be ambiguous: rename it`, { value: name });
    }
  }
}
