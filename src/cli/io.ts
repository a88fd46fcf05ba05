import type { Readable, Writable } from 'node:stream';

/** The process streams the CLI uses, injectable so `run` is testable in-process. */
export interface CliIO {
  /** Where results go when no `--out` is given. */
  readonly stdout: Writable & { isTTY?: boolean };
  /** Messages, progress and the closing summary. */
  readonly stderr: Writable & { isTTY?: boolean };
  /** Input when the file argument is `-`. */
  readonly stdin: Readable;
}

/** Writes a string and waits for the stream to accept it. */
export function writeText(stream: Writable, text: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (err) => (err ? reject(err) : resolve()));
  });
}
