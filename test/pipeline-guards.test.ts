// What the pipeline building blocks and the CLI's output paths refuse or handle: readable tables
// written to --out files, empty shards, credits of different settings, touch types in a stream,
// and channel names that would make transition rows ambiguous.
import { tableFromArrays } from 'apache-arrow';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attribute, attributeStream, CreditAccumulator, fromPathRows, PathSummary, readCsv, timeDecay } from '../src/index.js';
import { example, runInProcess } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'pathcredit-guards-'));

describe('--out with the table format writes the readable tables to the file, and nothing to stdout', () => {
  it('attribute, flows and journeys', async () => {
    const a = join(dir, 'attribute.txt');
    const r = await runInProcess(['attribute', example, '--models', 'first,linear', '-o', a]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(a, 'utf8')).toMatch(/Conversions credited\nchannel +first_touch +linear/);
    const f = join(dir, 'flows.txt');
    expect((await runInProcess(['flows', example, '-o', f])).stdout).toBe('');
    expect(readFileSync(f, 'utf8')).toMatch(/Nodes by step/);
    const j = join(dir, 'journeys.txt');
    const jr = await runInProcess(['journeys', example, '--model', 'linear', '-o', j]);
    expect(jr.code).toBe(0);
    expect(jr.stdout).toBe('');
    expect(existsSync(j)).toBe(true);
    // Every credited touch, not the 50-row terminal preview: one line per touch plus header and rule.
    const store = await readCsv(example);
    let touches = 0;
    for (let p = 0; p < store.pathCount; p++) if (store.conversions[p] > 0) touches += store.offsets[p + 1] - store.offsets[p];
    expect(touches).toBeGreaterThan(50);
    expect(readFileSync(j, 'utf8').trim().split('\n').length).toBe(touches + 2);
  });
});

describe('pipeline building blocks', () => {
  it('PathSummary: merging an empty summary (a shard without rows) adds nothing', () => {
    const whole = new PathSummary().add(fromPathRows([{ path: 'a > b', conversions: 2, nulls: 1 }]));
    const empty = PathSummary.fromJSON(JSON.parse(JSON.stringify(new PathSummary())));
    expect(whole.merge(empty).pathCount).toBe(1);
    expect(new PathSummary().merge(empty).pathCount).toBe(0);
  });

  it('CreditAccumulator refuses credits of one model computed with other settings, in add, merge and after a JSON round trip', () => {
    const store = fromPathRows([{ path: 'a > b', conversions: 1, times: [0, 86_400_000] }], { timesColumn: 'times' });
    const three = { halfLife: '3d' };
    const seven = { halfLife: '7d' };
    const acc = new CreditAccumulator().add(timeDecay(store, three), three);
    expect(() => acc.add(timeDecay(store, seven), seven)).toThrow(/credits of time_decay computed with other settings cannot be summed/);
    acc.add(timeDecay(store, three), { halfLife: '3d' });
    expect(acc.result()[0].totalConversions).toBe(2);
    const other = new CreditAccumulator().add(timeDecay(store, seven), seven);
    expect(() => CreditAccumulator.fromJSON(JSON.parse(JSON.stringify(acc))).merge(other)).toThrow(/other settings/);
    // Settings with their keys in another order are the same settings.
    const keyed = new CreditAccumulator().add(timeDecay(store, { halfLife: '3d', form: 'step' }), { halfLife: '3d', form: 'step' });
    expect(() => keyed.add(timeDecay(store, { form: 'step', halfLife: '3d' }), { form: 'step', halfLife: '3d' })).not.toThrow();
  });

  it('attributeStream refuses touch weights and channel-type Markov states before reading', async () => {
    const batch = tableFromArrays({ journey_id: ['u1', 'u1'], channel: ['a', 'b'], conversions: Float64Array.from([0, 1]), touch_type: ['click', 'impression'] });
    await expect(attributeStream([batch], { touchWeights: { weights: { click: 1, impression: 0.2 } } } as never)).rejects.toThrow(/attributeStream does not offer touch weights/);
    await expect(attributeStream([batch], { markovStates: 'channel-type' } as never)).rejects.toThrow(/does not offer channel-type Markov states/);
    // Without them the stream equals attribute on the whole input.
    const streamed = await attributeStream([batch], { models: ['linear'] });
    expect(Array.from(streamed.credits[0].conversions)).toEqual(Array.from(attribute(fromPathRows([{ path: 'a > b', conversions: 1 }]), { models: ['linear'] }).credits[0].conversions));
  });
});

describe('pathcredit transitions: channel names that would read as other transitions', () => {
  it('refuses a channel named like a state, and a name holding " > " above order 1', async () => {
    const { writeFileSync } = await import('node:fs');
    const nullish = join(dir, 'nullish.csv');
    writeFileSync(nullish, 'path,conversions,nulls\n(null) > b,1,1\n');
    const r = await runInProcess(['transitions', nullish, '--format', 'csv']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/a channel is named like a state of the chain.*got "\(null\)"/);
    const arrows = join(dir, 'arrows.csv');
    writeFileSync(arrows, 'journey_id,channel,conversions\nu1,A > B,0\nu1,c,1\n');
    expect((await runInProcess(['transitions', arrows, '--order', '2', '--format', 'csv'])).stderr).toMatch(/a channel name holds " > "/);
    expect((await runInProcess(['transitions', arrows, '--format', 'csv'])).code).toBe(0);
  });
});
