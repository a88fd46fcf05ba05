import type { Command } from 'commander';
import { PathCreditError } from '../errors.js';
import { PRESET_NAMES, preset, type Preset } from '../presets/index.js';
import { applyTransforms } from '../transforms/apply-transforms.js';
import { formatTransforms, parseTransforms } from '../transforms/parse-transforms.js';
import { DEFAULT_TOUCH_TYPE_COLUMN, parseTouchWeights } from '../touch-types/touch-weights.js';
import type { PathStore } from '../types.js';
import { CLI_MODELS } from './model-flags.js';

/** Parsed flags that shape a run: a peer's preset, path transforms, touch types. */
export interface ShapeFlags {
  preset?: string;
  transform?: string;
  touchTypeColumn?: string;
  touchWeights?: string;
  markovStates?: string;
  timeDecayForm?: string;
}

/** Adds `--preset`, `--transform`, `--touch-type-column`, `--touch-weights`, `--markov-states` and `--time-decay-form`. */
export function addShapeOptions(cmd: Command, models = true): Command {
  cmd
    .option('--preset <name>', `a peer's conventions at once: ${PRESET_NAMES.join(', ')} (flags you give win; see docs/presets.md)`)
    .option('--transform <list>', 'path transforms before any model, in order: unique, exposure, first, frequency, trim-long-path:N, remove-if-not-all:CH, remove-if-last-and-not-all:CH')
    .option('--touch-type-column <name>', `column with each touch's type, e.g. click or impression (read when --touch-weights or --markov-states channel-type need it)`, DEFAULT_TOUCH_TYPE_COLUMN)
    .option('--markov-states <states>', 'Markov states: channel, or channel-type (a channel\'s touch types are separate states)', 'channel');
  if (models) {
    cmd
      .option('--touch-weights <list>', 'heuristics: weight per touch type, e.g. click=1,impression=0.2 (*=w for the others)')
      .option('--time-decay-form <form>', 'time decay: continuous 2^(-age/half-life), or step 2^(-floor(age/half-life)) (DP6)', 'continuous');
  }
  return cmd;
}

/** The CLI flag and value that express each convention of a preset (values as a user would type them). */
function presetFlags(p: Preset): [string, string | boolean][] {
  const out: [string, string | boolean][] = [];
  const input = p.input;
  const cliName = (m: string) => Object.keys(CLI_MODELS).find((k) => CLI_MODELS[k] === m)!;
  out.push(['models', p.attribute.models.map(cliName).join(',')]);
  const a = p.attribute;
  if (a.timeDecay?.halfLife !== undefined) out.push(['halfLife', String(a.timeDecay.halfLife)]);
  if (a.timeDecay?.form !== undefined) out.push(['timeDecayForm', a.timeDecay.form]);
  if (a.positionBased) out.push(['position', a.positionBased.preset ?? `${a.positionBased.first ?? 0.4},${a.positionBased.last ?? 0.4}`]);
  if (a.lastNonDirect?.direct) out.push(['direct', a.lastNonDirect.direct.join(',')]);
  if (a.linear?.unique) out.push(['unique', true]);
  if (a.markov?.order !== undefined) out.push(['order', String(a.markov.order)]);
  if (a.markov?.collapseRepeats || a.leaveOneOut?.collapseRepeats) out.push(['collapseRepeats', true]);
  if (a.markov?.value !== undefined) out.push(['valueRule', a.markov.value]);
  const negative = a.shapleyRate?.negative ?? a.leaveOneOut?.negative;
  if (negative !== undefined) out.push(['negative', negative]);
  if (a.shapleyRate?.coalitionValue !== undefined) out.push(['shapleyValue', a.shapleyRate.coalitionValue]);
  if (p.transforms.length > 0) out.push(['transform', formatTransforms(p.transforms)]);
  const columns = ['journeyColumn', 'timestampColumn', 'channelColumn', 'pathColumn', 'conversionsColumn', 'valueColumn', 'nullsColumn', 'separator', 'lookback', 'timestampFormat', 'eventColumn'] as const;
  for (const key of columns) if (input[key] !== undefined) out.push([key, input[key]!]);
  if (input.conversionEvents) out.push(['conversionEvent', input.conversionEvents.join(',')]);
  return out;
}

/**
 * Applies `--preset`: every option the command has and the user did not give
 * takes the preset's value (recorded with source `config`, so the readers
 * treat the preset's column names like names the user gave). Returns the
 * preset, or undefined without `--preset`.
 * @throws PathCreditError for an unknown preset.
 */
