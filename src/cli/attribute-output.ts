import type { Attribution } from '../attribute.js';
import type { MarkovSolverReport } from '../markov/index.js';
import type { DiagnosticFlag, Diagnostics } from '../diagnostics/diagnostics.js';
import { flagText } from '../diagnostics/flag-text.js';
import { type OutputColumn, columnDecimals, formatNumber, renderTable } from './columns.js';


/**
 * A result as the CLI prints it: an {@link Attribution}, or Markov from
 * transition counts alone (`--layout transitions`), which hold no paths and
 * so give no diagnostics.
 */
export type PrintedResult = Omit<Attribution, 'diagnostics'> & { readonly diagnostics?: Attribution['diagnostics'] };

/**
 * The result as output columns, one row per channel, then a totals row, then
 * one row per removed channel group (`row_type` `group`):
 *
 * - `row_type`, `channel`;
 * - per model `<model>_conversions` and `<model>_value`, each followed by `_lo` and `_hi` with `--intervals`;
 * - with Markov, `markov_removal_effect` and `markov_value_removal_effect` (and their `_lo`, `_hi`);
 *   on the totals row the sums of the removal effects (the normalisers of the credits); on a group
 *   row the group's removal effects;
 * - with groups, `markov_interaction` and `markov_value_interaction` (group rows only);
 * - `journeys` and `conversions_behind`: journeys and conversions on the paths containing the
 *   channel (on the totals row: all of them);
 * - `flags`: the channel's diagnostic flags, `kind` or `kind:model+model`, separated by `;`
 *   (on the totals row: the flags about no single channel).
 *
 * Cells that do not apply (a group's model credits) are NaN: empty in CSV, null in JSON.
 */
export function resultColumns(result: PrintedResult): OutputColumn[] {
  const { table, intervals, markov, groupRemoval, diagnostics } = result;
  const n = table.channels.length;
  const groups = groupRemoval?.groups ?? [];
  const rows = n + 1 + groups.length;
  const column = (values: ArrayLike<number>, total: number, groupValues?: (g: number) => number): Float64Array => {
    const col = new Float64Array(rows).fill(NaN);
    for (let i = 0; i < n; i++) col[i] = values[i];
    col[n] = total;
    if (groupValues) groups.forEach((_, g) => (col[n + 1 + g] = groupValues(g)));
    return col;
  };
  const columns: OutputColumn[] = [
    { name: 'row_type', strings: [...table.channels.map(() => 'channel'), 'total', ...groups.map(() => 'group')] },
    { name: 'channel', strings: [...table.channels, null, ...groups.map((g) => g.label)] },
  ];
  for (const c of table.credits) {
    const iv = intervals?.models.find((m) => m.model === c.model);
    columns.push({ name: `${c.model}_conversions`, numbers: column(c.conversions, c.totalConversions) });
    if (iv) {
      columns.push(
        { name: `${c.model}_conversions_lo`, numbers: column(iv.conversionsLo, iv.totalConversionsLo) },
        { name: `${c.model}_conversions_hi`, numbers: column(iv.conversionsHi, iv.totalConversionsHi) },
      );
    }
    columns.push({ name: `${c.model}_value`, numbers: column(c.value, c.totalValue) });
    if (iv) {
      columns.push(
        { name: `${c.model}_value_lo`, numbers: column(iv.valueLo, iv.totalValueLo) },
        { name: `${c.model}_value_hi`, numbers: column(iv.valueHi, iv.totalValueHi) },
      );
    }
  }
  if (markov) {
    const mi = intervals?.markov;
    columns.push({ name: 'markov_removal_effect', numbers: column(markov.removalEffects, sum(markov.removalEffects), (g) => groups[g].removalEffect) });
    if (mi) {
      columns.push(
        { name: 'markov_removal_effect_lo', numbers: column(mi.removalEffectsLo, mi.sumLo) },
        { name: 'markov_removal_effect_hi', numbers: column(mi.removalEffectsHi, mi.sumHi) },
      );
    }
    columns.push({ name: 'markov_value_removal_effect', numbers: column(markov.valueRemovalEffects, sum(markov.valueRemovalEffects), (g) => groups[g].valueRemovalEffect) });
    if (mi) {
      columns.push(
        { name: 'markov_value_removal_effect_lo', numbers: column(mi.valueRemovalEffectsLo, mi.valueSumLo) },
        { name: 'markov_value_removal_effect_hi', numbers: column(mi.valueRemovalEffectsHi, mi.valueSumHi) },
      );
    }
  } else if (groups.length > 0) {
    columns.push(
      { name: 'markov_removal_effect', numbers: column(new Float64Array(n).fill(NaN), NaN, (g) => groups[g].removalEffect) },
      { name: 'markov_value_removal_effect', numbers: column(new Float64Array(n).fill(NaN), NaN, (g) => groups[g].valueRemovalEffect) },
    );
  }
  if (groups.length > 0) {
    const none = new Float64Array(n).fill(NaN);
    columns.push(
      { name: 'markov_interaction', numbers: column(none, NaN, (g) => groups[g].interaction) },
      { name: 'markov_value_interaction', numbers: column(none, NaN, (g) => groups[g].valueInteraction) },
    );
  }
  if (diagnostics) {
    columns.push(
      { name: 'journeys', numbers: column(diagnostics.channelJourneys, diagnostics.totalJourneys) },
      { name: 'conversions_behind', numbers: column(diagnostics.channelConversions, diagnostics.totalConversions) },
      {
        name: 'flags',
        strings: [...table.channels.map((name) => flagText(diagnostics.flags.filter((f) => f.channel === name))), flagText(diagnostics.flags.filter((f) => f.channel === undefined)), ...groups.map(() => '')],
      },
    );
  }
  return columns;
}

