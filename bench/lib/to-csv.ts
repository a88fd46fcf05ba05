import { csvCell, writeLines } from './text-file.js';
import { type Journeys, rng } from './generate.js';

/**
 * Writes the journeys as a touchpoint CSV (journey_id,timestamp,channel,conversions,value)
 * with ISO-8601 UTC timestamps, streaming in blocks so memory stays small.
 * @param shuffleSeed - when given, rows are written in a seeded random order
 *   (journeys interleaved, not grouped), as an unsorted event export would be.
 */
export async function writeTouchpointCsv(data: Journeys, file: string, shuffleSeed?: number): Promise<number> {
  const names = data.channelNames.map(csvCell);
  // The journey of each touch, and the order rows are written in.
  const journeyOf = new Int32Array(data.touches);
  for (let j = 0; j < data.journeys; j++) journeyOf.fill(j, data.offsets[j], data.offsets[j + 1]);
  const order = Int32Array.from({ length: data.touches }, (_, k) => k);
  if (shuffleSeed !== undefined) {
    const rand = rng(shuffleSeed);
    for (let i = order.length - 1; i > 0; i--) {
      const k = Math.floor(rand() * (i + 1));
      const t = order[i];
      order[i] = order[k];
      order[k] = t;
    }
  }
  return writeLines(file, 'journey_id,timestamp,channel,conversions,value\n', order.length, (r) => {
    const k = order[r];
    const j = journeyOf[k];
    const last = k === data.offsets[j + 1] - 1 && data.converted[j] === 1;
    return `u${j},${new Date(data.time[k]).toISOString()},${names[data.channel[k]]},${last ? 1 : 0},${last ? data.value[j] : 0}\n`;
  });
}
