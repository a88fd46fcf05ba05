import type { SingleBar } from 'cli-progress';
import type { CliIO } from './io.js';

/** A progress reporter for reading: a bar on a terminal, nothing otherwise. */
export interface Progress {
  /** Called by the readers with rows and bytes read so far. */
  update(rowsRead: number, bytesRead: number): void;
  /** Removes the bar. */
  stop(): void;
  /** The last row count seen. */
  readonly rows: number;
}

/**
 * Shows rows read and the rate on stderr, only when stderr is a terminal
 * (logs and pipes stay clean). `totalBytes` (the file size) gives a percentage.
 */
export async function createProgress(io: CliIO, totalBytes: number | null): Promise<Progress> {
  let rows = 0;
  let bar: SingleBar | null = null;
  const started = performance.now();
  const enabled = io.stderr.isTTY === true;
  // Loaded only for a terminal: a piped or logged run never draws a bar.
  const cliProgress = enabled ? await import('cli-progress') : null;
  return {
    get rows() {
      return rows;
    },
    update(rowsRead, bytesRead) {
      rows = rowsRead;
      if (!enabled) return;
      const seconds = (performance.now() - started) / 1000;
      const rate = seconds > 0 ? `${(rowsRead / seconds / 1e6).toFixed(2)} M rows/s` : '';
      const payload = { rows: rowsRead.toLocaleString('en-US'), rate };
      if (bar === null) {
        bar = new cliProgress!.SingleBar({
          stream: io.stderr as NodeJS.WriteStream,
          format: totalBytes ? 'reading [{bar}] {percentage}% | {rows} rows | {rate}' : 'reading {rows} rows | {rate}',
          hideCursor: true,
          clearOnComplete: true,
        });
        bar.start(totalBytes ?? 1, 0, payload);
      }
      bar.update(totalBytes ? Math.min(bytesRead, totalBytes) : 0, payload);
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}
