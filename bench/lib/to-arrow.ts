import { Dictionary, Field, Float32, Float64, Int32, List, type Table, TimestampMillisecond, Uint8, Utf8, makeData, makeVector, tableFromArrays, vectorFromArray } from 'apache-arrow';
import { type Journeys, rng } from './generate.js';

function swap(a: { [i: number]: number }, i: number, k: number): void {
  const t = a[i];
  a[i] = a[k];
  a[k] = t;
}

/**
 * The generated journeys as an Arrow touchpoint table (journey_id, timestamp,
 * channel, conversions, value), built straight from typed arrays. With
 * `shuffleSeed`, rows are put in a seeded random order (not grouped by journey).
 */
export function touchpointTable(data: Journeys, shuffleSeed?: number): Table {
  const n = data.touches;
  const journeyId = new Int32Array(n);
  const conversions = new Uint8Array(n);
  const value = new Float32Array(n);
  const keys = new Int32Array(n);
  const ts = new BigInt64Array(n);
  const halves = new Int32Array(ts.buffer);
  for (let j = 0; j < data.journeys; j++) {
    const a = data.offsets[j];
    const b = data.offsets[j + 1];
    for (let k = a; k < b; k++) journeyId[k] = j;
    if (data.converted[j]) {
      conversions[b - 1] = 1;
      value[b - 1] = data.value[j];
    }
  }
  for (let k = 0; k < n; k++) {
    keys[k] = data.channel[k];
    const t = data.time[k];
    halves[2 * k] = t % 4294967296;
    halves[2 * k + 1] = Math.floor(t / 4294967296);
  }
  if (shuffleSeed !== undefined) {
    const rand = rng(shuffleSeed);
    for (let i = n - 1; i > 0; i--) {
      const k = Math.floor(rand() * (i + 1));
      swap(journeyId, i, k);
      swap(conversions, i, k);
      swap(value, i, k);
      swap(keys, i, k);
      const lo = halves[2 * i];
      const hi = halves[2 * i + 1];
      halves[2 * i] = halves[2 * k];
      halves[2 * i + 1] = halves[2 * k + 1];
      halves[2 * k] = lo;
      halves[2 * k + 1] = hi;
    }
  }
  const dict = vectorFromArray(data.channelNames, new Utf8());
  return tableFromArrays({
    journey_id: journeyId,
    timestamp: makeVector(makeData({ type: new TimestampMillisecond(), length: n, data: ts })),
    channel: makeVector(makeData({ type: new Dictionary(new Utf8(), new Int32()), length: n, data: keys, dictionary: dict })),
    conversions: makeVector(makeData({ type: new Uint8(), length: n, data: conversions })),
    value: makeVector(makeData({ type: new Float32(), length: n, data: value })),
  } as never) as unknown as Table;
}

/** The generated journeys as an Arrow path table: path List<Dictionary<Utf8>>, conversions, value, nulls (one row per journey). */
export function pathTable(data: Journeys): Table {
  const keys = Int32Array.from(data.channel);
  const dict = vectorFromArray(data.channelNames, new Utf8());
  const itemType = new Dictionary(new Utf8(), new Int32());
  const child = makeData({ type: itemType, length: data.touches, data: keys, dictionary: dict });
  const path = makeVector(makeData({ type: new List(new Field('item', itemType, false)), length: data.journeys, valueOffsets: data.offsets, child }));
  const conversions = new Float64Array(data.journeys);
  const nulls = new Float64Array(data.journeys);
  for (let j = 0; j < data.journeys; j++) {
    if (data.converted[j]) conversions[j] = 1;
    else nulls[j] = 1;
  }
  return tableFromArrays({
    path,
    conversions: makeVector(makeData({ type: new Float64(), length: data.journeys, data: conversions })),
    value: makeVector(makeData({ type: new Float64(), length: data.journeys, data: data.value })),
    nulls: makeVector(makeData({ type: new Float64(), length: data.journeys, data: nulls })),
  } as never) as unknown as Table;
}

