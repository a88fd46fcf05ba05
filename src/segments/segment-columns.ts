import { compensatedSum as sum } from '../core/compensated-sum.js';
import { flagText } from '../diagnostics/flag-text.js';
import type { ChannelCredits } from '../types.js';
import type { ModelIntervals, RemovalEffectIntervals } from '../uncertainty/intervals.js';
import type { SegmentedAttribution, SegmentResult } from './attribute-by-segment.js';
import { EMPTY_SEGMENT_LABEL } from './segmentation.js';

/** One column of the long output: strings (null for an empty cell) or numbers (NaN for an empty cell). */
export type LongColumn = { readonly name: string; readonly strings: readonly (string | null)[] } | { readonly name: string; readonly numbers: Float64Array };

// A row of the long output: a segment (or -1 for all segments) and a channel (or -1 for the totals row).
interface RowKey {
  readonly segment: number;
  readonly channel: number;
}

/**
 * The long output of a segmented run as columns: for each segment its channel
 * rows and a totals row, then the all-segments rows (`segment` null), each
 * with the columns of the unsegmented output:
 *
 * - `segment` (the label; null on the all-segments rows), and with several segment
 *   columns one `segment_<column>` per column with that column's value;
 * - `row_type` (`channel` or `total`), `channel` (null on totals rows);
 * - per model `<model>_conversions`, `<model>_value` (each followed by `_lo` and `_hi` with
 *   intervals); with intervals also `<model>_share` (the channel's share of the segment's
 *   conversions; on all-segments rows, of all conversions), `<model>_share_diff_lo` and
 *   `_hi` (interval of segment share minus all-segments share) and `<model>_vs_all`
 *   (`higher`, `lower` or `inconclusive`);
 * - with Markov, `markov_removal_effect` and `markov_value_removal_effect` (the segment's
 *   own chain; on totals rows their sums), with `_lo` and `_hi` under intervals;
 * - `journeys` and `conversions_behind` (on the segment's paths containing the channel;
 *   totals rows: the segment's journeys and conversions) and `flags`.
 *
 * A segment lists the channels that appear on its paths or get credit in it.
 * Numbers that do not apply are NaN.
 *
 * @example
 * ```ts
 * const cols = segmentColumns(attributeBySegment(store, { segments: { columns: ['device'] } }));
 * cols.map((c) => c.name); // ['segment', 'row_type', 'channel', 'first_touch_conversions', ...]
 * ```
 */
