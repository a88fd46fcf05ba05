/**
 * Flags as one cell of a table: each kind once, with the models it concerns,
 * e.g. `few-conversions;wide-interval:linear+markov`.
 *
 * @example
 * ```ts
 * flagText([{ kind: 'wide-interval', model: 'linear' }, { kind: 'wide-interval', model: 'markov' }]); // 'wide-interval:linear+markov'
 * ```
 */
export function flagText(flags: readonly { readonly kind: string; readonly model?: string }[]): string {
  const byKind = new Map<string, string[]>();
  for (const f of flags) {
    const models = byKind.get(f.kind) ?? [];
    if (f.model !== undefined && !models.includes(f.model)) models.push(f.model);
    byKind.set(f.kind, models);
  }
  return [...byKind].map(([kind, models]) => (models.length > 0 ? `${kind}:${models.join('+')}` : kind)).join(';');
}
