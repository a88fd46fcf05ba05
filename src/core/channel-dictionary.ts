/**
 * Channel names to dense integer ids, assigned in order of first appearance.
 * A `Map` (never a plain object) so names like `__proto__` or `constructor`
 * are ordinary keys.
 */
export class ChannelDictionary {
  readonly #ids = new Map<string, number>();
  /** Channel name by id. */
  readonly names: string[] = [];

  /** Returns the id of `name`, adding it if new. */
  idOf(name: string): number {
    let id = this.#ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.#ids.set(name, id);
      this.names.push(name);
    }
    return id;
  }

  /** Returns the id of `name`, or -1 if it is not in the dictionary. */
  find(name: string): number {
    return this.#ids.get(name) ?? -1;
  }

  /** Number of channels. */
  get size(): number {
    return this.names.length;
  }
}
