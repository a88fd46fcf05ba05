import { ChannelCache } from '../core/channel-cache.js';

const BACKSLASH = 92;

/**
 * Splits delimited path strings held as UTF-8 bytes (a CSV cell, an Arrow
 * Utf8 value) into channel ids, with exactly the rules of `splitPath` on the
 * decoded string: split on the separator, trim each name as
 * `String.prototype.trim` does, a backslash before the separator keeps it in
 * the name and `\\` is one backslash. No string is made per path or per name:
 * names are found and interned straight from the bytes (a name is decoded
 * once, the first time it is seen).
 *
 * @example
 * ```ts
 * const splitter = new PathSplitter(' > ', new ChannelCache(new Utf8Interner()));
 * const out = new Uint32Array(16);
 * const bytes = new TextEncoder().encode('search > email');
 * splitter.split(bytes, 0, bytes.length, out, 0); // 2: out = [0, 1, ...]
 * ```
 */
export class PathSplitter {
  /** The channel names' cache and interner. */
  readonly cache: ChannelCache;
  readonly #sep: Uint8Array;
  // The separator is found by one byte of it (its first non-blank byte: in
  // " > " the '>', which names rarely hold), then checked around it.
  readonly #key: number;
  readonly #keyOffset: number;
  // 1 for the key byte, 2 for a backslash: one load and test per byte.
  readonly #classes = new Uint8Array(256);
  #escapes: boolean;
  // The classes inside an unquoted CSV field: also 3 for the bytes that end it.
  readonly #fieldClasses = new Uint8Array(256);
  // 1 for the delimiter, CR and LF (when a delimiter was given).
  readonly #stops = new Uint8Array(256);
  #scratch = new Uint8Array(256);
  // Known names by first byte (see #learn): at a name's start, each
  // candidate is compared in place and taken when the separator (or the
  // cell's end) follows it, so most names cost one pass over their bytes.
  readonly #head = new Int32Array(256).fill(-1);
  readonly #headCount = new Uint8Array(256);
  #next: Int32Array = new Int32Array(64);
  #candStart: Int32Array = new Int32Array(64);
  #candLength: Int32Array = new Int32Array(64);
  #candId: Int32Array = new Int32Array(64);
  #candBytes = new Uint8Array(1024);
  #candView = new DataView(this.#candBytes.buffer);
  #candCount = 0;
  // DataViews of the last two byte arrays split (a reader alternates between
  // its chunk and the scratch bytes of unescaped cells).
  #viewBytes: (Uint8Array | null)[] = [null, null];
  #views: (DataView | null)[] = [null, null];
  #viewNext = 0;
  #candBytesUsed = 0;