export function applyPreset(cmd: Command): Preset | undefined {
  const name = cmd.getOptionValue('preset') as string | undefined;
  if (name === undefined) return undefined;
  const p = preset(name);
  const known = new Set(cmd.options.map((o) => o.attributeName()));
  for (const [key, value] of presetFlags(p)) {
    if (!known.has(key) || cmd.getOptionValueSource(key) === 'cli') continue;
    cmd.setOptionValueWithSource(key, value, 'config');
  }
  return p;
}

/** True when the user or a preset (not a default) set the option. */
export function givenOption(cmd: Command, name: string): boolean {
  const source = cmd.getOptionValueSource(name);
  return source !== undefined && source !== 'default';
}

/** The path transforms of `--transform` applied to a loaded store (the store itself without them). */
export function shapeStore(store: PathStore, flags: ShapeFlags): PathStore {
  return flags.transform === undefined ? store : applyTransforms(store, parseTransforms(flags.transform));
}

/** The library options of the touch-type flags (checked before any input is read). */
export function touchTypeOptions(flags: ShapeFlags) {
  const states = flags.markovStates ?? 'channel';
  if (states !== 'channel' && states !== 'channel-type') throw new PathCreditError('--markov-states must be channel or channel-type', { value: states });
  const form = flags.timeDecayForm ?? 'continuous';
  if (form !== 'continuous' && form !== 'step') throw new PathCreditError('--time-decay-form must be continuous or step', { value: form });
  if (flags.transform !== undefined) parseTransforms(flags.transform);
  const column = flags.touchTypeColumn ?? DEFAULT_TOUCH_TYPE_COLUMN;
  return {
    touchTypeColumn: column,
    markovStates: states as 'channel' | 'channel-type',
    timeDecayForm: form as 'continuous' | 'step',
    ...(flags.touchWeights !== undefined ? { touchWeights: { column, weights: parseTouchWeights(flags.touchWeights) } } : {}),
  };
}

/** The extra columns the readers must keep for the touch-type flags. */
export function touchTypeColumns(flags: ShapeFlags): string[] {
  return flags.touchWeights !== undefined || flags.markovStates === 'channel-type' ? [flags.touchTypeColumn ?? DEFAULT_TOUCH_TYPE_COLUMN] : [];
}

/** The closing summary's lines about the preset and transforms. */
export function shapeSummary(p: Preset | undefined, flags: ShapeFlags, droppedTimeDecay: boolean): string {
  const lines: string[] = [];
  if (p) {
    lines.push(`preset ${p.name} (${p.peer}); not reproduced (see docs/presets.md):`);
    for (const d of p.differences) lines.push(`  - ${d}`);
  }
  if (flags.transform !== undefined) lines.push(`path transforms: ${flags.transform}`);
  if (droppedTimeDecay) lines.push('note: the preset\'s time-decay is left out: the input has no timestamps');
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/**
 * The attribution options with the touch-type flags folded in (time decay's
 * form, Markov states, touch weights): checked before any input is read.
 */
export function withShapeOptions<T extends { timeDecay?: object }>(options: T, flags: ShapeFlags) {
  const { timeDecayForm, ...touch } = touchTypeOptions(flags);
  return { ...options, ...touch, timeDecay: { ...options.timeDecay, form: timeDecayForm } };
}

/**
 * The shaping of every store a command loads: the path transforms, then (a preset's models
 * naming time-decay without timestamps) time decay left out. `dropped()` says whether it was,
 * for {@link shapeSummary}.
 */
export function storeShaper(cmd: Command, flags: ShapeFlags & { models?: string }): { shape: (store: PathStore) => PathStore; dropped: () => boolean } {
  let dropped = false;
  return {
    shape: (store) => {
      const shaped = shapeStore(store, flags);
      dropped = dropPresetTimeDecay(cmd, flags, shaped);
      return shaped;
    },
    dropped: () => dropped,
  };
}

/**
 * A preset's model list names time-decay, which needs timestamps: without them
 * it is left out (the caller notes it), as `--models all` does. Returns
 * whether it was.
 */
function dropPresetTimeDecay(cmd: Command, flags: { models?: string }, store: PathStore): boolean {
  if (store.times !== null || flags.models === undefined || cmd.getOptionValueSource('models') !== 'config') return false;
  const names = flags.models.split(',');
  if (!names.includes('time-decay')) return false;
  flags.models = names.filter((m) => m !== 'time-decay').join(',');
  return true;
}
