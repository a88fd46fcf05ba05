import { frozen, type Preset } from './preset.js';

/** eeghor/mta (`MTA`): loops removed before every model, linear over distinct channels. */
export const EEGHOR: Preset = frozen({
  name: 'eeghor',
  peer: 'eeghor/mta (Python)',
  input: { pathColumn: 'path', conversionsColumn: 'total_conversions', valueColumn: 'total_conversion_value', nullsColumn: 'total_null', separator: ' > ' },
  transforms: [{ kind: 'exposure' }],
  attribute: {
    models: ['first_touch', 'last_touch', 'linear', 'position_based', 'markov'],
    linear: { unique: true },
    positionBased: { first: 0.4, last: 0.4 },
    markov: { order: 1, collapseRepeats: true },
  },
  differences: [
    'Results there are shares of the total rounded to 6 decimals (normalize=True); pathcredit gives conversions and value (divide by the total for shares).',
    '"time_decay" there ranks distinct channels by first appearance (weights 1, 2, 3, ...), not by time; pathcredit does not offer it under that name.',
    'Older releases of position_based (r=(40, 40)) counted distinct channels (n = len(set(path))) and gave every middle touch (100 - 80) / (n - 2) %; the current position_based(first_weight=40, last_weight=40) splits the middle share over the middle touches, as pathcredit does.',
    'markov(sim=False) sums the probabilities of the observed converting paths, not the absorbing chain; pathcredit solves the chain exactly.',
    'shapley (coalitions capped at max_coalition_size=2) and shao are not offered; see shapley and shapley_rate for the exact values.',
  ],
  sources: [
    'eeghor/mta mta/mta.py (MTA(allow_loops=False, sep=" > "), remove_loops, linear(share="same"), position_based(first_weight=40, last_weight=40), time_decay(count_direction="left"), markov(sim=False), normalize_dict)',
    'eeghor/mta tests/conftest.py and tests/test_heuristic_models.py (the worked allocations)',
  ],
});
