import { PathCreditError } from '../errors.js';
import type { PathStore } from '../types.js';
import { bootstrapUnits } from '../uncertainty/bootstrap-units.js';
import { conversionAuc } from './conversion-auc.js';
import { heldOutLikelihood } from './heldout-likelihood.js';
import { TransitionCounter } from './transition-counter.js';

/** Options of {@link chooseOrder}. */
export interface OrderSelectionOptions {
  /** Largest order tried (orders 1..maxOrder). Default 4. */
  readonly maxOrder?: number;
  /** Folds of the held-out split (each path's journeys spread over them by a hash of the path and the journey's index). Default 5. */
  readonly folds?: number;
  /** Merge consecutive repeated channels before forming states (as the Markov option). Default false. */
  readonly collapseRepeats?: boolean;
  /**
   * The chosen order is the smallest whose held-out log-likelihood per journey is within this
   * many nats of the best order's. Default 0.001.
   */
  readonly tolerance?: number;
}

/** One order's fit, as reported by {@link chooseOrder}. */
export interface OrderFit {
  /** The order k. */
  readonly order: number;
  /** Transient states of the chain fitted on all the data. */
  readonly states: number;
  /** Distinct transitions (including into `(conversion)` and `(null)`). */
  readonly transitions: number;
  /** Free parameters: per source state (including `(start)`), its observed successors minus one. */
  readonly parameters: number;
  /** In-sample log-likelihood of every observed transition: sum of count * log(probability). */
  readonly logLikelihood: number;
  /** Number of observed transitions N (sum of the counts). */
  readonly observations: number;
  /** BIC = -2 logLikelihood + parameters * ln N (smaller is better). */
  readonly bic: number;
  /** Held-out log-likelihood over all folds (see `heldOutLikelihood` for the factorisation and smoothing). */
  readonly heldOutLogLikelihood: number;
  /** The same per journey (larger is better). */
  readonly heldOutPerJourney: number;
  /** ChannelAttribution's criterion: ROC AUC of predicting conversion from the last state. */
  readonly auc: number;
  /** ChannelAttribution's penalised AUC (null where it reports none). */
  readonly penalizedAuc: number | null;
}

/** What {@link chooseOrder} returns. */
export interface OrderSelection {
  /** One fit per order, 1..maxOrder. */
  readonly orders: readonly OrderFit[];
  /** The chosen order (by the held-out rule). */
  readonly chosen: number;
  /** The order with the best held-out log-likelihood. */
  readonly bestHeldOut: number;
  /** The order with the smallest BIC. */
  readonly bestBic: number;
  /** The order with the largest penalised AUC (ChannelAttribution's suggestion), null if none. */
  readonly bestPenalizedAuc: number | null;
  /** The rule, in words. */
  readonly rule: string;
  /** Folds used. */
  readonly folds: number;
  /** Journeys (conversions + nulls). */
  readonly journeys: number;
  /** Whether repeats were collapsed. */
  readonly collapseRepeats: boolean;
}

/**
 * Chooses the Markov order: fits orders 1..maxOrder and reports, per order, the
 * in-sample log-likelihood, free parameters and BIC, a held-out log-likelihood
 * from a deterministic k-fold split of the journeys by a hash of their path
 * (see `journeyFold`), and
 * ChannelAttribution's ROC AUC criterion for comparison. The chosen order is
 * the smallest whose held-out log-likelihood per journey is within `tolerance`
 * nats of the best.
 *
 * Needs nulls to be informative (without them every path converts, and the AUC is undefined).
 *
 * @param store - encoded paths.
 * @param options - see {@link OrderSelectionOptions}.
 * @throws PathCreditError for invalid options, an empty store or one without conversions.
 * @example
 * ```ts
 * const sel = chooseOrder(store, { maxOrder: 3 });
 * sel.chosen; // e.g. 2
 * sel.orders.map((o) => o.bic);
 * ```
 */
