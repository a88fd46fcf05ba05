/**
 * Markup that is already safe to put in a page: built only by {@link html}
 * (which escapes every interpolated string) or by {@link trustedHtml} for
 * constant markup written in this folder. Builders pass these around instead
 * of bare strings, so no user string (a channel name, a path, a file name)
 * can reach the page unescaped.
 */
export class SafeHtml {
  /** @param markup - markup known to be safe. */
  private constructor(readonly markup: string) {}

  /** @internal Creates safe markup; only this module calls it. */
  static of(markup: string): SafeHtml {
    return new SafeHtml(markup);
  }

  /** The markup. */
  toString(): string {
    return this.markup;
  }
}

/** What may be interpolated into {@link html}: escaped text, safe markup, numbers, lists, or nothing. */
export type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML element content and for quoted attribute values
 * (`&`, `<`, `>`, `"` and `'`).
 *
 * @example
 * ```ts
 * escapeHtml('<script>alert(1)</script>'); // '&lt;script&gt;alert(1)&lt;/script&gt;'
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch]);
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.markup;
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(render).join('');
  return '';
}

/**
 * Tagged template for markup: the literal parts are trusted (they are code
 * in this folder), every interpolated string is escaped, {@link SafeHtml}
 * is inserted as is, arrays are concatenated, and `null`, `undefined` and
 * `false` render nothing (for optional parts).
 *
 * @example
 * ```ts
 * html`<td title="${name}">${name}</td>`; // name escaped in both places
 * ```
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return SafeHtml.of(out);
}

/**
 * Wraps constant markup written in this folder (CSS, the sort script) as
 * safe. Never call it on data.
 */
export function trustedHtml(constant: string): SafeHtml {
  return SafeHtml.of(constant);
}
