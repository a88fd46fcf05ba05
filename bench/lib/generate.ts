/**
 * Seeded generator of realistic journeys for benchmarks: skewed channel
 * popularity (Zipf-like), geometric path length with mean 4, a conversion
 * rate of a few percent that depends on the channels present, timestamps
 * (exponential gaps of about a day) and lognormal order values.
 * A journey here is one path: it converts (after its last touch) or not.
 */

/** The generated journeys, in typed arrays. */
export interface Journeys {
  readonly journeys: number;
  readonly touches: number;
  readonly channelNames: string[];
  /** CSR offsets per journey. */
  readonly offsets: Int32Array;
  /** Channel id per touch. */
  readonly channel: Uint16Array;
  /** Epoch ms per touch. */
  readonly time: Float64Array;
  /** 1 when the journey converts. */
  readonly converted: Uint8Array;
  /** Order value per journey (0 when it does not convert). */
  readonly value: Float64Array;
}

/** Deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws channel ranks 0..channels-1 with probability proportional to 1 / (rank + 1) (Zipf), by binary search on the CDF. */
export function zipfPicker(rand: () => number, channels: number): () => number {
  const cdf = new Float64Array(channels);
  let total = 0;
  for (let c = 0; c < channels; c++) cdf[c] = total += 1 / (c + 1);
  for (let c = 0; c < channels; c++) cdf[c] /= total;
  return () => {
    const u = rand();
    let lo = 0;
    let hi = channels - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const BASE_NAMES = ['Paid Search', 'Organic Search', 'Email', 'Display', 'Social', 'Direct', 'Affiliate', 'Video', 'Referral', 'Paid Social', 'SMS', 'Push'];

/** Channel names; one name contains a comma and quotes so CSV output needs RFC 4180 quoting. */
export function channelNames(count: number): string[] {
  const names: string[] = [];
  for (let i = 0; i < count; i++) names.push(i < BASE_NAMES.length ? BASE_NAMES[i] : `channel_${i}`);
  if (count > 3) names[3] = 'Display, "Brand"';
  return names;
}

/**
 * Generates `journeys` journeys over `channels` channels.
 * @param seed - PRNG seed; the same arguments always give the same data.
 * @param spanDays - journeys start uniformly over this many days from 2025-01-01.
 */
export function generateJourneys(journeys: number, channels = 12, seed = 1, spanDays = 60): Journeys {
  const rand = rng(seed);
  const weights = Float64Array.from({ length: channels }, (_, i) => 1 / (i + 1) ** 1.1);
  const cumulative = new Float64Array(channels);
  let total = 0;
  for (let i = 0; i < channels; i++) cumulative[i] = total += weights[i];
  // Each channel lifts the conversion odds a little; rarer channels lift more.
  const lift = Float64Array.from({ length: channels }, (_, i) => 0.004 + 0.012 * ((i * 7919) % 13) / 13);
  const offsets = new Int32Array(journeys + 1);
  const lengths = new Uint8Array(journeys);
  let touches = 0;
  for (let j = 0; j < journeys; j++) {
    let len = 1;
    while (rand() < 0.75 && len < 200) len++;
    lengths[j] = len;
    touches += len;
    offsets[j + 1] = touches;
  }
  const channel = new Uint16Array(touches);
  const time = new Float64Array(touches);
  const converted = new Uint8Array(journeys);
  const value = new Float64Array(journeys);
  const start = Date.UTC(2025, 0, 1);
  for (let j = 0; j < journeys; j++) {
    let t = start + Math.floor(rand() * spanDays * 86_400_000);
    let p = 0.01;
    for (let k = offsets[j]; k < offsets[j + 1]; k++) {
      const u = rand() * total;
      let c = 0;
      while (cumulative[c] < u) c++;
      channel[k] = c;
      time[k] = t;
      t += Math.floor(-Math.log(1 - rand()) * 86_400_000);
      p += lift[c];
    }
    if (rand() < Math.min(p, 0.5)) {
      converted[j] = 1;
      // Lognormal order value around 50, rounded to cents.
      const gauss = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
      value[j] = Math.round(50 * Math.exp(0.5 * gauss) * 100) / 100;
    }
  }
  return { journeys, touches, channelNames: channelNames(channels), offsets, channel, time, converted, value };
}
