/**
 * Where in the input a problem was found. Every field is optional because
 * not every input has files, rows or columns (a plain JS array has no file).
 */
export interface ErrorLocation {
  /** File name or other source label, when the input came from a file. */
  readonly file?: string;
  /** 1-based line number in a text file (CSV), counting the header as line 1. */
  readonly line?: number;
  /** 0-based row index in the input (table row or array element). */
  readonly row?: number;
  /** Column name as the user knows it. */
  readonly column?: string;
  /** The offending value, as found. */
  readonly value?: unknown;
}

/**
 * The one error type pathcredit throws for bad input or impossible requests.
 * Its message names the place (file, line/row, column) and the value, so a user
 * can find the problem without a debugger; the same facts are also fields.
 *
 * @example
 * ```ts
 * try { attribute(rows) } catch (e) {
 *   if (e instanceof PathCreditError) console.error(e.row, e.column, e.value);
 * }
 * ```
 */
export class PathCreditError extends Error {
  /** File or source label, if known. */
  readonly file?: string;
  /** 1-based text line, if known. */
  readonly line?: number;
  /** 0-based input row, if known. */
  readonly row?: number;
  /** Column name, if known. */
  readonly column?: string;
  /** The offending value, if any. */
  readonly value?: unknown;
  /** The problem alone, without the place (to re-raise it with another place). */
  readonly problem: string;

  /**
   * @param problem - what is wrong, e.g. `conversions must be >= 0`.
   * @param where - the place and the value; folded into the message.
   * @param options - standard `cause`.
   */
  constructor(problem: string, where: ErrorLocation = {}, options?: { cause?: unknown }) {
    super(formatMessage(problem, where), options);
    this.name = 'PathCreditError';
    this.problem = problem;
    this.file = where.file;
    this.line = where.line;
    this.row = where.row;
    this.column = where.column;
    this.value = where.value;
  }
}

function formatMessage(problem: string, where: ErrorLocation): string {
  const place: string[] = [];
  if (where.file !== undefined) place.push(where.file);
  if (where.line !== undefined) place.push(`line ${where.line}`);
  if (where.row !== undefined) place.push(`row ${where.row}`);
  if (where.column !== undefined) place.push(`column "${where.column}"`);
  let text = place.length > 0 ? `${place.join(', ')}: ${problem}` : problem;
  if ('value' in where) text += `, got ${showValue(where.value)}`;
  return text;
}

/** Renders a value for an error message: strings quoted, long ones cut. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') {
    const cut = value.length > 80 ? `${value.slice(0, 77)}...` : value;
    return JSON.stringify(cut);
  }
  if (typeof value === 'bigint') return `${value}n`;
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  try {
    const json = JSON.stringify(value);
    return json === undefined ? String(value) : json.length > 80 ? `${json.slice(0, 77)}...` : json;
  } catch {
    return String(value);
  }
}
