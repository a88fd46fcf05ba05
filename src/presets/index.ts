// Peers' conventions as presets: re-exports and the lookup.
import { PathCreditError } from '../errors.js';
import { ADOBE } from './adobe.js';
import { CHANNELATTRIBUTION } from './channelattribution.js';
import { DP6 } from './dp6.js';
import { EEGHOR } from './eeghor.js';
import { FRACTRIBUTION } from './fractribution.js';
import { GA4 } from './ga4.js';
import { PRESET_NAMES, type Preset, type PresetName } from './preset.js';
import { SNOWPLOW } from './snowplow.js';

export { PRESET_NAMES, type Preset, type PresetInput, type PresetName } from './preset.js';

/** Every preset by name. */
export const PRESETS: Readonly<Record<PresetName, Preset>> = Object.freeze({
  channelattribution: CHANNELATTRIBUTION,
  dp6: DP6,
  eeghor: EEGHOR,
  fractribution: FRACTRIBUTION,
  adobe: ADOBE,
  ga4: GA4,
  snowplow: SNOWPLOW,
});

/**
 * The conventions of one peer as plain, frozen options: `input` for the
 * readers, `transforms` for {@link applyTransforms}, `attribute` for
 * {@link attribute}. Spread and override any part.
 *
 * @throws PathCreditError for an unknown name.
 * @example
 * ```ts
 * const p = preset('fractribution');
 * const store = applyTransforms(await readCsv('path_summary.csv', p.input), p.transforms);
 * const { table } = attribute(store, p.attribute);
 * // or with one change: attribute(store, { ...p.attribute, models: ['leave_one_out', 'markov'] })
 * ```
 */
export function preset(name: string): Preset {
  if (!(PRESET_NAMES as readonly string[]).includes(name)) throw new PathCreditError(`unknown preset (known: ${PRESET_NAMES.join(', ')})`, { column: 'preset', value: name });
  return PRESETS[name as PresetName];
}
