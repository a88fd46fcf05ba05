import { PathCreditError } from '../errors.js';
import { markovFromCounts } from '../markov/markov.js';
import { resolveMarkovOptions } from '../markov/options.js';
import { encodePathEdges, recountTransitions } from '../markov/path-edges.js';
import { TransitionCounter } from '../markov/transition-counter.js';
import { type ModelName, type ModelSettings, runChannelModel } from '../model-set.js';
import { evaluateLeaveOneOut, leaveOneOutScratch } from '../models/leave-one-out.js';
import { sequenceTable } from '../models/sequence-table.js';
import { evaluateShapleyRate, planShapleyRate, resolveShapleyRateOptions } from '../models/shapley-rate.js';
import type { PathStore } from '../types.js';

/**
 * Where each quantity of one replicate sits in a row of the replicate matrix:
 * per model, conversions and value per channel, then the two totals; for
 * Markov, then removal effects and value removal effects per channel and their
 * two sums.
 */
export interface ReplicateLayout {
  /** Channels C. */
  readonly channels: number;
  /** Models in order. */
  readonly models: readonly ModelName[];
  /** Start of each model's block. */
  readonly offsets: readonly number[];
  /** Start of the Markov removal-effect block, or -1. */
  readonly markovEffects: number;
  /** Row width. */
  readonly width: number;
}

/** Builds the {@link ReplicateLayout} for a model list. */
export function replicateLayout(models: readonly ModelName[], channels: number): ReplicateLayout {
  const offsets: number[] = [];
  let at = 0;
  for (let i = 0; i < models.length; i++) {
    offsets.push(at);
    at += 2 * channels + 2;
  }
  const markovEffects = models.includes('markov') ? at : -1;
  if (markovEffects >= 0) at += 2 * channels + 2;
  return { channels, models: models.slice(), offsets, markovEffects, width: at };
}

/** A model prepared once on the bootstrap units and rerun on every replicate. */
interface PreparedModel {
  /** Writes the model's credits on replicate `rep` into `row` at `at`; false when the replicate was degenerate (all 0). */
  run(rep: PathStore, row: Float64Array, at: number, layout: ReplicateLayout): boolean;
}

/**
 * Prepares every model for replicates of `units`: the heuristics simply rerun
 * on the replicate's counts; Markov keeps its state encoding (each path's
 * transitions as edge indices) and only recounts and solves; the Shapley-rate
 * and leave-one-out models keep their set and sequence tables (and subset
 * plans) and only re-evaluate them for the new counts.
 */
export class ReplicateModels {
  readonly layout: ReplicateLayout;
  readonly #prepared: PreparedModel[];

  /**
   * @param units - the unit store the replicates redraw (same paths, new counts).
   * @param models - models in result order.
   * @param settings - each model's options.
   */
  constructor(units: PathStore, models: readonly ModelName[], settings: ModelSettings) {
    this.layout = replicateLayout(models, units.channels.length);
    this.#prepared = models.map((name) => prepare(name, units, settings));
  }

