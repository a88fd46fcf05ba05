import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { PathStore } from '../../src/index.js';

/** One row of the peer data with the library's default column names. */
export interface PeerRow {
  path: string;
  conversions: number;
  value: number;
  nulls: number;
}

/** ChannelAttribution's demo data (10,000 rows, 12 channels), parsed naively, independent of the readers. */
export function loadPeerRows(): PeerRow[] {
  const text = gunzipSync(readFileSync(new URL('../../fixtures/peers/channelattribution_pathdata.csv.gz', import.meta.url))).toString('utf8');
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => {
      const m = /^"([^"]*)",([^,]+),([^,]+),([^,]+)$/.exec(l)!;
      return { path: m[1], conversions: Number(m[2]), value: Number(m[3]), nulls: Number(m[4]) };
    });
}

/** Every field that defines a store, as plain arrays (NaN-safe through toEqual). */
export function plainStore(store: PathStore) {
  return {
    channels: [...store.channels],
    pathCount: store.pathCount,
    offsets: Array.from(store.offsets),
    touches: Array.from(store.touches),
    times: store.times && Array.from(store.times),
    conversionTimes: store.conversionTimes && Array.from(store.conversionTimes),
    conversions: Array.from(store.conversions),
    value: Array.from(store.value),
    nulls: Array.from(store.nulls),
    pathJourney: store.pathJourney && Array.from(store.pathJourney),
    journeyIds: store.journeyIds && [...store.journeyIds],
    touchRows: store.touchRows && Array.from(store.touchRows),
    unattributed: store.unattributed,
    skipped: store.skipped,
  };
}
