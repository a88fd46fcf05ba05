/**
 * Seeded campaign-level path summaries for the Markov scale benchmark: many
 * channels with Zipf popularity (weight 1 / rank), paths of 1 to 12 touches
 * (uniform), one CSV row per path with `path,conversions,value,nulls`.
 * Each row stands for a few journeys (1 + an exponential with mean 2, floored);
 * each converts with a probability that grows with its channels' lifts, and
 * converting journeys carry a lognormal order value around 50.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { rng, zipfPicker } from './generate.js';

/** Channel name of rank `i` (0-based), e.g. `camp_00042`. */
export function campaignName(i: number): string {
  return `camp_${String(i).padStart(5, '0')}`;
}

/** One generated path row: channel ranks, counts and value. */
export interface CampaignRow {
  readonly touches: Uint32Array;
  readonly conversions: number;
  readonly nulls: number;
  readonly value: number;
}

/**
 * Yields `rows` seeded path rows over `channels` channels.
 * @param seed - PRNG seed; the same arguments always give the same rows.
 */
export function* campaignRows(rows: number, channels: number, seed = 7): Generator<CampaignRow> {
  const rand = rng(seed);
  const pick = zipfPicker(rand, channels);
  // Per-channel lift of the conversion probability, spread deterministically over 0..0.03.
  const lift = Float64Array.from({ length: channels }, (_, c) => (0.03 * ((c * 7919) % 101)) / 101);
  for (let r = 0; r < rows; r++) {
    const len = 1 + Math.floor(rand() * 12);
    const touches = new Uint32Array(len);
    let p = 0.02;
    for (let i = 0; i < len; i++) {
      touches[i] = pick();
      p += lift[touches[i]];
    }
    p = Math.min(p, 0.6);
    const journeys = 1 + Math.floor(-Math.log(1 - rand()) * 2);
    let conversions = 0;
    let value = 0;
    for (let j = 0; j < journeys; j++) {
      if (rand() < p) {
        conversions++;
        const gauss = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
        value += Math.round(50 * Math.exp(0.5 * gauss) * 100) / 100;
      }
    }
    yield { touches, conversions, nulls: journeys - conversions, value: Math.round(value * 100) / 100 };
  }
}

/** Writes {@link campaignRows} as a CSV file (`path,conversions,value,nulls`, channels joined by `" > "`). */
export async function writeCampaignCsv(file: string, rows: number, channels: number, seed = 7): Promise<void> {
  const out = createWriteStream(file);
  let buf = 'path,conversions,value,nulls\n';
  for (const row of campaignRows(rows, channels, seed)) {
    buf += `${Array.from(row.touches, campaignName).join(' > ')},${row.conversions},${row.value},${row.nulls}\n`;
    if (buf.length > 1 << 16) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}