/** Conversions and value as readable tables (channels by model), with intervals when computed, then groups and flags. */
export function readableTables(result: PrintedResult): string {
  const { table, intervals, markov, groupRemoval } = result;
  const n = table.channels.length;
  const block = (field: 'conversions' | 'value', totalField: 'totalConversions' | 'totalValue'): OutputColumn[] => [
    { name: 'channel', strings: [...table.channels, '(total)'] },
    ...table.credits.map((c): OutputColumn => {
      const col = new Float64Array(n + 1);
      col.set(c[field]);
      col[n] = c[totalField];
      const iv = intervals?.models.find((m) => m.model === c.model);
      if (!iv) return { name: c.model, numbers: col };
      const lo = new Float64Array(n + 1);
      const hi = new Float64Array(n + 1);
      lo.set(field === 'conversions' ? iv.conversionsLo : iv.valueLo);
      hi.set(field === 'conversions' ? iv.conversionsHi : iv.valueHi);
      lo[n] = field === 'conversions' ? iv.totalConversionsLo : iv.totalValueLo;
      hi[n] = field === 'conversions' ? iv.totalConversionsHi : iv.totalValueHi;
      return { name: c.model, strings: withInterval(col, lo, hi), alignRight: true };
    }),
  ];
  const level = intervals ? ` (${Math.round(intervals.level * 100)}% intervals)` : '';
  let text = renderTable(block('conversions', 'totalConversions'), `Conversions credited${level}`);
  text += `\n${renderTable(block('value', 'totalValue'), `Value credited${level}`)}`;
  if (markov) {
    const mi = intervals?.markov;
    text += `\n${renderTable(
      [
        { name: 'channel', strings: [...table.channels] },
        mi ? { name: 'removal_effect', strings: withInterval(markov.removalEffects, mi.removalEffectsLo, mi.removalEffectsHi), alignRight: true } : { name: 'removal_effect', numbers: markov.removalEffects },
        mi
          ? { name: 'value_removal_effect', strings: withInterval(markov.valueRemovalEffects, mi.valueRemovalEffectsLo, mi.valueRemovalEffectsHi), alignRight: true }
          : { name: 'value_removal_effect', numbers: markov.valueRemovalEffects },
      ],
      'Markov removal effects',
    )}`;
  }
  if (groupRemoval) {
    const g = groupRemoval.groups;
    text += `\n${renderTable(
      [
        { name: 'group', strings: g.map((x) => x.label) },
        { name: 'removal_effect', numbers: Float64Array.from(g, (x) => x.removalEffect) },
        { name: 'sum_of_channels', numbers: Float64Array.from(g, (x) => x.sumOfChannelEffects) },
        { name: 'interaction', numbers: Float64Array.from(g, (x) => x.interaction) },
        { name: 'value_removal_effect', numbers: Float64Array.from(g, (x) => x.valueRemovalEffect) },
        { name: 'value_interaction', numbers: Float64Array.from(g, (x) => x.valueInteraction) },
      ],
      `Markov removal effects of channel groups (order ${groupRemoval.order}; interaction < 0: substitutes, > 0: complements)`,
    )}`;
  }
  if (result.diagnostics) text += `\n${diagnosticsText(result.diagnostics, 40)}`;
  return text;
}