export function segmentColumns(r: SegmentedAttribution): LongColumn[] {
  const C = r.channels.length;
  const keys: RowKey[] = [];
  for (const s of r.segments) {
    for (let c = 0; c < C; c++) if (s.channelJourneys[c] > 0 || s.credits.some((cr) => cr.conversions[c] !== 0 || cr.value[c] !== 0)) keys.push({ segment: s.index, channel: c });
    keys.push({ segment: s.index, channel: -1 });
  }
  for (let c = 0; c < C; c++) keys.push({ segment: -1, channel: c });
  keys.push({ segment: -1, channel: -1 });
  const seg = (k: RowKey): SegmentResult | undefined => (k.segment >= 0 ? r.segments[k.segment] : undefined);
  const num = (name: string, f: (k: RowKey) => number): LongColumn => ({ name, numbers: Float64Array.from(keys, f) });
  const str = (name: string, f: (k: RowKey) => string | null): LongColumn => ({ name, strings: keys.map(f) });

  const columns: LongColumn[] = [str('segment', (k) => seg(k)?.label ?? null)];
  if (r.columns.length > 1) {
    r.columns.forEach((col, j) => columns.push(str(`segment_${col}`, (k) => (k.segment < 0 ? null : valueLabel(r.segments[k.segment].values[j])))));
  }
  columns.push(
    str('row_type', (k) => (k.channel < 0 ? 'total' : 'channel')),
    str('channel', (k) => (k.channel < 0 ? null : r.channels[k.channel])),
  );
  const hasIntervals = r.all.intervals !== undefined;
  r.models.forEach((model, m) => {
    const credits = (k: RowKey): ChannelCredits => seg(k)?.credits[m] ?? r.all.credits[m];
    const iv = (k: RowKey): ModelIntervals | undefined => (k.segment >= 0 ? r.segments[k.segment].intervals?.models[m] : r.all.intervals?.models[m]);
    const pick = (k: RowKey, field: 'conversions' | 'value'): number => {
      const c = credits(k);
      return k.channel < 0 ? (field === 'conversions' ? c.totalConversions : c.totalValue) : c[field][k.channel];
    };
    const bound = (k: RowKey, field: 'conversions' | 'value', end: 'Lo' | 'Hi'): number => {
      const x = iv(k);
      if (!x) return NaN;
      if (k.channel < 0) return field === 'conversions' ? x[`totalConversions${end}`] : x[`totalValue${end}`];
      return x[`${field}${end}`][k.channel];
    };
    for (const field of ['conversions', 'value'] as const) {
      columns.push(num(`${model}_${field}`, (k) => pick(k, field)));
      if (hasIntervals) columns.push(num(`${model}_${field}_lo`, (k) => bound(k, field, 'Lo')), num(`${model}_${field}_hi`, (k) => bound(k, field, 'Hi')));
    }
    if (hasIntervals) {
      const cmp = (k: RowKey) => (k.segment >= 0 && k.channel >= 0 ? r.segments[k.segment].intervals?.shares[m] : undefined);
      columns.push(
        num(`${model}_share`, (k) => {
          if (k.channel < 0) return NaN;
          const c = credits(k);
          return c.totalConversions > 0 ? c.conversions[k.channel] / c.totalConversions : 0;
        }),
        num(`${model}_share_diff_lo`, (k) => cmp(k)?.differenceLo[k.channel] ?? NaN),
        num(`${model}_share_diff_hi`, (k) => cmp(k)?.differenceHi[k.channel] ?? NaN),
        str(`${model}_vs_all`, (k) => cmp(k)?.verdict[k.channel] ?? null),
      );
    }
  });
  if (r.models.includes('markov')) {
    const effects = (k: RowKey, field: 'removalEffects' | 'valueRemovalEffects'): number => {
      const m = k.segment >= 0 ? r.segments[k.segment].markov : r.all.markov;
      if (!m) return NaN;
      return k.channel < 0 ? sum(m[field]) : m[field][k.channel];
    };
    const effectBound = (k: RowKey, field: 'removalEffects' | 'valueRemovalEffects', end: 'Lo' | 'Hi'): number => {
      const x: RemovalEffectIntervals | undefined = k.segment >= 0 ? r.segments[k.segment].intervals?.markov : r.all.intervals?.markov;
      if (!x) return NaN;
      if (k.channel < 0) return field === 'removalEffects' ? x[`sum${end}`] : x[`valueSum${end}`];
      return x[`${field}${end}`][k.channel];
    };
    for (const [name, field] of [
      ['markov_removal_effect', 'removalEffects'],
      ['markov_value_removal_effect', 'valueRemovalEffects'],
    ] as const) {
      columns.push(num(name, (k) => effects(k, field)));
      if (hasIntervals) columns.push(num(`${name}_lo`, (k) => effectBound(k, field, 'Lo')), num(`${name}_hi`, (k) => effectBound(k, field, 'Hi')));
    }
  }
  const d = r.all.diagnostics;
  columns.push(
    num('journeys', (k) => {
      const s = seg(k);
      if (s) return k.channel < 0 ? s.journeys : s.channelJourneys[k.channel];
      return k.channel < 0 ? d.totalJourneys : d.channelJourneys[k.channel];
    }),
    num('conversions_behind', (k) => {
      const s = seg(k);
      if (s) return k.channel < 0 ? s.conversions : s.channelConversions[k.channel];
      return k.channel < 0 ? d.totalConversions : d.channelConversions[k.channel];
    }),
    str('flags', (k) => {
      const s = seg(k);
      const name = k.channel < 0 ? undefined : r.channels[k.channel];
      if (s) return flagText(r.flags.filter((f) => f.segment === s.label && f.channel === name));
      return flagText(d.flags.filter((f) => f.channel === name));
    }),
  );
  return columns;
}

/**
 * {@link segmentColumns} as plain row objects (keys in column order; empty cells
 * as null), ready for a CSV or JSON writer or a dataframe.
 *
 * @example
 * ```ts
 * segmentFlatRows(result)[0]; // { segment: 'desktop', row_type: 'channel', channel: 'Email', first_touch_conversions: 4, ... }
 * ```
 */
export function segmentFlatRows(r: SegmentedAttribution): Record<string, string | number | null>[] {
  const columns = segmentColumns(r);
  const n = 'numbers' in columns[0] ? columns[0].numbers.length : columns[0].strings.length;
  const rows: Record<string, string | number | null>[] = [];
  for (let i = 0; i < n; i++) {
    rows.push(Object.fromEntries(columns.map((c) => [c.name, 'numbers' in c ? (Number.isNaN(c.numbers[i]) ? null : c.numbers[i]) : c.strings[i]])));
  }
  return rows;
}

function valueLabel(v: string): string {
  return v === '' ? EMPTY_SEGMENT_LABEL : v;
}
