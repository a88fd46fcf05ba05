import { dedupePaths, type PathStore } from '../../index.js';
import type { DataSummary, InputFacts, PathLengthBin, TopPath } from './types.js';

/** Paths this long or longer share the last histogram bin (`20+`). */
export const LONGEST_LENGTH_BIN = 20;

/** How the input was read, as far as the store does not record it. */
export interface InputDescription {
  /** Input file name as given. */
  readonly file?: string;
  /** `csv` or `arrow`. */
  readonly format?: string;
  /** Input rows read. */
  readonly rowsRead?: number;
  /** Lookback applied, as given (e.g. `30d`). */
  readonly lookback?: string;
  /** Cap on touches per path. */
  readonly maxTouches?: number;
}

/**
 * The data summary of a path store: journeys, conversions, value, distinct
 * paths, the path-length histogram and the top paths by conversions.
 *
 * Converting journeys are counted the way the store defines journeys: for
 * touchpoint input each converting path is one journey segment; for
 * aggregated paths the conversions column is the converting-journey weight
 * (as in the Markov chain, where a row stands for conversions + nulls journeys).
 *
 * @param store - the paths the models ran on.
 * @param input - what the store does not record (file, rows read, cuts).
 * @param reportIndex - report channel index by store channel id.
 * @param topPaths - how many distinct paths to list.
 */
export function dataSummary(store: PathStore, input: InputDescription, reportIndex: Int32Array, topPaths: number): DataSummary {
  const byIds = store.journeyIds !== null;
  let conversions = 0;
  let value = 0;
  let nulls = 0;
  let converting = 0;
  const bins = Array.from({ length: LONGEST_LENGTH_BIN + 1 }, () => ({ converting: 0, nonConverting: 0 }));
  for (let p = 0; p < store.pathCount; p++) {
    const c = store.conversions[p];
    const w = byIds ? (c > 0 ? 1 : 0) : c;
    conversions += c;
    value += store.value[p];
    nulls += store.nulls[p];
    converting += w;
    const bin = bins[Math.min(LONGEST_LENGTH_BIN, store.offsets[p + 1] - store.offsets[p])];
    bin.converting += w;
    bin.nonConverting += store.nulls[p];
  }
  const distinct = dedupePaths(store);
  return {
    journeys: byIds ? store.journeyIds!.length : conversions + nulls,
    journeysAreIds: byIds,
    paths: store.pathCount,
    convertingJourneys: converting,
    nonConvertingJourneys: nulls,
    conversions,
    value,
    uniquePaths: distinct.pathCount,
    touches: store.offsets[store.pathCount],
    pathLengths: lengthBins(bins),
    topPaths: topConvertingPaths(distinct, reportIndex, topPaths),
    input: inputFacts(store, input),
  };
}

/** Bins from length 1 (or 0 when empty paths exist) to the longest length present. */
function lengthBins(bins: readonly { converting: number; nonConverting: number }[]): PathLengthBin[] {
  const used = (k: number) => bins[k].converting + bins[k].nonConverting > 0;
  let last = bins.length - 1;
  while (last > 1 && !used(last)) last--;
  const first = used(0) ? 0 : 1;
  const out: PathLengthBin[] = [];
  for (let k = first; k <= last; k++) {
    out.push({ label: k === LONGEST_LENGTH_BIN ? `${k}+` : String(k), converting: bins[k].converting, nonConverting: bins[k].nonConverting });
  }
  return out;
}

/** The `count` distinct paths with the most conversions (ties: more journeys, then first seen). */
function topConvertingPaths(distinct: PathStore, reportIndex: Int32Array, count: number): TopPath[] {
  const better = (a: number, b: number) =>
    distinct.conversions[a] - distinct.conversions[b] || distinct.nulls[a] - distinct.nulls[b] || b - a;
  // A small sorted list: the common count is 10, and the store can hold millions of paths.
  const best: number[] = [];
  for (let p = 0; p < distinct.pathCount && count > 0; p++) {
    if (!(distinct.conversions[p] > 0)) continue;
    if (best.length === count && better(p, best[count - 1]) <= 0) continue;
    let i = best.length === count ? count - 1 : best.length;
    while (i > 0 && better(p, best[i - 1]) > 0) {
      best[i] = best[i - 1];
      i--;
    }
    best[i] = p;
  }
  return best.map((p) => ({
    channels: Array.from(distinct.touches.subarray(distinct.offsets[p], distinct.offsets[p + 1]), (id) => reportIndex[id]),
    conversions: distinct.conversions[p],
    value: distinct.value[p],
    nulls: distinct.nulls[p],
  }));
}

function inputFacts(store: PathStore, input: InputDescription): InputFacts {
  return {
    ...(input.file !== undefined ? { file: input.file } : {}),
    ...(input.format !== undefined ? { format: input.format } : {}),
    ...(input.rowsRead !== undefined ? { rowsRead: input.rowsRead } : {}),
    ...(input.lookback !== undefined ? { lookback: input.lookback } : {}),
    ...(input.maxTouches !== undefined ? { maxTouches: input.maxTouches } : {}),
    skippedRows: store.skipped?.count ?? 0,
    skippedSamples: store.skipped?.samples ?? [],
    ...(store.unattributed ? { unattributed: { ...store.unattributed } } : {}),
  };
}
