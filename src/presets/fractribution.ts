import { frozen, type Preset } from './preset.js';

/** Google fractribution: the exposure transform and its leave-one-out "shapley" model. */
export const FRACTRIBUTION: Preset = frozen({
  name: 'fractribution',
  peer: 'Google fractribution',
  input: { pathColumn: 'transformedPath', conversionsColumn: 'conversions', nullsColumn: 'nonConversions', valueColumn: 'revenue', separator: ' > ', lookback: '30d' },
  transforms: [{ kind: 'exposure' }],
  attribute: {
    models: ['leave_one_out', 'first_touch', 'last_touch', 'position_based', 'linear'],
    leaveOneOut: { negative: 'clamp' },
    positionBased: { first: 0.4, last: 0.4 },
    linear: { unique: false },
  },
  differences: [
    'Every conversion there takes all of the customer\'s sessions within path_lookback_days, so a repeat buyer\'s paths overlap; pathcredit cuts a journey after each conversion.',
    'A conversion with no marketing session is credited to "Unmatched_Channel"; pathcredit keeps it out of the models and counts it as unattributed.',
    'After the frequency transform the report folds B(2) back into B (by cutting names at the first "("); pathcredit keeps the renamed channels.',
    'Spend and ROAS (the report table) are not computed.',
  ],
  sources: [
    'google/fractribution py/README.md (path_transform default exposure, path_lookback_days recommended 30, attribution_model default shapley)',
    'google/fractribution py/templates/path_transforms.sql (the transforms) and py/templates/path_summary.sql (transformedPath, conversions, nonConversions, revenue)',
    'google/fractribution py/fractribution.py (run_shapley_attribution: max(0, marginal), last touch when all are 0; position_based 0.4/0.2/0.4; linear per touch)',
  ],
});
