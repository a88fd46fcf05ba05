import { frozen, type Preset } from './preset.js';

/** ChannelAttribution (R and Python): `heuristic_models` and `markov_model` on its `PathData` layout. */
export const CHANNELATTRIBUTION: Preset = frozen({
  name: 'channelattribution',
  peer: 'ChannelAttribution (R and Python package)',
  input: { pathColumn: 'path', conversionsColumn: 'total_conversions', valueColumn: 'total_conversion_value', nullsColumn: 'total_null', separator: '>' },
  transforms: [],
  attribute: {
    models: ['first_touch', 'last_touch', 'linear', 'markov'],
    linear: { unique: false },
    markov: { order: 1, collapseRepeats: false, value: 'exact' },
  },
  differences: [
    'markov_model estimates removal effects by simulating journeys (nsim_start = 1e5), so its numbers move from run to run; pathcredit solves the same chain exactly.',
    'A row with value but no conversions is credited by heuristic_models; pathcredit refuses it as an input error.',
    'sep is one character there; any length here.',
  ],
  sources: [
    'DavideAltomare/ChannelAttribution website/docs/old/heuristic_models.md (sep default ">", first/last/linear touch columns)',
    'DavideAltomare/ChannelAttribution R/R/ChannelAttribution.R (markov_model: order = 1, var_null, nsim_start, out_more)',
    'R data PathData (columns path, total_conversions, total_conversion_value, total_null)',
  ],
});
