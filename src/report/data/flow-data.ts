import type { FlowView, JourneyFlows } from '../../index.js';
import type { FlowDiagram, FlowDiagramNode, FlowDiagramNodeKind, JourneyFlowSummary } from './types.js';

/** Channel nodes drawn per step; the smaller channels of the step are merged into one `(other n)` node. */
export const FLOW_DIAGRAM_CHANNELS = 8;

/** Segments given a diagram of their own (the largest by journeys). */
export const FLOW_DIAGRAM_SEGMENTS = 12;

/** Stalls listed under each diagram. */
const LISTED_STALLS = 5;

const END_LABELS: Readonly<Record<'conversion' | 'null' | 'continues', string>> = { conversion: 'converted', null: 'dropped off', continues: 'more steps' };

/**
 * The journey flow section's data: a diagram of all journeys and, with
 * segments, of the largest segments.
 *
 * @param flows - from `journeyFlows` (with `segments` for the selector).
 * @param reportIndex - report channel index of each store channel id.
 */
export function journeyFlowSummary(flows: JourneyFlows, reportIndex: Int32Array): JourneyFlowSummary {
  const all = flowDiagram(flows, 'All journeys', flows.steps, reportIndex);
  const segs = [...(flows.segments ?? [])].filter((s) => s.flows.totals.journeys > 0).sort((a, b) => b.flows.totals.journeys - a.flows.totals.journeys);
  const shown = segs.slice(0, FLOW_DIAGRAM_SEGMENTS);
  return {
    all,
    segments: shown.map((s) => flowDiagram(s.flows, s.label, flows.steps, reportIndex)),
    ...(flows.segmentColumns ? { segmentColumns: flows.segmentColumns } : {}),
    hiddenSegments: segs.length - shown.length,
    minStallJourneys: flows.options.minStallJourneys,
  };
}

/**
 * One flow diagram: per step the largest channels (the rest merged), the
 * journeys that convert or drop off after each step, and those going on past
 * the last step, with the links between them.
 */
export function flowDiagram(view: FlowView, label: string, steps: number, reportIndex: Int32Array): FlowDiagram {
  const nodes: FlowDiagramNode[] = [];
  const nodeOf = new Map<string, number>();
  const add = (key: string, node: FlowDiagramNode): number => {
    let id = nodeOf.get(key);
    if (id === undefined) {
      id = nodes.length;
      nodes.push(node);
      nodeOf.set(key, id);
    } else nodes[id] = { ...nodes[id], journeys: nodes[id].journeys + node.journeys };
    return id;
  };
  const channelNode = new Map<string, number>();
  // Columns in order: the step's channels (largest first, the rest merged), then the ends of the step before.
  for (let column = 0; column <= steps; column++) {
    if (column < steps) {
      const stepNodes = view.nodes.filter((n) => n.step === column + 1);
      const merge = stepNodes.length > FLOW_DIAGRAM_CHANNELS + 1;
      const kept = merge ? stepNodes.slice(0, FLOW_DIAGRAM_CHANNELS) : stepNodes;
      for (const n of kept) {
        channelNode.set(`${n.step}:${n.channelId}`, add(`c${column}:${n.channelId}`, { column, kind: 'channel', channel: reportIndex[n.channelId], label: n.channel, journeys: n.journeys, step: n.step }));
      }
      if (merge) {
        const rest = stepNodes.slice(FLOW_DIAGRAM_CHANNELS);
        const id = add(`o${column}`, { column, kind: 'other', channel: -1, label: `(other ${rest.length})`, journeys: 0, step: column + 1 });
        for (const n of rest) {
          nodes[id] = { ...nodes[id], journeys: nodes[id].journeys + n.journeys };
          channelNode.set(`${n.step}:${n.channelId}`, id);
        }
      }
    }
    if (column === 0) continue;
    for (const kind of ['conversion', 'null', 'continues'] as const) {
      const journeys = view.links.filter((l) => l.step === column && l.kind === kind).reduce((a, l) => a + l.journeys, 0);
      if (journeys > 0) add(`e${column}:${kind}`, { column, kind: kind as FlowDiagramNodeKind, channel: -1, label: END_LABELS[kind], journeys, step: column });
    }
  }
  const links = new Map<string, { source: number; target: number; journeys: number }>();
  for (const l of view.links) {
    if (l.kind === 'start' || l.step > steps) continue;
    const source = channelNode.get(`${l.step}:${l.fromId}`)!;
    const target = l.kind === 'step' ? channelNode.get(`${l.step + 1}:${l.toId}`)! : nodeOf.get(`e${l.step}:${l.kind}`)!;
    const key = `${source}:${target}`;
    const e = links.get(key);
    if (e) e.journeys += l.journeys;
    else links.set(key, { source, target, journeys: l.journeys });
  }
  return {
    label,
    steps,
    journeys: view.totals.journeys,
    conversions: view.totals.conversions,
    nodes,
    links: [...links.values()],
    stalls: view.stalls.slice(0, LISTED_STALLS).map((n) => ({ step: n.step, channel: n.channel, journeys: n.journeys, nulls: n.nulls, dropOffRate: n.dropOffRate })),
  };
}
