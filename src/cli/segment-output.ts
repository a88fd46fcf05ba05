import type { SegmentedAttribution, SegmentResult } from '../segments/attribute-by-segment.js';
import { type OutputColumn, columnDecimals, formatNumber, renderTable } from './columns.js';
import { attributeSummary, diagnosticsDocument, readableTables } from './attribute-output.js';

/**
 * A segmented result as readable tables: the segments with their journeys and
 * conversions, each segment's conversions by channel and model (with
 * intervals, `▲` / `▼` mark a share above / below the all-segments share),
 * then the all-segments tables as `attribute` prints them.
 */
export function segmentTables(r: SegmentedAttribution): string {
  const S = r.segments;
  const rate = Float64Array.from(S, (s) => (s.journeys > 0 ? s.conversions / s.journeys : NaN));
  let text = renderTable(
    [
      { name: 'segment', strings: S.map((s) => s.label) },
      { name: 'paths', numbers: Float64Array.from(S, (s) => s.paths) },
      { name: 'journeys', numbers: Float64Array.from(S, (s) => s.journeys) },
      { name: 'conversions', numbers: Float64Array.from(S, (s) => s.conversions) },
      { name: 'value', numbers: Float64Array.from(S, (s) => s.value) },
      { name: 'conversion_rate', numbers: rate },
    ],
    `Segments (${r.columns.join(' x ')})`,
  );
  const marked = r.all.intervals !== undefined;
  for (const s of S) text += `\n${segmentBlock(r, s, marked)}`;
  if (marked) text += '\n▲ / ▼: the channel\'s share of the segment\'s conversions is above / below its share of all conversions (the interval of the difference excludes 0)\n';
  text += `\nAll segments\n${readableTables(r.all)}`;
  return text;
}

function segmentBlock(r: SegmentedAttribution, s: SegmentResult, marked: boolean): string {
  const rows: number[] = [];
  for (let c = 0; c < r.channels.length; c++) if (s.channelJourneys[c] > 0 || s.credits.some((cr) => cr.conversions[c] !== 0)) rows.push(c);
  const columns: OutputColumn[] = [{ name: 'channel', strings: [...rows.map((c) => r.channels[c]), '(total)'] }];
  s.credits.forEach((cr, m) => {
    const col = Float64Array.from([...rows.map((c) => cr.conversions[c]), cr.totalConversions]);
    const iv = s.intervals;
    if (!marked || !iv) {
      columns.push({ name: cr.model, numbers: col });
      return;
    }
    const lo = [...rows.map((c) => iv.models[m].conversionsLo[c]), iv.models[m].totalConversionsLo];
    const hi = [...rows.map((c) => iv.models[m].conversionsHi[c]), iv.models[m].totalConversionsHi];
    const d = columnDecimals(Float64Array.from([...col, ...lo, ...hi]));
    const verdict = iv.shares[m].verdict;
    columns.push({
      name: cr.model,
      alignRight: true,
      strings: Array.from(col, (x, i) => {
        const mark = i < rows.length ? (verdict[rows[i]] === 'higher' ? ' ▲' : verdict[rows[i]] === 'lower' ? ' ▼' : '  ') : '  ';
        return `${formatNumber(x, d)} [${formatNumber(lo[i], d)}, ${formatNumber(hi[i], d)}]${mark}`;
      }),
    });
  });
  return renderTable(columns, `Conversions credited, segment ${s.label}${marked ? ` (${Math.round(r.all.intervals!.level * 100)}% intervals)` : ''}`);
}

/** The closing summary on stderr: the segments, then the all-segments summary of `attribute`. */
export function segmentSummary(r: SegmentedAttribution): string {
  const without = r.segments.filter((s) => s.paths > 0 && !(s.conversions > 0)).length;
  const thin = r.flags.filter((f) => f.kind === 'few-conversions').length;
  const lines = [
    `segments by ${r.columns.join(' x ')}: ${r.segments.length}${without > 0 ? `, ${without} without conversions` : ''}; ${thin} (segment, channel) pairs with fewer conversions than the threshold behind them`,
  ];
  if (r.changedPaths > 0) lines.push(`  ${r.changedPaths.toLocaleString('en-US')} paths have touches in another segment than their closing row; each counts in its closing row's segment`);
  if (r.segmentState) {
    const m = r.segmentState.joint;
    lines.push(`markov with the segment in the state: ${m.stateCount} states, ${m.transitionCount} transitions${r.segmentState.touchLevel ? ' (each touch in its own row\'s segment)' : ''}`);
  }
  return `${lines.join('\n')}\n${attributeSummary(r.all)}`;
}

/** The diagnostics document of a segmented run: the segments with their flags, and the all-segments document. */
export function segmentDiagnosticsDocument(r: SegmentedAttribution): unknown {
  return {
    segmentColumns: r.columns,
    changedPaths: r.changedPaths,
    segments: r.segments.map((s) => ({ label: s.label, values: s.values, paths: s.paths, journeys: s.journeys, conversions: s.conversions, value: s.value })),
    flags: r.flags,
    all: diagnosticsDocument(r.all),
  };
}
