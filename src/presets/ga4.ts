import { frozen, type Preset } from './preset.js';

/** Google Analytics 4: paid and organic last click over its BigQuery export, and the former rule-based models. */
export const GA4: Preset = frozen({
  name: 'ga4',
  peer: 'Google Analytics 4',
  input: {
    journeyColumn: 'user_pseudo_id',
    timestampColumn: 'event_timestamp',
    timestampFormat: 'epoch-us',
    channelColumn: 'source_medium',
    eventColumn: 'event_name',
    conversionEvents: ['purchase'],
    valueColumn: 'purchase_revenue',
    lookback: '90d',
  },
  transforms: [],
  attribute: {
    models: ['last_non_direct', 'first_touch', 'linear', 'position_based', 'time_decay'],
    lastNonDirect: { direct: ['(direct) / (none)', '(direct)', 'Direct'] },
    linear: { unique: false },
    positionBased: { first: 0.4, last: 0.4 },
    timeDecay: { halfLife: '7d', form: 'continuous' },
  },
  differences: [
    'Data-driven attribution (GA4\'s default) is Google\'s own model and cannot be reproduced; last_non_direct is its "paid and organic last click".',
    'First click, linear, position-based and time decay were removed from GA4 in November 2023; the preset keeps them to reproduce older reports.',
    '"Google paid channels last click" is not offered.',
    'Acquisition key events (first_open, first_visit) use a 30-day lookback there: add --lookback 30d for them.',
  ],
  sources: [
    'Google Analytics Help, attribution models (last click ignores direct traffic; position-based 40/20/40; time decay with a 7-day half-life: a click 8 days before the conversion gets half the credit of one 1 day before)',
    'GA4 key-event lookback windows: 30 days for acquisition key events, 90 days for the others (the default)',
    'GA4 BigQuery export schema (user_pseudo_id, event_timestamp in microseconds, event_name, ecommerce.purchase_revenue; source / medium flattened as source_medium)',
  ],
});