  /**
   * Runs every model on one replicate into `row` (length `layout.width`), and
   * counts in `degenerate[m]` the models whose replicate had nothing to
   * distribute (no conversions: all their credit is 0).
   */
  run(rep: PathStore, row: Float64Array, degenerate: Int32Array): void {
    row.fill(0);
    for (let m = 0; m < this.#prepared.length; m++) {
      if (!this.#prepared[m].run(rep, row, this.layout.offsets[m], this.layout)) degenerate[m]++;
    }
  }
}

function writeCredits(row: Float64Array, at: number, C: number, conv: Float64Array, value: Float64Array, totalC: number, totalV: number): void {
  row.set(conv.subarray(0, C), at);
  row.set(value.subarray(0, C), at + C);
  row[at + 2 * C] = totalC;
  row[at + 2 * C + 1] = totalV;
}

function prepare(name: ModelName, units: PathStore, settings: ModelSettings): PreparedModel {
  const C = units.channels.length;
  switch (name) {
    case 'markov': {
      const o = resolveMarkovOptions({ ...settings.markov, perTouch: false });
      const counter = new TransitionCounter({ order: o.order, collapseRepeats: o.collapseRepeats }).add(units);
      const walk = encodePathEdges(counter, units);
      return {
        run(rep, row, at, layout) {
          recountTransitions(counter, walk, rep.conversions, rep.nulls, rep.value);
          if (!(counter.totalConversions > 0)) return false;
          let r;
          try {
            r = markovFromCounts(counter, { value: o.value, solver: o.solver, tolerance: o.tolerance, maxIterations: o.maxIterations });
          } catch (e) {
            // Only "nothing to distribute" makes a replicate degenerate; anything else is a real error.
            if (e instanceof PathCreditError && /sum of removal effects/.test(e.message)) return false;
            throw e;
          }
          writeCredits(row, at, C, r.credits.conversions, r.credits.value, r.credits.totalConversions, r.credits.totalValue);
          const fx = layout.markovEffects;
          writeCredits(row, fx, C, r.removalEffects, r.valueRemovalEffects, sum(r.removalEffects), sum(r.valueRemovalEffects));
          return true;
        },
      };
    }
    case 'shapley_rate': {
      const o = resolveShapleyRateOptions(settings.shapleyRate ?? {});
      const plan = planShapleyRate(units, o);
      const { sets } = plan;
      return groupShareModel(sets.setOfPath, sets.size, sets.ptr, sets.members, C, (conv, nulls) => evaluateShapleyRate(plan, conv, nulls, o.negative, o.coalitionValue).shares);
    }
    case 'leave_one_out': {
      const negative = settings.leaveOneOut?.negative ?? 'clamp';
      const table = sequenceTable(units, settings.leaveOneOut?.collapseRepeats ?? false);
      const scratch = leaveOneOutScratch(table);
      return groupShareModel(table.seqOfPath, table.size, table.ptr, table.items, C, (conv, nulls) => evaluateLeaveOneOut(table, conv, nulls, negative, scratch).shares);
    }
    default:
      return {
        run(rep, row, at) {
          const r = runChannelModel(name, rep, settings, false);
          writeCredits(row, at, C, r.conversions, r.value, r.totalConversions, r.totalValue);
          return r.totalConversions > 0;
        },
      };
  }
}

/**
 * A model whose credit is, per group of paths (a channel set, a sequence), the
 * group's conversions and value split over its members in shares that depend
 * only on the groups' counts: each replicate sums the counts per group, asks for
 * the shares, and spreads them over the members' channels.
 */
function groupShareModel(
  groupOfPath: Int32Array,
  groups: number,
  ptr: Int32Array,
  members: Uint32Array,
  C: number,
  shares: (conversions: Float64Array, nulls: Float64Array) => Float64Array,
): PreparedModel {
  const conv = new Float64Array(groups);
  const nulls = new Float64Array(groups);
  const value = new Float64Array(groups);
  const credit = new Float64Array(C);
  const creditValue = new Float64Array(C);
  return {
    run(rep, row, at) {
      conv.fill(0);
      nulls.fill(0);
      value.fill(0);
      for (let p = 0; p < rep.pathCount; p++) {
        const g = groupOfPath[p];
        if (g < 0) continue;
        conv[g] += rep.conversions[p];
        nulls[g] += rep.nulls[p];
        value[g] += rep.value[p];
      }
      const share = shares(conv, nulls);
      credit.fill(0);
      creditValue.fill(0);
      let totalC = 0;
      let totalV = 0;
      for (let g = 0; g < groups; g++) {
        if (!(conv[g] > 0)) continue;
        totalC += conv[g];
        totalV += value[g];
        for (let i = ptr[g]; i < ptr[g + 1]; i++) {
          credit[members[i]] += conv[g] * share[i];
          creditValue[members[i]] += value[g] * share[i];
        }
      }
      writeCredits(row, at, C, credit, creditValue, totalC, totalV);
      return totalC > 0;
    },
  };
}

function sum(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}