/** Cells "x [lo, hi]" with one precision per column. */
function withInterval(x: Float64Array, lo: Float64Array, hi: Float64Array): string[] {
  const all = new Float64Array(x.length * 3);
  all.set(x);
  all.set(lo, x.length);
  all.set(hi, 2 * x.length);
  const d = columnDecimals(all);
  return Array.from(x, (v, i) => `${formatNumber(v, d)} [${formatNumber(lo[i], d)}, ${formatNumber(hi[i], d)}]`);
}

/** The diagnostics as text: shares, residuals, then up to `maxFlags` flags. */
export function diagnosticsText(d: Diagnostics, maxFlags: number): string {
  const worst = d.conservation.reduce((m, r) => Math.max(m, r.conversions), 0);
  const lines = [
    'Diagnostics',
    `  conversions on one-touch paths: ${(d.oneTouchConversionShare * 100).toFixed(1)}% (single-channel paths: ${(d.singleChannelConversionShare * 100).toFixed(1)}%); all models agree on them`,
    `  conservation: largest |sum of credits - total conversions| over ${d.conservation.length} models = ${worst.toExponential(1)}`,
  ];
  if (d.markovStates) lines.push(`  markov: ${d.markovStates.rare} of ${d.markovStates.total} states visited by fewer than ${d.thresholds.minStateCount} journeys`);
  if (d.flags.length === 0) lines.push('  no flags');
  // Channel flags of one kind and model on one line; the others one per line.
  const grouped = new Map<string, DiagnosticFlag[]>();
  for (const f of d.flags) {
    const key = f.channel === undefined ? `${f.kind}\u0000${f.message}` : `${f.kind}\u0000${f.model ?? ''}`;
    grouped.set(key, [...(grouped.get(key) ?? []), f]);
  }
  const entries = [...grouped.values()];
  for (const group of entries.slice(0, maxFlags)) {
    const f = group[0];
    if (f.channel === undefined || group.length === 1) lines.push(`  [${f.kind}] ${f.message}`);
    else lines.push(`  [${f.kind}]${f.model ? ` ${f.model}` : ''}: ${group.length} channels: ${group.map((g) => `${g.channel} (${fmtValue(g)})`).join(', ')}`);
  }
  if (entries.length > maxFlags) lines.push(`  ... and ${entries.length - maxFlags} more (write every flag with --diagnostics file.json)`);
  return `${lines.join('\n')}\n`;
}

// The method and what it reports about its accuracy, e.g. "fundamental (312 hub states, residual 4.1e-13, removal effects within 1.0e-10)".
function solverText(s: MarkovSolverReport): string {
  const parts = [
    ...(s.hubStates !== undefined ? [`${s.hubStates} hub states`] : []),
    ...(s.affectedStates !== undefined ? [`${s.affectedStates} states re-solved per channel on average`] : []),
    `residual ${s.residual.toExponential(1)}`,
    ...(s.removalErrorBound !== undefined ? [`removal effects within ${s.removalErrorBound.toExponential(1)}`] : []),
  ];
  return `${s.method} (${parts.join(', ')})`;
}

/**
 * The closing summary on stderr after the input summary: Markov, order
 * selection, intervals and a count of flags by kind.
 */
