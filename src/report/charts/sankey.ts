import { truncateLabel } from '../axis.js';
import type { FlowDiagram, FlowDiagramNode, ReportChannel } from '../data/types.js';
import { formatCompact, formatCount, formatPercent, px } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { NEUTRAL, OTHER_CHANNEL_COLOR } from '../palette.js';
import { svgFrame } from '../svg.js';

/** Layout of {@link flowSankey}, in user units. */
export const SANKEY_LAYOUT = { width: 720, height: 380, top: 24, bottom: 6, left: 4, right: 128, bar: 12, gap: 6, minLabelHeight: 9 } as const;

/**
 * Colours of the ends, the report's neutrals (as in the path-length histogram:
 * converting dark, not converting light), so no end can be mistaken for a channel.
 */
export const FLOW_END_COLORS = { conversion: NEUTRAL.converting, null: NEUTRAL.nonConverting, continues: '#ECECEC' } as const;

const L = SANKEY_LAYOUT;

interface Placed {
  readonly x: number;
  readonly y: number;
  readonly h: number;
}

/**
 * A Sankey-style diagram of the first steps of journeys: one column per step
 * with a bar per channel (height = journeys reaching it), bands to the channel
 * of the next step, and the journeys that convert (green) or drop off (grey)
 * after each step branching into end bars in the next column; the last column
 * also shows the journeys going on past the last step. Every bar and band has a
 * tooltip with its journeys; bars tall enough are labelled.
 *
 * @example
 * ```ts
 * flowSankey('flow-all', reportData(result, { store }).flows!.all, data.channels);
 * ```
 */
export function flowSankey(id: string, d: FlowDiagram, channels: readonly ReportChannel[]): SafeHtml {
  const columns = d.steps + 1;
  const colX = (c: number) => L.left + (c * (L.width - L.left - L.right - L.bar)) / Math.max(1, columns - 1);
  const avail = L.height - L.top - L.bottom;
  const byColumn: number[][] = Array.from({ length: columns }, () => []);
  d.nodes.forEach((n, i) => byColumn[n.column].push(i));
  let ky = Infinity;
  for (const ids of byColumn) {
    const total = ids.reduce((a, i) => a + d.nodes[i].journeys, 0);
    if (total > 0) ky = Math.min(ky, (avail - (ids.length - 1) * L.gap) / total);
  }
  if (!Number.isFinite(ky)) ky = 0;
  const placed: Placed[] = new Array(d.nodes.length);
  byColumn.forEach((ids, c) => {
    let y = L.top;
    for (const i of ids) {
      const h = d.nodes[i].journeys * ky;
      placed[i] = { x: colX(c), y, h };
      y += h + L.gap;
    }
  });
  const color = (n: FlowDiagramNode) =>
    n.kind === 'channel' ? channels[n.channel].color : n.kind === 'other' ? OTHER_CHANNEL_COLOR : FLOW_END_COLORS[n.kind as 'conversion' | 'null' | 'continues'];
  // Bands leave a bar in the order of their targets and enter one in the order of their sources, so they do not cross at the bars.
  const sourceY = stack(d, placed, ky, 'source', 'target');
  const targetY = stack(d, placed, ky, 'target', 'source');
  const nodeName = (n: FlowDiagramNode) => (n.kind === 'channel' || n.kind === 'other' ? `step ${n.step} ${n.label}` : `${n.label} after step ${n.step}`);
  const bands = d.links.map((l, i) => {
    const s = d.nodes[l.source];
    const t = d.nodes[l.target];
    const x0 = placed[l.source].x + L.bar;
    const x1 = placed[l.target].x;
    const xm = (x0 + x1) / 2;
    const h = l.journeys * ky;
    const y0 = sourceY[i];
    const y1 = targetY[i];
    const fill = t.kind === 'conversion' || t.kind === 'null' || t.kind === 'continues' ? color(t) : color(s);
    const tip = `${nodeName(s)} → ${nodeName(t)}: ${formatCount(l.journeys)} journeys (${formatPercent(s.journeys > 0 ? l.journeys / s.journeys : 0)} of ${s.label} at step ${s.step})`;
    return html`<path class="flow-link" data-kind="${t.kind}" d="M${px(x0)} ${px(y0)}C${px(xm)} ${px(y0)} ${px(xm)} ${px(y1)} ${px(x1)} ${px(y1)}L${px(x1)} ${px(y1 + h)}C${px(xm)} ${px(y1 + h)} ${px(xm)} ${px(y0 + h)} ${px(x0)} ${px(y0 + h)}Z" fill="${fill}" data-journeys="${l.journeys}"><title>${tip}</title></path>`;
  });
  const bars = d.nodes.map((n, i) => {
    const p = placed[i];
    const share = d.journeys > 0 ? n.journeys / d.journeys : 0;
    const tip = `${nodeName(n)}: ${formatCount(n.journeys)} journeys (${formatPercent(share)} of all)`;
    const label =
      p.h >= L.minLabelHeight
        ? html`<text class="flow-label" x="${px(p.x + L.bar + 4)}" y="${px(p.y + p.h / 2)}" dy="0.32em">${truncateLabel(n.label, 18)} <tspan class="flow-count">${Number.isInteger(n.journeys) && n.journeys < 1e4 ? formatCount(n.journeys) : formatCompact(n.journeys)}</tspan></text>`
        : null;
    return html`<g class="flow-node" data-kind="${n.kind}" data-step="${n.step}"><rect x="${px(p.x)}" y="${px(p.y)}" width="${L.bar}" height="${px(Math.max(0.5, p.h))}" fill="${color(n)}" data-journeys="${n.journeys}"><title>${tip}</title></rect>${label}</g>`;
  });
  const heads = Array.from({ length: columns }, (_, c) => html`<text class="tick" x="${px(colX(c))}" y="14">${c < d.steps ? `step ${c + 1}` : `after step ${d.steps}`}</text>`);
  return svgFrame(
    { id, width: L.width, height: L.height, title: `Journey flows of ${d.label}: the first ${d.steps} steps, with the journeys converting or dropping off after each step` },
    [heads, bands, bars],
  );
}

// Where each band meets the bars at its `end`: the bands of a bar are stacked from its top in the
// vertical order of their `other` ends.
function stack(d: FlowDiagram, placed: readonly Placed[], ky: number, end: 'source' | 'target', other: 'source' | 'target'): Float64Array {
  const used = new Float64Array(d.nodes.length);
  const y = new Float64Array(d.links.length);
  const order = d.links.map((_, i) => i).sort((a, b) => d.links[a][end] - d.links[b][end] || placed[d.links[a][other]].y - placed[d.links[b][other]].y);
  for (const i of order) {
    const l = d.links[i];
    y[i] = placed[l[end]].y + used[l[end]];
    used[l[end]] += l.journeys * ky;
  }
  return y;
}
