import { FRACTRIBUTION } from './fractribution.js';
import { frozen, type Preset } from './preset.js';

/** Snowplow's dbt fractribution package: fractribution's conventions over its derived tables. */
export const SNOWPLOW: Preset = frozen({
  name: 'snowplow',
  peer: 'Snowplow dbt-snowplow-fractribution',
  input: {
    pathColumn: 'transformed_path',
    conversionsColumn: 'conversions',
    nullsColumn: 'non_conversions',
    valueColumn: 'revenue',
    separator: ' > ',
    journeyColumn: 'customer_id',
    timestampColumn: 'tstamp',
    channelColumn: 'channel',
    eventColumn: 'event',
    conversionEvents: ['conversion'],
    lookback: '30d',
  },
  // The package runs Google's model code on its own tables: the same transforms and models.
  transforms: FRACTRIBUTION.transforms,
  attribute: FRACTRIBUTION.attribute,
  differences: [
    'As for fractribution: overlapping lookback paths per conversion, "Unmatched_Channel" for conversions without a session, no spend or ROAS.',
    'consider_intrasession_channels, channels_to_exclude and channels_to_include act upstream, in the dbt models; build the input accordingly.',
    'Touchpoints come from two derived tables (sessions and conversions by customer id); docs/presets.md gives the query that unions them into the columns this preset reads.',
  ],
  sources: [
    'snowplow/dbt-snowplow-fractribution dbt_project.yml (snowplow__path_transforms {exposure_path: null}, snowplow__path_lookback_days 30, snowplow__path_lookback_steps 0, attribution model shapley)',
    'snowplow/dbt-snowplow-fractribution models/schema.yml (snowplow_fractribution_path_summary: transformed_path, conversions, non_conversions, revenue; sessions and conversions by customer_id)',
    'snowplow/dbt-snowplow-fractribution integration_tests (path transformation unit tests and the expected channel attribution)',
  ],
});
