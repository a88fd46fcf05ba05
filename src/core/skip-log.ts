import { PathCreditError, type ErrorLocation } from '../errors.js';
import type { SkippedRows } from '../types.js';

const MAX_SAMPLES = 10;

/** A rejected row's error as plain data (to cross threads), see {@link SkipLog.absorb}. */
export interface ErrorRecord extends ErrorLocation {
  readonly problem: string;
}

/** An error as plain data. */
export function errorRecord(error: PathCreditError): ErrorRecord {
  return { problem: error.problem, file: error.file, line: error.line, row: error.row, column: error.column, ...('value' in error ? { value: error.value } : {}) };
}

/** The error again from its record, its line and row moved by the given offsets. */
export function errorFromRecord(record: ErrorRecord, lines = 0, rows = 0): PathCreditError {
  const { problem, ...where } = record;
  return new PathCreditError(problem, {
    ...where,
    ...(where.line !== undefined ? { line: where.line + lines } : {}),
    ...(where.row !== undefined ? { row: where.row + rows } : {}),
  });
}

/**
 * Either throws a bad-input error or, when the caller asked to skip invalid
 * rows, counts it and keeps a few messages as samples. Nothing is dropped
 * without being counted.
 */
export class SkipLog {
  count = 0;
  readonly samples: string[] = [];
  /** The sampled errors themselves, as plain data. */
  readonly errors: ErrorRecord[] = [];

  /** @param skipInvalid - count and continue instead of throwing. */
  constructor(readonly skipInvalid: boolean) {}

  /** Throws `error`, or records it when skipping. */
  reject(error: PathCreditError): void {
    if (!this.skipInvalid) throw error;
    this.count++;
    if (this.samples.length < MAX_SAMPLES) {
      this.samples.push(error.message);
      this.errors.push(errorRecord(error));
    }
  }

  /**
   * Counts the rows another log skipped, read after these (by another thread),
   * keeping its samples with their lines and rows moved by the given offsets.
   */
  absorb(other: { readonly count: number; readonly errors: readonly ErrorRecord[] }, lines: number, rows: number): void {
    this.count += other.count;
    for (const record of other.errors) {
      if (this.samples.length >= MAX_SAMPLES) break;
      const error = errorFromRecord(record, lines, rows);
      this.samples.push(error.message);
      this.errors.push(errorRecord(error));
    }
  }

  /** The report to attach to a store, or undefined when nothing was skipped. */
  report(): SkippedRows | undefined {
    return this.count === 0 ? undefined : { count: this.count, samples: this.samples.slice() };
  }
}
