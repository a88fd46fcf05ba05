import { PathCreditError } from '../errors.js';
import { TRANSFORM_NAMES, type PathTransform } from './path-transform.js';

// fractribution's own spellings (its --path_transform values), accepted as aliases.
const ALIASES: Readonly<Record<string, string>> = Object.freeze({
  trimLongPath: 'trim-long-path',
  removeIfNotAll: 'remove-if-not-all',
  removeIfLastAndNotAll: 'remove-if-last-and-not-all',
});

/**
 * Parses a transform list such as `"exposure,remove-if-not-all:Direct"`:
 * transforms are separated by `,` and run in that order; an argument follows
 * a `:` (`trim-long-path:5`, `remove-if-not-all:Direct`). fractribution's
 * spellings are accepted too (`trimLongPath(5)`, `removeIfNotAll(Direct)`,
 * `removeIfLastAndNotAll(Direct)`). Names are trimmed; a backslash escapes
 * the next character, so a channel named `a,b` is written `a\,b`.
 *
 * @throws PathCreditError for an unknown transform, a missing or extra
 *   argument, or a step count that is not an integer.
 * @example
 * ```ts
 * parseTransforms('exposure, trim-long-path:5');
 * // [{ kind: 'exposure' }, { kind: 'trim-long-path', steps: 5 }]
 * ```
 */
export function parseTransforms(text: string): PathTransform[] {
  const items = splitUnescaped(text);
  if (items.every((s) => s.trim() === '')) throw new PathCreditError('the transform list is empty', { column: 'transforms', value: text });
  return items.map((item) => parseOne(item.trim(), text));
}

function parseOne(item: string, whole: string): PathTransform {
  let name = item;
  let arg: string | undefined;
  const call = /^(\w+)\((.*)\)$/s.exec(item);
  const colon = firstUnescaped(item, ':');
  if (call && Object.hasOwn(ALIASES, call[1])) {
    name = call[1];
    arg = call[2];
  } else if (colon >= 0) {
    name = item.slice(0, colon).trim();
    arg = item.slice(colon + 1);
  }
  if (Object.hasOwn(ALIASES, name)) name = ALIASES[name];
  const value = arg === undefined ? undefined : unescape(arg).trim();
  const bad = (message: string) => new PathCreditError(message, { column: 'transforms', value: whole });
  switch (name) {
    case 'unique':
    case 'exposure':
    case 'first':
    case 'frequency':
      if (arg !== undefined) throw bad(`the ${name} transform takes no argument`);
      return { kind: name };
    case 'trim-long-path': {
      const steps = Number(value);
      if (value === undefined || !/^-?\d+$/.test(value) || !Number.isInteger(steps)) throw bad('trim-long-path needs an integer number of steps, e.g. trim-long-path:5');
      return { kind: name, steps };
    }
    case 'remove-if-not-all':
    case 'remove-if-last-and-not-all':
      if (value === undefined || value === '') throw bad(`${name} needs a channel, e.g. ${name}:Direct`);
      return { kind: name, channel: value };
    default:
      throw bad(`unknown path transform "${item}" (known: ${TRANSFORM_NAMES.join(', ')})`);
  }
}

/** Splits on commas not preceded by a backslash (the backslashes stay, for {@link unescape}). */
function splitUnescaped(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === ',') {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

function firstUnescaped(text: string, ch: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === ch) return i;
  }
  return -1;
}

function unescape(text: string): string {
  return text.replace(/\\(.)/gs, '$1');
}

/** The transforms written back as a list {@link parseTransforms} reads (for summaries and reports). */
export function formatTransforms(transforms: readonly PathTransform[]): string {
  const esc = (s: string) => s.replace(/[\\,:]/g, (c) => `\\${c}`);
  return transforms
    .map((t) => (t.kind === 'trim-long-path' ? `${t.kind}:${t.steps}` : 'channel' in t ? `${t.kind}:${esc(t.channel)}` : t.kind))
    .join(',');
}
