import type { LongColumn } from '../segments/segment-columns.js';
import { FLOW_CONTINUES, FLOW_CONVERSION, FLOW_NULL, FLOW_START, type FlowNode, type FlowView, type JourneyFlows } from './journey-flows.js';

/** The tables of {@link flowColumns}. */
export type FlowTable = 'links' | 'nodes' | 'paths' | 'stalls';

/** Names of the tables of {@link flowColumns}. */
export const FLOW_TABLES: readonly FlowTable[] = ['links', 'nodes', 'paths', 'stalls'];

const HOUR = 3_600_000;

/**
 * One table of the journey map as columns (long format), with a leading
 * `segment` column when the flows were computed per segment (the segments'
 * rows first, then all journeys with `segment` null):
 *
 * - `links`: `step` (of the `from` node, 0 for `(start)`), `from`, `to` (a channel, or
 *   `(conversion)`, `(null)`, `(continues)`), `kind` (`start`, `step`, `conversion`, `null`,
 *   `continues`, so a channel named like an end is never mistaken for one), `journeys`,
 *   `conversions`, `value`, `share` (of the `from` node's journeys) and `median_hours`;
 * - `nodes`: `step`, `channel`, `journeys`, `conversions`, `value`, `nulls`, `continuing`,
 *   `eventual_conversions`, `drop_off_rate`, `median_hours_to_next`, `median_hours_to_conversion`;
 * - `paths`: `ranking` (`journeys` or `conversions`), `rank`, `path` (names joined by `" > "`,
 *   escaped as the path reader reads them back), `touches`, `journeys`, `conversions`, `nulls`,
 *   `value`, `conversion_rate`;
 * - `stalls`: `rank` and the `nodes` columns.
 *
 * Times are hours (NaN, an empty cell, without timestamps).
 *
 * @example
 * ```ts
 * flowColumns(journeyFlows(store), 'links').map((c) => c.name); // ['step', 'from', 'to', 'kind', 'journeys', ...]
 * ```
 */
export function flowColumns(f: JourneyFlows, table: FlowTable): LongColumn[] {
  const views: { segment: string | null; view: FlowView }[] = [...(f.segments ?? []).map((s) => ({ segment: s.label, view: s.flows })), { segment: null, view: f }];
  const parts = views.map(({ segment, view }) => ({ segment, columns: viewColumns(view, table) }));
  const names = parts[0].columns.map((c) => c.name);
  const out: LongColumn[] = [];
  if (f.segments) {
    out.push({ name: 'segment', strings: parts.flatMap((p) => new Array<string | null>(rows(p.columns)).fill(p.segment)) });
  }
  names.forEach((name, j) => {
    const first = parts[0].columns[j];
    if ('numbers' in first) {
      const all = parts.map((p) => (p.columns[j] as { numbers: Float64Array }).numbers);
      const joined = new Float64Array(all.reduce((a, x) => a + x.length, 0));
      let at = 0;
      for (const x of all) {
        joined.set(x, at);
        at += x.length;
      }
      out.push({ name, numbers: joined });
    } else out.push({ name, strings: parts.flatMap((p) => (p.columns[j] as { strings: readonly (string | null)[] }).strings) });
  });
  return out;
}

function rows(columns: readonly LongColumn[]): number {
  const c = columns[0];
  return 'numbers' in c ? c.numbers.length : c.strings.length;
}

function viewColumns(v: FlowView, table: FlowTable): LongColumn[] {
  const num = <T>(name: string, items: readonly T[], f: (x: T) => number): LongColumn => ({ name, numbers: Float64Array.from(items, f) });
  const str = <T>(name: string, items: readonly T[], f: (x: T) => string | null): LongColumn => ({ name, strings: items.map(f) });
  switch (table) {
    case 'links': {
      const l = v.links;
      return [
        num('step', l, (x) => x.step),
        str('from', l, (x) => x.from ?? FLOW_START),
        str('to', l, (x) => x.to ?? (x.kind === 'conversion' ? FLOW_CONVERSION : x.kind === 'null' ? FLOW_NULL : FLOW_CONTINUES)),
        str('kind', l, (x) => x.kind),
        num('journeys', l, (x) => x.journeys),
        num('conversions', l, (x) => x.conversions),
        num('value', l, (x) => x.value),
        num('share', l, (x) => x.share),
        num('median_hours', l, (x) => x.medianTime / HOUR),
      ];
    }
    case 'nodes':
      return nodeColumns(v.nodes);
    case 'stalls':
      return [{ name: 'rank', numbers: Float64Array.from(v.stalls, (_, k) => k + 1) }, ...nodeColumns(v.stalls)];
    case 'paths': {
      const ranked = [...v.topPathsByJourneys.map((p, i) => ({ p, ranking: 'journeys', rank: i + 1 })), ...v.topPathsByConversions.map((p, i) => ({ p, ranking: 'conversions', rank: i + 1 }))];
      return [
        str('ranking', ranked, (x) => x.ranking),
        num('rank', ranked, (x) => x.rank),
        str('path', ranked, (x) => joinPath(x.p.channels)),
        num('touches', ranked, (x) => x.p.channels.length),
        num('journeys', ranked, (x) => x.p.journeys),
        num('conversions', ranked, (x) => x.p.conversions),
        num('nulls', ranked, (x) => x.p.nulls),
        num('value', ranked, (x) => x.p.value),
        num('conversion_rate', ranked, (x) => x.p.conversionRate),
      ];
    }
  }
}

function nodeColumns(nodes: readonly FlowNode[]): LongColumn[] {
  const num = (name: string, f: (x: FlowNode) => number): LongColumn => ({ name, numbers: Float64Array.from(nodes, f) });
  return [
    num('step', (x) => x.step),
    { name: 'channel', strings: nodes.map((x) => x.channel) },
    num('journeys', (x) => x.journeys),
    num('conversions', (x) => x.conversions),
    num('value', (x) => x.value),
    num('nulls', (x) => x.nulls),
    num('continuing', (x) => x.continuing),
    num('eventual_conversions', (x) => x.eventualConversions),
    num('drop_off_rate', (x) => x.dropOffRate),
    num('median_hours_to_next', (x) => x.medianTimeToNext / HOUR),
    num('median_hours_to_conversion', (x) => x.medianTimeToConversion / HOUR),
  ];
}

/**
 * Channel names joined by `" > "` with the path reader's escaping (a backslash
 * doubled, a `" > "` inside a name preceded by a backslash), so the text reads
 * back to the same names.
 *
 * @example
 * ```ts
 * joinPath(['a > b', 'c']); // 'a\\ > b > c'
 * ```
 */
export function joinPath(channels: readonly string[]): string {
  return channels.map((c) => c.replace(/\\/g, '\\\\').replace(/ > /g, '\\ > ')).join(' > ');
}
