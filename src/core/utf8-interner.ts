import { PathCreditError } from '../errors.js';
import { ChannelDictionary } from './channel-dictionary.js';

// Names are taken verbatim: a leading U+FEFF stays part of the name (a file's BOM is skipped
// before any field is read), and bytes that are not UTF-8 are an error rather than U+FFFD, which
// would merge distinct names (a Latin-1 "Café" and "Cafè" would both read "Caf\uFFFD").
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Maps UTF-8 byte ranges (a CSV field, an Arrow Utf8 value) to dictionary ids
 * without decoding a string per element: bytes are hashed and compared in
 * place, and a string is decoded only the first time a name is seen.
 * Open addressing over typed arrays keeps the hot path allocation-free.
 */
export class Utf8Interner {
  /** The dictionary the ids belong to (shared with string lookups). */
  readonly dictionary: ChannelDictionary;
  #slots: Int32Array; // entry index + 1, 0 = empty
  #mask: number;
  #count = 0;
  #pool: Uint8Array = new Uint8Array(4096);
  #poolLength = 0;
  #start: Int32Array = new Int32Array(64);
  #len: Int32Array = new Int32Array(64);
  #hash: Int32Array = new Int32Array(64);
  #id: Int32Array = new Int32Array(64);

  /** @param dictionary - where new names get their ids. */
  constructor(dictionary: ChannelDictionary = new ChannelDictionary()) {
    this.dictionary = dictionary;
    this.#slots = new Int32Array(256);
    this.#mask = 255;
  }

  /** Returns the id of the string held in `bytes[start, end)`, adding it if new. */
  intern(bytes: Uint8Array, start: number, end: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
    const mask = this.#mask;
    const slots = this.#slots;
    const len = end - start;
    let s = h & mask;
    for (;;) {
      const e = slots[s] - 1;
      if (e < 0) break;
      if (this.#hash[e] === h && this.#len[e] === len && this.#same(e, bytes, start, len)) return this.#id[e];
      s = (s + 1) & mask;
    }
    return this.#insert(bytes, start, end, h, s);
  }

  #same(e: number, bytes: Uint8Array, start: number, len: number): boolean {
    const pool = this.#pool;
    const at = this.#start[e];
    for (let i = 0; i < len; i++) if (pool[at + i] !== bytes[start + i]) return false;
    return true;
  }

  #insert(bytes: Uint8Array, start: number, end: number, h: number, slot: number): number {
    const len = end - start;
    const id = this.dictionary.idOf(decodeName(bytes.subarray(start, end)));
    const e = this.#count++;
    if (e === this.#start.length) {
      this.#start = grow(this.#start);
      this.#len = grow(this.#len);
      this.#hash = grow(this.#hash);
      this.#id = grow(this.#id);
    }
    if (this.#poolLength + len > this.#pool.length) {
      const next = new Uint8Array(Math.max(this.#pool.length * 2, this.#poolLength + len));
      next.set(this.#pool.subarray(0, this.#poolLength));
      this.#pool = next;
    }
    this.#pool.set(bytes.subarray(start, end), this.#poolLength);
    this.#start[e] = this.#poolLength;
    this.#len[e] = len;
    this.#hash[e] = h;
    this.#id[e] = id;
    this.#poolLength += len;
    this.#slots[slot] = e + 1;
    if (this.#count * 2 > this.#slots.length) this.#rehash();
    return id;
  }

  #rehash(): void {
    const size = this.#slots.length * 2;
    const slots = new Int32Array(size);
    const mask = size - 1;
    for (let e = 0; e < this.#count; e++) {
      let s = this.#hash[e] & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = e + 1;
    }
    this.#slots = slots;
    this.#mask = mask;
  }
}

function grow(a: Int32Array): Int32Array {
  const next = new Int32Array(a.length * 2);
  next.set(a);
  return next;
}

/** A name's bytes as text, or an error naming them when they are not UTF-8. */
function decodeName(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    const shown = new TextDecoder('utf-8').decode(bytes);
    throw new PathCreditError('a name is not valid UTF-8 (the file may be Latin-1 or Windows-1252: convert it to UTF-8 first, e.g. with iconv -f windows-1252 -t utf-8)', {
      value: `${shown} (bytes ${Array.from(bytes.subarray(0, 24), (b) => b.toString(16).padStart(2, '0')).join(' ')}${bytes.length > 24 ? ' ...' : ''})`,
    });
  }
}
