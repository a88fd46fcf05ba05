import { frozen, type Preset } from './preset.js';

/** DP6's Marketing Attribution Models (`MAM`): its heuristics, Shapley on conversion rates and Markov. */
export const DP6: Preset = frozen({
  name: 'dp6',
  peer: "DP6 Marketing Attribution Models (Python 'MAM')",
  input: { separator: ' > ' },
  transforms: [],
  attribute: {
    models: ['last_touch', 'last_non_direct', 'first_touch', 'linear', 'position_based', 'time_decay', 'shapley_rate', 'markov'],
    lastNonDirect: { direct: ['Direct'] },
    linear: { unique: false },
    positionBased: { first: 0.4, last: 0.4 },
    timeDecay: { halfLife: '168h', form: 'step' },
    shapleyRate: { negative: 'keep', coalitionValue: 'rate' },
    markov: { order: 1, collapseRepeats: false },
  },
  differences: [
    'attribution_linear rounds each touch\'s share to 2 decimals, so its channel totals miss the conversions by rounding; pathcredit does not round.',
    'attribution_shapley(size=4) keeps only the alphabetically last 4 channels of each channel set; pathcredit uses every channel (exact up to 16 per set).',
    'attribution_time_decay defaults to frequency=168 hours but attribution_all_models passes 128; the preset follows 168 (use --half-life 128h for the other).',
    'attribution_position_based gives the last touch the first weight of the list (equal only for the symmetric default 0.4, 0.2, 0.4).',
    'attribution_markov raises the transition matrix to a power through its eigendecomposition; pathcredit solves the absorbing chain exactly.',
  ],
  sources: [
    'DP6/Marketing-Attribution-Models README.md (models, path_separator " > ", the Shapley example)',
    'DP6/Marketing-Attribution-Models marketing_attribution_models/MAM.py (attribution_last_click_non(but_not_this_channel="Direct"), attribution_position_based([0.4, 0.2, 0.4]), attribution_time_decay(decay_over_time=0.5, frequency=168), attribution_shapley(size=4, order=False, values_col="conv_rate"), attribution_markov(transition_to_same_state=False))',
  ],
});