export function attributeSummary(result: PrintedResult): string {
  const lines: string[] = [];
  const m = result.markov;
  if (m) {
    lines.push(
      `markov order ${m.order}: P(conversion) = ${m.conversionProbability.toPrecision(6)}, expected value = ${m.expectedValue.toPrecision(6)}, ${m.stateCount} states, ${m.transitionCount} transitions, solver ${solverText(m.solver)}`,
    );
    if (!m.nullsPresent) lines.push('  note: the input has no non-converting journeys, so the chain knows only converting paths');
  }
  const sel = result.orderSelection;
  if (sel) {
    lines.push(`order selection (${sel.rule}): chose order ${sel.chosen}; best held-out ${sel.bestHeldOut}, best BIC ${sel.bestBic}, ChannelAttribution's penalised AUC ${sel.bestPenalizedAuc ?? 'n/a'}`);
    lines.push('  order  states  parameters  log-likelihood  BIC  held-out/journey  AUC  penalised AUC');
    for (const o of sel.orders) {
      lines.push(
        `  ${o.order}  ${o.states}  ${o.parameters}  ${o.logLikelihood.toFixed(1)}  ${o.bic.toFixed(1)}  ${o.heldOutPerJourney.toFixed(5)}  ${o.auc.toFixed(4)}  ${o.penalizedAuc === null ? 'n/a' : o.penalizedAuc.toFixed(4)}`,
      );
    }
  }
  const iv = result.intervals;
  if (iv) {
    lines.push(
      `intervals: ${iv.replicates} Poisson bootstrap replicates over ${iv.units.toLocaleString('en-US')} distinct paths, ${Math.round(iv.level * 100)}% percentile intervals (type 7 quantiles), seed ${iv.seed}, ${iv.generator}`,
    );
  }
  // Touch weights: paths whose touches all weigh 0 keep their positional split; say how many.
  const zero = result.credits.flatMap((c) => {
    const tw = (c as { touchWeights?: { zeroWeightPaths: number } }).touchWeights;
    return tw && tw.zeroWeightPaths > 0 ? [`${c.model} ${tw.zeroWeightPaths.toLocaleString('en-US')}`] : [];
  });
  if (zero.length > 0) lines.push(`touch weights: converting paths whose credited touches all weigh 0 kept the model's positional split: ${zero.join(', ')}`);
  const d = result.diagnostics;
  if (d) {
    const counts = new Map<string, number>();
    for (const f of d.flags) counts.set(f.kind, (counts.get(f.kind) ?? 0) + 1);
    lines.push(
      `diagnostics: ${(d.oneTouchConversionShare * 100).toFixed(1)}% of conversions on one-touch paths; flags: ${counts.size === 0 ? 'none' : [...counts].map(([k, c]) => `${k} ${c}`).join(', ')}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Everything beyond the credits as plain JSON (typed arrays as arrays, per-channel values keyed by channel name in `channels` order). */
export function diagnosticsDocument(result: PrintedResult): unknown {
  return plainJson({
    channels: result.table.channels,
    models: result.table.models,
    diagnostics: result.diagnostics,
    ...(result.intervals ? { intervals: result.intervals } : {}),
    ...(result.orderSelection ? { orderSelection: result.orderSelection } : {}),
    ...(result.groupRemoval ? { groupRemoval: result.groupRemoval } : {}),
    ...(result.markov ? { markov: { order: result.markov.order, conversionProbability: result.markov.conversionProbability, expectedValue: result.markov.expectedValue, removalEffects: result.markov.removalEffects, valueRemovalEffects: result.markov.valueRemovalEffects } } : {}),
    touchWeights: Object.fromEntries(result.credits.filter((c) => 'touchWeights' in c).map((c) => [c.model, (c as unknown as { touchWeights: unknown }).touchWeights])),
    reports: Object.fromEntries(result.credits.filter((c) => 'report' in c).map((c) => [c.model, (c as unknown as { report: unknown }).report])),
  });
}

function fmtValue(f: DiagnosticFlag): string {
  if (f.value === undefined) return '';
  if (f.kind === 'wide-interval') return `width ${Number.isFinite(f.value) ? f.value.toFixed(2) : 'inf'} x credit`;
  return `${Number.isInteger(f.value) ? f.value : f.value.toPrecision(3)} conversions`;
}

function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

/** A value as plain JSON data: typed arrays as arrays, non-finite numbers as null. */
export function plainJson(x: unknown): unknown {
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) return Array.from(x as unknown as ArrayLike<number>, (v) => (Number.isFinite(v) ? v : null));
  if (Array.isArray(x)) return x.map(plainJson);
  if (x !== null && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, plainJson(v)]));
  return typeof x === 'number' && !Number.isFinite(x) ? null : x;
}
