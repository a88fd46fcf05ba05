import type { Command } from 'commander';
import { PathCreditError } from '../../errors.js';
import { FLOW_TABLES, flowColumns, type FlowTable } from '../../flows/flow-columns.js';
import { journeyFlows } from '../../flows/journey-flows.js';
import { resolveFormat, writeColumns, writeReadable } from '../columns.js';
import { flowSummary, flowTables } from '../flow-output.js';
import { addInputOptions, type InputFlags, readerOptions } from '../input-options.js';
import { type CliIO, writeText } from '../io.js';
import { loadInput } from '../load-input.js';
import { addOutputOptions, parseCount } from '../model-flags.js';
import { MAX_FLOW_STEPS } from '../../flows/journey-flows.js';
import { addSegmentOptions, type SegmentFlags, segmentSettings } from '../segment-flags.js';
import { inputSummary } from '../summary.js';

interface FlowFlags extends InputFlags, SegmentFlags {
  steps: string;
  topPaths: string;
  stalls: string;
  minStallJourneys: string;
  collapseRepeats?: boolean;
  table: string;
  out?: string;
  format?: string;
  allowFormulas?: boolean;
}

/** Registers `pathcredit flows <input>`. */
export function flowsCommand(program: Command, io: CliIO): void {
  const cmd = program
    .command('flows')
    .summary('the journey map: flows through the first steps, top paths, where journeys stall')
    .description(
      'Reads journeys like `attribute` and maps their first steps: each (step, channel) node with the journeys reaching it, the conversions and drop-offs ending there and where the rest go next; the top paths by journeys and by conversions; median times between steps and to conversion; the nodes where journeys stall. Long output: one row per link (step, from, to, journeys, conversions, value).',
    )
    .argument('<input>', 'input file (.csv, .csv.gz, .arrow, .parquet), or - for CSV on stdin')
    .option('--steps <n>', 'steps from the start of each journey', '6')
    .option('--top-paths <n>', 'distinct paths listed by journeys and by conversions', '10')
    .option('--stalls <n>', 'nodes listed where journeys stall', '10')
    .option('--min-stall-journeys <n>', 'journeys a node needs to be listed as a stall', '30')
    .option('--collapse-repeats', 'merge consecutive repeated channels first')
    .option('--table <name>', `what the csv, json and arrow output holds: ${FLOW_TABLES.join(', ')}`, 'links');
  addOutputOptions(cmd, 'table, csv, json or arrow (default: table on a terminal, else csv)');
  addInputOptions(cmd);
  addSegmentOptions(cmd, false);
  cmd.addHelpText(
    'after',
    `
Examples:
  $ pathcredit flows fixtures/examples/touchpoints.csv
  $ pathcredit flows events.csv --steps 4 --segment-column device --out flows.csv
  $ pathcredit flows events.csv --table stalls --format json`,
  );
  cmd.action(async (input: string, flags: FlowFlags) => {
    const format = resolveFormat(flags.format, flags.out, io.stdout.isTTY === true);
    if (!(FLOW_TABLES as readonly string[]).includes(flags.table)) throw new PathCreditError(`--table must be one of ${FLOW_TABLES.join(', ')}`, { value: flags.table });
    const options = {
      steps: parseCount('--steps', flags.steps, 1, MAX_FLOW_STEPS),
      topPaths: parseCount('--top-paths', flags.topPaths, 0),
      stalls: parseCount('--stalls', flags.stalls, 0),
      minStallJourneys: parseCount('--min-stall-journeys', flags.minStallJourneys, 0),
      collapseRepeats: flags.collapseRepeats === true,
    };
    const reader = readerOptions(cmd, flags);
    const segments = segmentSettings(flags);
    const loaded = await loadInput(input, segments ? { ...reader, attributeColumns: segments.columns } : reader, io);
    const flows = journeyFlows(loaded.store, { ...options, ...(segments ? { segments: { columns: segments.columns, maxSegments: segments.maxSegments } } : {}) });
    await writeText(io.stderr, inputSummary(loaded) + flowSummary(flows));
    if (format === 'table') await writeReadable(flowTables(flows), flags.out ?? null, io.stdout);
    else await writeColumns(flowColumns(flows, flags.table as FlowTable), { format, file: flags.out ?? null, neutraliseFormulas: !flags.allowFormulas }, io.stdout);
  });
}
