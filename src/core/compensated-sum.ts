/**
 * The sum of an array with Neumaier compensation: the low-order bits a plain
 * `+=` loses are kept aside and added back, so sums of credits or removal
 * effects stay exact to rounding however many terms there are.
 *
 * @example
 * ```ts
 * compensatedSum(Float64Array.from([1e16, 1, -1e16])); // 1 (a plain loop gives 0)
 * ```
 */
export function compensatedSum(a: ArrayLike<number>): number {
  let s = 0;
  let comp = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const t = s + x;
    comp += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return s + comp;
}
