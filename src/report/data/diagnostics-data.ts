import type { BootstrapIntervals, ChannelCredits, Diagnostics as AttributionDiagnostics, MarkovResult, PathStore } from '../../index.js';
import { counted, formatCredit } from '../format.js';
import type { DiagnosticCheck, DiagnosticFlag, Diagnostics } from './types.js';

/** Relative gap between credits and totals, or residual, below which a check reads "ok". */
const TOLERANCE = 1e-9;

/**
 * The checks and flags the report can state from a run: credits adding up to
 * their totals in every model, and, when Markov ran, the solver residual and
 * the flow-conservation error; flags for skipped rows, unattributed
 * conversions and a chain without non-converting journeys; and, from the
 * attribution's own diagnostics, every flag about thin data, wide intervals,
 * rare Markov states or degenerate replicates.
 */
export function diagnostics(
  store: PathStore,
  credits: readonly ChannelCredits[],
  markov: MarkovResult | undefined,
  attributionDiagnostics?: AttributionDiagnostics,
  intervals?: BootstrapIntervals,
): Diagnostics {
  const checks: DiagnosticCheck[] = [conservationCheck(credits)];
  const flags: DiagnosticFlag[] = [];
  if (intervals) {
    checks.push({
      label: 'Bootstrap intervals',
      value: `${intervals.replicates} replicates`,
      status: 'ok',
      note: `${formatLevel(intervals.level)} intervals from a Poisson bootstrap over ${counted(intervals.units, 'distinct path')} (seed ${intervals.seed}, ${intervals.generator}), ends at type-7 quantiles of the replicates.`,
    });
  }
  if (markov) {
    const s = markov.solver;
    checks.push({
      label: 'Markov solver residual',
      value: s.residual.toExponential(1),
      status: s.residual <= 1e-8 ? 'ok' : 'warning',
      note: `max ‖(I − Q)x − b‖∞ over ${s.checkedSolves} of ${s.solves} linear solves (${s.method}${s.method === 'iterative' ? `, ${s.iterations} sweeps` : ''}); rounding-size means the removal effects are exact.`,
    });
    checks.push({
      label: 'Markov flow conservation',
      value: markov.flowConservationError.toExponential(1),
      status: markov.flowConservationError <= TOLERANCE ? 'ok' : 'warning',
      note: '|P(conversion) − conversions / (conversions + non-converting journeys)|; rounding-size when the chain reproduces the data.',
    });
    if (!markov.nullsPresent) {
      flags.push({
        level: 'warning',
        model: 'markov',
        message: 'The input has no non-converting journeys, so the chain knows only converting paths (P(conversion) = 1) and removal effects measure path coverage, not lift.',
      });
    }
  }
  if (store.skipped && store.skipped.count > 0) {
    flags.push({ level: 'warning', message: `${counted(store.skipped.count, 'input row')} skipped as invalid (see the data summary for examples).` });
  }
  if (store.unattributed) {
    const u = store.unattributed;
    flags.push({
      level: 'info',
      message: `${counted(u.conversions, 'conversion')} (value ${formatCredit(u.value)}) in ${counted(u.events, 'event')} with no touch to credit, left out of every model.`,
    });
  }
  for (const f of attributionDiagnostics?.flags ?? []) {
    // The report states these two itself, as a check and as a Markov flag.
    if (f.kind === 'conservation' || f.kind === 'no-nulls') continue;
    flags.push({
      level: 'warning',
      message: f.message,
      ...(f.model !== undefined ? { model: f.model } : {}),
      ...(f.channel !== undefined ? { channel: f.channel } : {}),
    });
  }
  return { checks, flags };
}

function conservationCheck(credits: readonly ChannelCredits[]): DiagnosticCheck {
  let worst = 0;
  let worstModel = credits[0]?.model ?? '';
  for (const c of credits) {
    for (const [parts, total] of [
      [c.conversions, c.totalConversions],
      [c.value, c.totalValue],
    ] as const) {
      let sum = 0;
      for (const x of parts) sum += x;
      const gap = Math.abs(sum - total) / Math.max(1, Math.abs(total));
      if (gap > worst) {
        worst = gap;
        worstModel = c.model;
      }
    }
  }
  return {
    label: 'Credits add up to the totals',
    value: worst.toExponential(1),
    status: worst <= TOLERANCE ? 'ok' : 'warning',
    note: `largest relative gap between a model's channel credits and its total conversions or value${worst > 0 ? ` (${worstModel})` : ''}; every model must distribute exactly what was observed.`,
  };
}

function formatLevel(level: number): string {
  return `${Number((level * 100).toFixed(4))}%`;
}
