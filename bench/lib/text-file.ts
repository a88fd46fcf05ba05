import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

/** Quotes a CSV cell as R's write.csv and RFC 4180 do, when it must be quoted. */
export function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Writes the lines `line(0) .. line(count - 1)` (each ending in a newline)
 * after `header`, in blocks of about 1 MB, so memory stays small. Returns
 * the bytes written.
 */
export async function writeLines(file: string, header: string, count: number, line: (i: number) => string): Promise<number> {
  const out = createWriteStream(file);
  let bytes = 0;
  let block = header;
  for (let i = 0; i < count; i++) {
    block += line(i);
    if (block.length > 1 << 20) {
      bytes += block.length;
      if (!out.write(block)) await once(out, 'drain');
      block = '';
    }
  }
  bytes += block.length;
  out.end(block);
  await once(out, 'finish');
  return bytes;
}
