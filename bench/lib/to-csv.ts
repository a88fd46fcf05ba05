import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Journeys } from './generate.js';

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Writes the journeys as a touchpoint CSV (journey_id,timestamp,channel,conversions,value)
 * with ISO-8601 UTC timestamps, streaming in blocks so memory stays small.
 * @param shuffleBlocks - when true, rows are interleaved across journeys (not grouped).
 */
export async function writeTouchpointCsv(data: Journeys, file: string): Promise<number> {
  const out = createWriteStream(file);
  const names = data.channelNames.map(csvCell);
  let bytes = 0;
  let block = 'journey_id,timestamp,channel,conversions,value\n';
  for (let j = 0; j < data.journeys; j++) {
    const b = data.offsets[j + 1];
    for (let k = data.offsets[j]; k < b; k++) {
      const last = k === b - 1 && data.converted[j] === 1;
      block += `u${j},${new Date(data.time[k]).toISOString()},${names[data.channel[k]]},${last ? 1 : 0},${last ? data.value[j] : 0}\n`;
    }
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
