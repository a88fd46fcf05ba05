/**
 * The naive baseline: what a straightforward implementation does, per path a
 * string split and a Map of credits by channel name (linear attribution).
 */
export function naiveLinear(paths: readonly string[], conversions: Float64Array): Map<string, number> {
  const credit = new Map<string, number>();
  for (let p = 0; p < paths.length; p++) {
    if (!(conversions[p] > 0)) continue;
    const names = paths[p].split(' > ');
    const share = conversions[p] / names.length;
    for (const name of names) credit.set(name, (credit.get(name) ?? 0) + share);
  }
  return credit;
}

/** Naive first-order transition counting with string keys. */
export function naiveTransitions(paths: readonly string[], conversions: Float64Array, nulls: Float64Array): Map<string, number> {
  const counts = new Map<string, number>();
  for (let p = 0; p < paths.length; p++) {
    const w = conversions[p] + nulls[p];
    let prev = '(start)';
    for (const name of paths[p].split(' > ')) {
      if (name === prev) continue;
      const key = `${prev}\u0000${name}`;
      counts.set(key, (counts.get(key) ?? 0) + w);
      prev = name;
    }
    if (conversions[p] > 0) counts.set(`${prev}\u0000(conversion)`, (counts.get(`${prev}\u0000(conversion)`) ?? 0) + conversions[p]);
    if (nulls[p] > 0) counts.set(`${prev}\u0000(null)`, (counts.get(`${prev}\u0000(null)`) ?? 0) + nulls[p]);
  }
  return counts;
}

/** Naive encoding: split each path string and map names to ids with a Map, into plain arrays. */
export function naiveEncode(paths: readonly string[]): { ids: number[]; offsets: number[] } {
  const dict = new Map<string, number>();
  const ids: number[] = [];
  const offsets: number[] = [0];
  for (const path of paths) {
    for (const name of path.split(' > ')) {
      let id = dict.get(name);
      if (id === undefined) dict.set(name, (id = dict.size));
      ids.push(id);
    }
    offsets.push(ids.length);
  }
  return { ids, offsets };
}
