import { csvCell, writeLines } from './text-file.js';
import type { Journeys } from './generate.js';

/** What {@link writePathSummaryCsv} wrote. */
export interface PathSummaryFile {
  readonly uniquePaths: number;
  readonly bytes: number;
}

/**
 * Aggregates the journeys to unique paths and writes them in
 * ChannelAttribution's own export format: `path,total_conversions,
 * total_conversion_value,total_null`, channels joined by `" > "`. One rare
 * channel is named `SMS, "Text"`, so the paths that hold it (a few percent)
 * are quoted with doubled quotes, as R's write.csv does. Paths are written
 * in order of first appearance.
 */
export async function writePathSummaryCsv(data: Journeys, file: string): Promise<PathSummaryFile> {
  // Aggregate by the path's channel ids (a compact key), in first-appearance order.
  const index = new Map<string, number>();
  const keys: string[] = [];
  const conversions: number[] = [];
  const value: number[] = [];
  const nulls: number[] = [];
  for (let j = 0; j < data.journeys; j++) {
    let key = '';
    for (let k = data.offsets[j]; k < data.offsets[j + 1]; k++) key += String.fromCharCode(65 + data.channel[k]);
    let p = index.get(key);
    if (p === undefined) {
      p = keys.length;
      index.set(key, p);
      keys.push(key);
      conversions.push(0);
      value.push(0);
      nulls.push(0);
    }
    if (data.converted[j]) {
      conversions[p]++;
      value[p] += data.value[j];
    } else nulls[p]++;
  }
  // Quoting on a rare channel only ("some quoted names"), not on a frequent one.
  const channelNames = data.channelNames.map((name, i) => (i === 3 ? 'Display' : i === 10 ? 'SMS, "Text"' : name));
  const bytes = await writeLines(file, 'path,total_conversions,total_conversion_value,total_null\n', keys.length, (p) => {
    const names: string[] = [];
    for (let i = 0; i < keys[p].length; i++) names.push(channelNames[keys[p].charCodeAt(i) - 65]);
    // Rounded to cents as an export would be.
    return `${csvCell(names.join(' > '))},${conversions[p]},${Math.round(value[p] * 100) / 100},${nulls[p]}\n`;
  });
  return { uniquePaths: keys.length, bytes };
}
