/**
 * Append-only typed-array buffers that grow by doubling, so encoders can
 * write an unknown number of touches with amortised O(1) appends and no
 * per-element objects. `data` may be longer than `length`; `finish()` trims.
 * They live on shared memory, so the stores built from them can be read by
 * worker threads without a copy.
 */

type TypedArrayCtor<T> = { new (buffer: ArrayBufferLike): T; readonly BYTES_PER_ELEMENT: number };

// Shared memory (see shared-arrays.ts): stores built from these buffers can be read by worker threads in place.
const Shared: new (bytes: number) => ArrayBufferLike = typeof SharedArrayBuffer === 'function' ? SharedArrayBuffer : ArrayBuffer;

function allocate<T>(ctor: TypedArrayCtor<T>, length: number): T {
  return new ctor(new Shared(ctor.BYTES_PER_ELEMENT * length));
}
interface NumericArray {
  length: number;
  [i: number]: number;
  set(source: ArrayLike<number>, offset?: number): void;
  subarray(begin?: number, end?: number): this;
  slice(begin?: number, end?: number): this;
}

/** A growable buffer over a typed array type `T`. */
export class Growable<T extends NumericArray> {
  /** Backing storage; valid up to `length`. Re-read after every push (it is replaced when growing). */
  data: T;
  /** Number of valid elements. */
  length = 0;
  readonly #ctor: TypedArrayCtor<T>;

  /**
   * @param ctor - typed array constructor, e.g. `Float64Array`.
   * @param capacity - initial capacity (elements).
   */
  constructor(ctor: TypedArrayCtor<T>, capacity = 1024) {
    this.#ctor = ctor;
    this.data = allocate(ctor, Math.max(16, capacity));
  }

  /** Appends one value. */
  push(value: number): void {
    if (this.length === this.data.length) this.reserve(this.length + 1);
    this.data[this.length++] = value;
  }

  /** Makes room for at least `capacity` elements in total. */
  reserve(capacity: number): void {
    if (capacity <= this.data.length) return;
    let size = this.data.length * 2;
    while (size < capacity) size *= 2;
    const next = allocate(this.#ctor, size);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }

  /** Returns a right-sized copy (or the buffer itself when it is already exact). */
  finish(): T {
    if (this.data.length === this.length) return this.data;
    const out = allocate(this.#ctor, this.length);
    out.set(this.data.subarray(0, this.length));
    return out;
  }
}

/** Growable Float64Array. */
export const growFloat64 = (capacity?: number) => new Growable<Float64Array>(Float64Array, capacity);
/** Growable Int32Array. */
export const growInt32 = (capacity?: number) => new Growable<Int32Array>(Int32Array, capacity);
/** Growable Uint32Array. */
export const growUint32 = (capacity?: number) => new Growable<Uint32Array>(Uint32Array, capacity);
