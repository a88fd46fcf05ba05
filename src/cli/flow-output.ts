import { joinPath } from '../flows/flow-columns.js';
import type { FlowNode, FlowPath, FlowView, JourneyFlows } from '../flows/journey-flows.js';
import { renderTable } from './columns.js';

const HOUR = 3_600_000;
/** Links listed per view in the readable output (the long formats hold all of them). */
const LISTED_LINKS = 25;

/**
 * The journey map as readable tables: every group (all journeys, then each
 * segment) with its nodes by step, the largest links, the top paths, where
 * journeys stall and the median times.
 */
export function flowTables(f: JourneyFlows): string {
  let text = viewTables('All journeys', f, f);
  for (const s of f.segments ?? []) text += `\n${viewTables(`Segment ${s.label}`, s.flows, f)}`;
  return text;
}

/** The closing summary on stderr. */
export function flowSummary(f: JourneyFlows): string {
  const t = f.totals;
  const parts = [
    `flows over ${f.steps} steps: ${fmt(t.journeys)} journeys, ${fmt(t.conversions)} conversions, ${f.nodes.length} nodes, ${f.links.length} links`,
    f.hasTimes ? `median time from first touch to conversion ${hours(f.medianTimeToConversion)}` : 'no timestamps: no times',
  ];
  if (f.segments) parts.push(`${f.segments.length} segments by ${f.segmentColumns!.join(' x ')}`);
  return `${parts.join('; ')}\n`;
}

function viewTables(title: string, v: FlowView, f: JourneyFlows): string {
  const t = v.totals;
  let text = `${title}: ${fmt(t.journeys)} journeys, ${fmt(t.conversions)} conversions (rate ${t.journeys > 0 ? ((100 * t.conversions) / t.journeys).toFixed(1) : '0.0'}%), ${fmt(t.nulls)} without conversion\n\n`;
  text += renderTable(nodeTable(v.nodes, f.hasTimes), `Nodes by step (journeys reaching each (step, channel), what they do there)`);
  const links = [...v.links].sort((a, b) => b.journeys - a.journeys).slice(0, LISTED_LINKS);
  text += `\n${renderTable(
    [
      { name: 'step', numbers: Float64Array.from(links, (l) => l.step) },
      { name: 'from', strings: links.map((l) => l.from ?? '(start)') },
      { name: 'to', strings: links.map((l) => l.to ?? `(${l.kind})`) },
      { name: 'journeys', numbers: Float64Array.from(links, (l) => l.journeys) },
      { name: 'share', strings: links.map((l) => pct(l.share)) },
      ...(f.hasTimes ? [{ name: 'median_time', strings: links.map((l) => hours(l.medianTime)) }] : []),
    ],
    `Largest links (${Math.min(LISTED_LINKS, v.links.length)} of ${v.links.length}; --table links writes all)`,
  )}`;
  text += `\n${renderTable(pathTable(v.topPathsByJourneys), 'Top paths by journeys')}`;
  text += `\n${renderTable(pathTable(v.topPathsByConversions), 'Top paths by conversions')}`;
  text += `\n${
    v.stalls.length > 0
      ? renderTable(nodeTable(v.stalls, false), `Where journeys stall (nodes with at least ${fmt(f.options.minStallJourneys)} journeys, largest drop-off rate first)`)
      : `Where journeys stall: no node has ${fmt(f.options.minStallJourneys)} journeys and drop-offs\n`
  }`;
  if (f.hasTimes) {
    const steps = Array.from(v.medianTimeBetweenSteps, (m, i) => `${i + 1}->${i + 2} ${hours(m)}`).join(', ');
    text += `\nMedian time between steps: ${steps}; first touch to conversion: ${hours(v.medianTimeToConversion)}\n`;
  }
  return text;
}

function nodeTable(nodes: readonly FlowNode[], withTimes: boolean) {
  return [
    { name: 'step', numbers: Float64Array.from(nodes, (n) => n.step) },
    { name: 'channel', strings: nodes.map((n) => n.channel) },
    { name: 'journeys', numbers: Float64Array.from(nodes, (n) => n.journeys) },
    { name: 'converted', numbers: Float64Array.from(nodes, (n) => n.conversions) },
    { name: 'dropped', numbers: Float64Array.from(nodes, (n) => n.nulls) },
    { name: 'moving_on', numbers: Float64Array.from(nodes, (n) => n.continuing) },
    { name: 'drop_off', strings: nodes.map((n) => pct(n.dropOffRate)) },
    ...(withTimes
      ? [
          { name: 'to_next', strings: nodes.map((n) => hours(n.medianTimeToNext)) },
          { name: 'to_conversion', strings: nodes.map((n) => hours(n.medianTimeToConversion)) },
        ]
      : []),
  ];
}

function pathTable(paths: readonly FlowPath[]) {
  return [
    { name: 'path', strings: paths.map((p) => joinPath(p.channels)) },
    { name: 'journeys', numbers: Float64Array.from(paths, (p) => p.journeys) },
    { name: 'conversions', numbers: Float64Array.from(paths, (p) => p.conversions) },
    { name: 'rate', strings: paths.map((p) => pct(p.conversionRate)) },
    { name: 'value', numbers: Float64Array.from(paths, (p) => p.value) },
  ];
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

/** A duration in ms as hours (or days past 48 h); empty when unknown. */
function hours(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  const h = ms / HOUR;
  return Math.abs(h) >= 48 ? `${(h / 24).toFixed(1)} d` : `${h.toFixed(1)} h`;
}

function fmt(x: number): string {
  return x.toLocaleString('en-US', { maximumFractionDigits: 2 });
}
