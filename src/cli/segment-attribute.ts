import { writeFile } from 'node:fs/promises';
import { defaultModels } from '../attribute.js';
import { attributeBySegment, type SegmentedAttribution } from '../segments/attribute-by-segment.js';
import { segmentColumns } from '../segments/segment-columns.js';
import { plainJson } from './attribute-output.js';
import { type OutputFormat, writeColumns, writeReadable } from './columns.js';
import type { EngineSettings } from './engine-options.js';
import type { readerOptions } from './input-options.js';
import { type CliIO, writeText } from './io.js';
import { loadInput, type LoadedInput } from './load-input.js';
import { parseModels } from './model-flags.js';
import type { AttributionFlags, attributionOptions } from './run-attribution.js';
import type { SegmentSettings } from './segment-flags.js';
import type { PathStore } from '../types.js';
import { segmentDiagnosticsDocument, segmentSummary, segmentTables } from './segment-output.js';
import { inputSummary } from './summary.js';

/**
 * Reads the input with the segment columns and runs the models per segment (shared by `attribute`
 * and `report`); `prepare` shapes the loaded store (path transforms) before the models are chosen.
 */
export async function runSegmented(
  input: string,
  reader: ReturnType<typeof readerOptions>,
  io: CliIO,
  engine: EngineSettings,
  flags: AttributionFlags,
  options: ReturnType<typeof attributionOptions>,
  segments: SegmentSettings,
  prepare: (store: PathStore) => PathStore = (store) => store,
): Promise<{ loaded: LoadedInput; store: PathStore; result: SegmentedAttribution }> {
  const columns = [...new Set([...(reader.attributeColumns ?? []), ...segments.columns])];
  const loaded = await loadInput(input, { ...reader, attributeColumns: columns }, io, engine);
  const store = prepare(loaded.store);
  const models = flags.models !== undefined ? parseModels(flags.models, store) : defaultModels(store);
  const result = attributeBySegment(store, {
    ...options,
    models,
    segments: { columns: segments.columns, maxSegments: segments.maxSegments },
    markovSegmentState: segments.markovSegmentState,
  });
  return { loaded, store, result };
}

/** `pathcredit attribute --segment-column ...`: the long output with a `segment` column and the all-segments rows. */
export async function attributeBySegmentCommand(
  input: string,
  reader: ReturnType<typeof readerOptions>,
  io: CliIO,
  engine: EngineSettings,
  flags: AttributionFlags & { out?: string; allowFormulas?: boolean },
  options: ReturnType<typeof attributionOptions>,
  segments: SegmentSettings,
  format: OutputFormat,
  prepare?: (store: PathStore) => PathStore,
  shapeNote = (): string => '',
): Promise<void> {
  const { loaded, result } = await runSegmented(input, reader, io, engine, flags, options, segments, prepare);
  const skipped = flags.models?.trim() === 'all' && !result.models.includes('time_decay') ? 'note: --models all skips time-decay: the input has no timestamps\n' : '';
  await writeText(io.stderr, inputSummary(loaded) + shapeNote() + skipped + segmentSummary(result));
  if (flags.diagnostics !== undefined) await writeFile(flags.diagnostics, `${JSON.stringify(plainJson(segmentDiagnosticsDocument(result)), null, 2)}\n`);
  const target = { format, file: flags.out ?? null, neutraliseFormulas: !flags.allowFormulas };
  if (format === 'table') await writeReadable(segmentTables(result), flags.out ?? null, io.stdout);
  else await writeColumns(segmentColumns(result), target, io.stdout);
}
