import { frozen, type Preset } from './preset.js';

/** Adobe Analytics Attribution IQ: its rule-based models, time decay with a 7-day half-life. */
export const ADOBE: Preset = frozen({
  name: 'adobe',
  peer: 'Adobe Analytics (Attribution IQ)',
  input: {},
  transforms: [],
  attribute: {
    models: ['last_touch', 'first_touch', 'linear', 'position_based', 'time_decay'],
    linear: { unique: false },
    positionBased: { first: 0.4, last: 0.4 },
    timeDecay: { halfLife: '7d', form: 'continuous' },
  },
  differences: [
    'J-shaped (20% first, 60% last) and inverse J (60% first, 20% last) are position_based with --position J or inverse-J.',
    'Same Touch, Participation (full credit to every touch, not conserving), Custom and Algorithmic are not offered.',
    'Lookback windows are visits or the reporting window there; use --lookback for the custom window (up to 90 days in Adobe).',
  ],
  sources: [
    'Adobe Experience League, Analysis Workspace "Attribution models and lookback windows" (Last/First Touch, Linear, U-Shaped 40/20/40, J-Shaped 60 last/20 first, Inverse J, Time-Decay 2^(-t/halflife) with a 7-day default half-life, custom lookback up to 90 days)',
  ],
});
