import type { SegmentedAttribution } from '../../index.js';
import type { SegmentsSummary } from './types.js';

/**
 * The segments section's data: each segment's size, and per model each
 * segment's share of conversions by channel (in report channel order) against
 * the all-segments shares, with the interval verdicts when there are any.
 *
 * @param order - store channel ids in report order.
 */
export function segmentsSummary(r: SegmentedAttribution, order: readonly number[]): SegmentsSummary {
  const share = (conversions: Float64Array, total: number) => order.map((id) => (total > 0 ? conversions[id] / total : 0));
  const level = r.all.intervals?.level;
  return {
    columns: r.columns,
    segments: r.segments.map((s) => ({ label: s.label, journeys: s.journeys, conversions: s.conversions, value: s.value })),
    // Markov first when it ran (the model most readers compare segments by), then the run order.
    models: modelOrder(r.models).map((m) => {
      const model = r.models[m];
      const verdicts = r.segments.every((s) => s.intervals) ? r.segments.map((s) => order.map((id) => s.intervals!.shares[m].verdict[id])) : undefined;
      return {
        model,
        shares: r.segments.map((s) => share(s.credits[m].conversions, s.credits[m].totalConversions)),
        allShares: share(r.all.credits[m].conversions, r.all.credits[m].totalConversions),
        ...(verdicts ? { verdicts } : {}),
      };
    }),
    ...(level !== undefined ? { level } : {}),
  };
}

function modelOrder(models: readonly string[]): number[] {
  const ids = models.map((_, i) => i);
  const m = models.indexOf('markov');
  return m < 0 ? ids : [m, ...ids.filter((i) => i !== m)];
}
