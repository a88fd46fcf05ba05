import { PathCreditError } from '../errors.js';
import type { SkippedRows } from '../types.js';

const MAX_SAMPLES = 10;

/**
 * Either throws a bad-input error or, when the caller asked to skip invalid
 * rows, counts it and keeps a few messages as samples. Nothing is dropped
 * without being counted.
 */
export class SkipLog {
  count = 0;
  readonly samples: string[] = [];

  /** @param skipInvalid - count and continue instead of throwing. */
  constructor(readonly skipInvalid: boolean) {}

  /** Throws `error`, or records it when skipping. */
  reject(error: PathCreditError): void {
    if (!this.skipInvalid) throw error;
    this.count++;
    if (this.samples.length < MAX_SAMPLES) this.samples.push(error.message);
  }

  /** The report to attach to a store, or undefined when nothing was skipped. */
  report(): SkippedRows | undefined {
    return this.count === 0 ? undefined : { count: this.count, samples: this.samples.slice() };
  }
}
