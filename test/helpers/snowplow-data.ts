/** A path row as `fromPathRows` reads it. */
export interface PathRow {
  path: string;
  conversions?: number;
  value?: number;
  nulls?: number;
}

/**
 * Snowplow's dbt-snowplow-fractribution integration test, path summary after the exposure
 * transform (integration_tests/data/expected/snowplow_fractribution_path_summary_with_channels_expected.csv).
 */
export const SNOWPLOW_PATH_SUMMARY: readonly PathRow[] = [
  { path: 'Direct', conversions: 3, nulls: 25, value: 94.42 },
  { path: 'Organic_Search', conversions: 1, nulls: 26, value: 66.5 },
  { path: 'Referral > Direct', conversions: 0, nulls: 1 },
  { path: 'Video', conversions: 1, nulls: 2, value: 200 },
  { path: 'Organic_Search > Paid_Search_Other', conversions: 0, nulls: 2 },
  { path: 'Referral', conversions: 0, nulls: 2 },
  { path: 'Organic_Search > Direct', conversions: 1, nulls: 1, value: 140 },
  { path: 'Paid_Search_Other', conversions: 0, nulls: 1 },
  { path: 'Unmatched_Channel', conversions: 0, nulls: 1 },
];
