/**
 * Typed arrays on SharedArrayBuffer, for the arrays of a path store: worker
 * threads then read them in place (no copy), which is what makes counting on
 * several threads pay off. Allocation and access cost the same as ordinary
 * arrays. Where SharedArrayBuffer does not exist (a browser page without
 * cross-origin isolation) they fall back to ordinary buffers.
 */
const Shared: new (bytes: number) => ArrayBufferLike = typeof SharedArrayBuffer === 'function' ? SharedArrayBuffer : ArrayBuffer;

/** A zeroed Int32Array of `n` elements on shared memory. */
export function sharedInt32(n: number): Int32Array {
  return new Int32Array(new Shared(4 * n));
}

/** A zeroed Uint32Array of `n` elements on shared memory. */
export function sharedUint32(n: number): Uint32Array {
  return new Uint32Array(new Shared(4 * n));
}

/** A zeroed Float64Array of `n` elements on shared memory. */
export function sharedFloat64(n: number): Float64Array {
  return new Float64Array(new Shared(8 * n));
}

/** An array of `a`'s type with `n` elements on shared memory, holding `a`'s first `min(n, used)` elements. */
export function sharedCopy<T extends Int32Array | Uint32Array | Float64Array>(a: T, n: number, used = a.length): T {
  const bytes = a.BYTES_PER_ELEMENT;
  const out = new (a.constructor as new (buffer: ArrayBufferLike) => T)(new Shared(bytes * n));
  out.set(a.subarray(0, Math.min(n, used)));
  return out;
}

/**
 * The first `length` elements of a buffer sized from an estimate, as a view.
 * The buffer's unused tail was never written, so its pages were never
 * faulted in: it costs address space, not memory. A right-sized copy would
 * cost a second copy's worth of fresh memory (and time), and leave the first
 * to the garbage collector.
 */
export function leading<T extends Int32Array | Uint32Array | Float64Array>(a: T, length: number): T {
  return a.subarray(0, length) as T;
}