  /**
   * @param separator - the separator, of any length (not empty).
   * @param cache - where channel ids come from.
   */
  constructor(separator: string, cache: ChannelCache, delimiter?: string) {
    this.cache = cache;
    this.#sep = new TextEncoder().encode(separator);
    let k = 0;
    while (k < this.#sep.length && isAsciiSpace(this.#sep[k])) k++;
    if (k === this.#sep.length) k = 0;
    this.#keyOffset = k;
    this.#key = this.#sep[k];
    this.#classes[this.#key] = 1;
    // A separator holding a backslash makes every backslash ambiguous: such
    // separators always take the escape-aware path.
    this.#escapes = this.#sep.includes(BACKSLASH);
    this.#classes[BACKSLASH] = 2;
    this.#fieldClasses.set(this.#classes);
    if (delimiter !== undefined) {
      for (const stop of [delimiter.charCodeAt(0), 10, 13]) {
        this.#stops[stop] = 1;
        this.#fieldClasses[stop] = 3;
      }
    }
    // A separator holding a field stop could never be found inside an
    // unquoted field: splitField then finds the field's end first.
    if (this.#sep.some((x) => this.#stops[x] !== 0)) this.#escapes = true;
  }

  /** The most ids a path of `bytes` bytes can split into. */
  maxNames(bytes: number): number {
    return Math.floor(bytes / Math.max(1, this.#sep.length)) + 1;
  }

  /**
   * Splits the path `b[start, end)` and writes its channel ids to `out` from
   * `at` (which must have room for {@link maxNames} of the length).
   *
   * @returns the number of ids written, or -1 when the path is blank or has an
   *   empty name (the caller words the error).
   */
  split(b: Uint8Array, start: number, end: number, out: Uint32Array, at: number): number {
    return this.#split(b, start, end, false, out, at);
  }

  /**
   * Splits an unquoted CSV field that starts at `start` and ends at the first
   * delimiter, CR or LF (one of which lies before `limit`), finding its end
   * while splitting: one pass over the bytes instead of two. The field's end
   * is then {@link fieldEnd}. Needs the delimiter given to the constructor,
   * and `out` room for `limit - start` ids.
   *
   * @returns as {@link split}.
   */
  splitField(b: Uint8Array, start: number, limit: number, out: Uint32Array, at: number): number {
    return this.#split(b, start, limit, true, out, at);
  }

  /** Where the field read by the last {@link splitField} ended. */
  fieldEnd = 0;

  /**
   * The split. `field` false: the path is exactly `b[start, end)`. `field`
   * true: it ends at the first field stop before `end` ({@link splitField}).
   */
  #split(b: Uint8Array, start: number, end: number, field: boolean, out: Uint32Array, at: number): number {
    if (this.#escapes) return this.#splitEscapedField(b, start, end, field, out, at);
    const sep = this.#sep;
    const sepLength = sep.length;
    const key = this.#key;
    const keyOffset = this.#keyOffset;
    const blankSeparator = isAsciiSpace(key);
    // In a field, the scan also stops at the bytes that end it (class 3).
    const classes = field ? this.#fieldClasses : this.#classes;
    const stops = this.#stops;
    const head = this.#head;
    const next = this.#next;
    const candStart = this.#candStart;
    const candLength = this.#candLength;
    const candId = this.#candId;
    const view = this.#viewOf(b);
    const candView = this.#candView;
    let n = at;
    let name = start;
    for (;;) {
      // Known names first: each candidate of the first byte is compared in
      // place, 4 bytes at a time, together with the separator stored after it.
      // Blanks before a name are skipped, unless the separator is made of
      // blanks: then they may be a separator, and only the search below can tell.
      let s = name;
      if (!blankSeparator) while (s < end && isAsciiSpace(b[s]) && stops[b[s]] === 0) s++;
      if (s < end) {
        let c = head[b[s]];
        let taken = -1;
        while (c >= 0) {
          const len = candLength[c];
          const e = s + len;
          if (e + sepLength <= end && equalBytes(view, s, candView, candStart[c], len + sepLength)) {
            taken = e + sepLength;
            break;
          }
          // The last name: the path (or the field) ends right after it.
          if ((field ? e < end && stops[b[e]] !== 0 : e === end) && equalBytes(view, s, candView, candStart[c], len)) {
            out[n++] = candId[c];
            this.fieldEnd = e;
            return n - at;
          }
          c = next[c];
        }
        if (taken >= 0) {
          out[n++] = candId[c];
          name = taken;
          continue;
        }
      }
      // Otherwise find the separator by its key byte, then trim and intern.
      // From the name's first byte, so a backslash anywhere in it is seen.
      let i = name;
      let nameEnd = end;
      for (;;) {
        while (i < end && classes[b[i]] === 0) i++;
        if (i >= end) break;
        const x = b[i];
        if (x === key) {
          const q = i - keyOffset;
          if (q >= name && q + sepLength <= end && matches(b, q, sep)) {
            nameEnd = q;
            break;
          }
          i++;
        } else if (x === BACKSLASH) return this.#splitEscapedField(b, start, end, field, out, at);
        else {
          // A field stop: the field (and the path) ends here.
          nameEnd = end = i;
          break;
        }
      }
      s = name;
      while (s < nameEnd && isAsciiSpace(b[s])) s++;
      let e = nameEnd;
      while (e > s && isAsciiSpace(b[e - 1])) e--;
      if (s < e && (b[s] >= 0x80 || b[e - 1] >= 0x80)) {
        s = trimStart(b, s, e);
        e = trimEnd(b, s, e);
      }
      if (s >= e) return -1;
      out[n++] = this.#intern(b, s, e);
      if (nameEnd === end) {
        this.fieldEnd = end;
        return n - at;
      }
      name = nameEnd + sepLength;
    }
  }

  /** The escape-aware split of a path, or of a field whose end is found first. */
  #splitEscapedField(b: Uint8Array, start: number, end: number, field: boolean, out: Uint32Array, at: number): number {
    let e = end;
    if (field) {
      e = start;
      while (this.#stops[b[e]] === 0) e++;
    }
    this.fieldEnd = e;
    return this.#splitEscaped(b, start, e, out, at);
  }

  #viewOf(b: Uint8Array): DataView {
    const bytes = this.#viewBytes;
    if (b === bytes[0]) return this.#views[0]!;
    if (b === bytes[1]) return this.#views[1]!;
    const k = this.#viewNext;
    this.#viewNext = 1 - k;
    bytes[k] = b;
    return (this.#views[k] = new DataView(b.buffer, b.byteOffset, b.byteLength));
  }

  /** The id of the trimmed name `b[s, e)`, learnt as a candidate when new. */
  #intern(b: Uint8Array, s: number, e: number): number {
    const dictionary = this.cache.interner.dictionary;
    const before = dictionary.size;
    const id = this.cache.idOf(b, s, e);
    if (dictionary.size > before) this.#learn(b, s, e, id);
    return id;
  }

  /**
   * Remembers a new name as a candidate for in-place matching, unless it holds
   * the separator's key byte or a backslash: such a name could match where a
   * separator starts inside it, so only the separator search finds it
   * correctly. (A separator starting inside a name without its key byte would
   * have to overlap the name's end with blanks, which trimmed names lack.)
   * At most a few candidates per first byte keep the comparisons short.
   */
  #learn(b: Uint8Array, s: number, e: number, id: number): void {
    const first = b[s];
    if (this.#headCount[first] >= MAX_CANDIDATES || e - s > MAX_CANDIDATE_BYTES) return;
    // A name holding a field stop (from a quoted cell) could match across the end of an unquoted field.
    for (let i = s; i < e; i++) if (b[i] === this.#key || b[i] === BACKSLASH || this.#stops[b[i]] !== 0) return;
    const c = this.#candCount++;
    if (c === this.#next.length) {
      this.#next = grown(this.#next);
      this.#candStart = grown(this.#candStart);
      this.#candLength = grown(this.#candLength);
      this.#candId = grown(this.#candId);
    }
    // The name's bytes, then the separator's, compared as one run.
    const len = e - s;
    const size = len + this.#sep.length;
    if (this.#candBytesUsed + size > this.#candBytes.length) {
      const bytes = new Uint8Array(Math.max(this.#candBytes.length * 2, this.#candBytesUsed + size));
      bytes.set(this.#candBytes);
      this.#candBytes = bytes;
      this.#candView = new DataView(bytes.buffer);
    }
    this.#candBytes.set(b.subarray(s, e), this.#candBytesUsed);
    this.#candBytes.set(this.#sep, this.#candBytesUsed + len);
    this.#candStart[c] = this.#candBytesUsed;
    this.#candLength[c] = len;
    this.#candId[c] = id;
    this.#candBytesUsed += size;
    this.#next[c] = this.#head[first];
    this.#head[first] = c;
    this.#headCount[first]++;
  }

  /**
   * The escape-aware split, for paths holding a backslash: each name is
   * unescaped into scratch bytes, then trimmed and interned.
   */
  #splitEscaped(b: Uint8Array, start: number, end: number, out: Uint32Array, at: number): number {
    const sep = this.#sep;
    if (this.#scratch.length < end - start) this.#scratch = new Uint8Array(Math.max(end - start, this.#scratch.length * 2));
    const name = this.#scratch;
    // A blank cell is no path at all, whatever its backslashes.
    if (trimStart(b, start, end) === end) return -1;
    let n = at;
    let len = 0;
    let i = start;
    for (;;) {
      const last = i >= end;
      if (!last && b[i] === BACKSLASH) {
        if (i + 1 + sep.length <= end && matches(b, i + 1, sep)) {
          name.set(sep, len);
          len += sep.length;
          i += 1 + sep.length;
          continue;
        }
        if (i + 1 < end && b[i + 1] === BACKSLASH) {
          name[len++] = BACKSLASH;
          i += 2;
          continue;
        }
      }
      if (last || (i + sep.length <= end && matches(b, i, sep))) {
        const s = trimStart(name, 0, len);
        const e = trimEnd(name, s, len);
        if (s === e) return -1;
        out[n++] = this.#intern(name, s, e);
        if (last) return n - at;
        len = 0;
        i += sep.length;
        continue;
      }
      name[len++] = b[i++];
    }
  }
}

// Candidates per first byte, and their longest name in bytes.
const MAX_CANDIDATES = 4;
const MAX_CANDIDATE_BYTES = 64;

function grown(a: Int32Array): Int32Array {
  const next = new Int32Array(a.length * 2);
  next.set(a);
  return next;
}

/**
 * True when `n` bytes at `a` in `x` equal those at `c` in `y`: 4 bytes per
 * compare (DataView reads compile to plain unaligned loads), the last
 * partial word by an overlapping read, so nothing is read past either run.
 */
function equalBytes(x: DataView, a: number, y: DataView, c: number, n: number): boolean {
  if (n < 4) {
    for (let k = 0; k < n; k++) if (x.getUint8(a + k) !== y.getUint8(c + k)) return false;
    return true;
  }
  let k = 0;
  for (; k + 4 <= n; k += 4) if (x.getInt32(a + k, true) !== y.getInt32(c + k, true)) return false;
  return k === n || x.getInt32(a + n - 4, true) === y.getInt32(c + n - 4, true);
}

function matches(b: Uint8Array, at: number, sep: Uint8Array): boolean {
  for (let k = 0; k < sep.length; k++) if (b[at + k] !== sep[k]) return false;
  return true;
}

/** Tab, line feed, vertical tab, form feed, carriage return, space: the ASCII part of what `trim` removes. */
function isAsciiSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * Byte length of the non-ASCII white space `String.prototype.trim` removes
 * (U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000,
 * U+FEFF) starting at `b[i]`, or 0.
 */
function unicodeSpaceAt(b: Uint8Array, i: number, end: number): number {
  const c = b[i];
  if (c === 0xc2) return i + 1 < end && b[i + 1] === 0xa0 ? 2 : 0;
  if (i + 2 >= end) return 0;
  const d = b[i + 1];
  const f = b[i + 2];
  if (c === 0xe1) return d === 0x9a && f === 0x80 ? 3 : 0;
  if (c === 0xe2) {
    if (d === 0x80) return (f >= 0x80 && f <= 0x8a) || f === 0xa8 || f === 0xa9 || f === 0xaf ? 3 : 0;
    return d === 0x81 && f === 0x9f ? 3 : 0;
  }
  if (c === 0xe3) return d === 0x80 && f === 0x80 ? 3 : 0;
  if (c === 0xef) return d === 0xbb && f === 0xbf ? 3 : 0;
  return 0;
}

/** The first byte of `b[s, e)` after white space as `trim` sees it. */
function trimStart(b: Uint8Array, s: number, e: number): number {
  let i = s;
  for (;;) {
    if (i >= e) return e;
    if (isAsciiSpace(b[i])) i++;
    else if (b[i] < 0x80) return i;
    else {
      const k = unicodeSpaceAt(b, i, e);
      if (k === 0) return i;
      i += k;
    }
  }
}

/** The end of `b[s, e)` before trailing white space as `trim` sees it. */
function trimEnd(b: Uint8Array, s: number, e: number): number {
  let j = e;
  for (;;) {
    if (j <= s) return s;
    const c = b[j - 1];
    if (isAsciiSpace(c)) j--;
    else if (c < 0x80) return j;
    // The space characters end in 0x80-0xbf (a continuation byte); look back 2 or 3 bytes.
    else if (j - 2 >= s && unicodeSpaceAt(b, j - 2, j) === 2) j -= 2;
    else if (j - 3 >= s && unicodeSpaceAt(b, j - 3, j) === 3) j -= 3;
    else return j;
  }
}