export function chooseOrder(store: PathStore, options: OrderSelectionOptions = {}): OrderSelection {
  const maxOrder = options.maxOrder ?? 4;
  const folds = options.folds ?? 5;
  const collapseRepeats = options.collapseRepeats ?? false;
  const tolerance = options.tolerance ?? 0.001;
  if (!Number.isInteger(maxOrder) || maxOrder < 1 || maxOrder > 10) throw new PathCreditError('maxOrder must be an integer from 1 to 10', { column: 'maxOrder', value: maxOrder });
  if (!Number.isInteger(folds) || folds < 2 || folds > 100) throw new PathCreditError('folds must be an integer from 2 to 100', { column: 'folds', value: folds });
  if (typeof collapseRepeats !== 'boolean') throw new PathCreditError('collapseRepeats must be a boolean', { column: 'collapseRepeats', value: collapseRepeats });
  if (!(tolerance >= 0) || tolerance === Infinity) throw new PathCreditError('tolerance must be a finite number >= 0', { column: 'tolerance', value: tolerance });
  if (store.pathCount === 0) throw new PathCreditError('the path store is empty: order selection needs paths');
  const units = bootstrapUnits(store, false);
  let conversions = 0;
  for (let p = 0; p < units.store.pathCount; p++) conversions += units.store.conversions[p];
  if (!(conversions > 0)) throw new PathCreditError('no converting path: order selection needs conversions');
  const held = heldOutLikelihood(units.store, units.keyHi, units.keyLo, maxOrder, folds, collapseRepeats);
  const orders: OrderFit[] = [];
  for (let k = 1; k <= maxOrder; k++) {
    const counter = new TransitionCounter({ order: k, collapseRepeats }).add(units.store);
    const fit = inSampleFit(counter);
    const { auc, penalizedAuc } = conversionAuc(counter, units.store);
    orders.push({
      order: k,
      states: counter.stateCount,
      transitions: counter.transitionCount,
      ...fit,
      heldOutLogLikelihood: held.logLikelihood[k - 1],
      heldOutPerJourney: held.logLikelihood[k - 1] / held.journeys,
      auc,
      penalizedAuc,
    });
  }
  // An order whose chain is the one below it again (as many states and transitions, the same
  // in-sample fit: no path is long enough to tell them apart) adds nothing; the smoothing's
  // deeper back-off can still score it a little apart, so it is never preferred to that order.
  const repeats = (o: OrderFit): boolean => {
    if (o.order === 1) return false;
    const below = orders[o.order - 2];
    return o.states === below.states && o.transitions === below.transitions && Math.abs(o.logLikelihood - below.logLikelihood) <= 1e-9 * Math.max(1, Math.abs(below.logLikelihood));
  };
  let bestHeldOut = 1;
  let bestBic = 1;
  let bestAuc: number | null = null;
  for (const o of orders) {
    if (o.heldOutPerJourney > orders[bestHeldOut - 1].heldOutPerJourney && !repeats(o)) bestHeldOut = o.order;
    if (o.bic < orders[bestBic - 1].bic) bestBic = o.order;
    if (o.penalizedAuc !== null && (bestAuc === null || o.penalizedAuc > orders[bestAuc - 1].penalizedAuc!)) bestAuc = o.order;
  }
  const best = orders[bestHeldOut - 1].heldOutPerJourney;
  const chosen = orders.find((o) => o.heldOutPerJourney >= best - tolerance && !repeats(o))!.order;
  return {
    orders,
    chosen,
    bestHeldOut,
    bestBic,
    bestPenalizedAuc: bestAuc,
    rule: `smallest order whose held-out log-likelihood per journey (${folds}-fold, journeys split by a hash of path and index, Witten-Bell back-off) is within ${tolerance} nats of the best; an order whose chain repeats the one below it is never chosen`,
    folds,
    journeys: held.journeys,
    collapseRepeats,
  };
}

function inSampleFit(counter: TransitionCounter): Pick<OrderFit, 'parameters' | 'logLikelihood' | 'observations' | 'bic'> {
  const e = counter.edges;
  const nodes = counter.stateCount + 3;
  const out = new Float64Array(nodes);
  const successors = new Int32Array(nodes);
  let observations = 0;
  for (let i = 0; i < e.size; i++) {
    if (!(e.count[i] > 0)) continue;
    out[e.from[i]] += e.count[i];
    successors[e.from[i]]++;
    observations += e.count[i];
  }
  let logLikelihood = 0;
  for (let i = 0; i < e.size; i++) if (e.count[i] > 0) logLikelihood += e.count[i] * Math.log(e.count[i] / out[e.from[i]]);
  let parameters = 0;
  for (let v = 0; v < nodes; v++) if (successors[v] > 0) parameters += successors[v] - 1;
  return { parameters, logLikelihood, observations, bic: -2 * logLikelihood + parameters * Math.log(observations) };
}
