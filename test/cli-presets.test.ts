// The CLI's --preset, --transform, --touch-weights and --markov-states: the library's numbers,
// flags that win over the preset, the closing summary, and clear errors.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyTransforms, attribute, parseTransforms, preset, readCsv } from '../src/index.js';
import { parseCsv, peer, runInProcess } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'pathcredit-presets-'));
const typed = join(dir, 'typed.csv');
writeFileSync(
  typed,
  `journey_id,timestamp,channel,touch_type,conversions,value
u1,2024-01-01,display,impression,0,0
u1,2024-01-02,search,click,1,30
u2,2024-01-01,display,click,0,0
u2,2024-01-03,email,click,1,10
u3,2024-01-01,display,impression,0,0
u3,2024-01-02,search,impression,0,0
u4,2024-01-01,Direct,click,0,0
u4,2024-01-02,search,click,0,0
u4,2024-01-02,Direct,click,1,5
`,
);
const t0 = Date.UTC(2024, 2, 1, 12, 0, 0) * 1000;
const ga4 = join(dir, 'ga4.csv');
writeFileSync(
  ga4,
  `user_pseudo_id,event_timestamp,source_medium,event_name,purchase_revenue
u1,${t0},google / cpc,session_start,
u1,${t0 + 60e6},(direct) / (none),page_view,
u1,${t0 + 120e6},(direct) / (none),purchase,49.5
u2,${t0 + 5e6},facebook / social,session_start,
u2,${t0 + 9e6},facebook / social,purchase,20
`,
);
const column = (rows: Record<string, string>[], name: string) => Object.fromEntries(rows.filter((r) => r.row_type === 'channel').map((r) => [r.channel, Number(r[name])]));

describe('--preset', () => {
  it('channelattribution: its models and columns, the library numbers, and its differences on stderr', async () => {
    const res = await runInProcess(['attribute', peer, '--preset', 'channelattribution', '--format', 'csv']);
    expect(res.code).toBe(0);
    const rows = parseCsv(res.stdout);
    expect(Object.keys(rows[0]).filter((k) => k.endsWith('_conversions'))).toEqual(['first_touch_conversions', 'last_touch_conversions', 'linear_conversions', 'markov_conversions']);
    const p = preset('channelattribution');
    const lib = attribute(await readCsv(peer, p.input), p.attribute);
    const markov = column(rows, 'markov_conversions');
    lib.credits[3].channels.forEach((c, i) => expect(markov[c]).toBeCloseTo(lib.credits[3].conversions[i], 9));
    expect(res.stderr).toMatch(/preset channelattribution \(ChannelAttribution/);
    expect(res.stderr).toMatch(/simulating journeys/);
  });

  it('a flag you give wins over the preset; its time decay is left out (with a note) without timestamps', async () => {
    const res = await runInProcess(['attribute', peer, '--preset', 'eeghor', '--models', 'first,linear', '--format', 'csv']);
    expect(res.code).toBe(0);
    expect(Object.keys(parseCsv(res.stdout)[0]).filter((k) => k.endsWith('_conversions'))).toEqual(['first_touch_conversions', 'linear_conversions']);
    const adobe = await runInProcess(['attribute', peer, '--preset', 'adobe', '--conversions-column', 'total_conversions', '--value-column', 'total_conversion_value', '--nulls-column', 'total_null', '--format', 'csv']);
    expect(adobe.code).toBe(0);
    expect(Object.keys(parseCsv(adobe.stdout)[0])).not.toContain('time_decay_conversions');
    expect(adobe.stderr).toMatch(/time-decay is left out: the input has no timestamps/);
  });

  it('eeghor: collapses repeats and splits linear over distinct channels, like the library', async () => {
    const res = await runInProcess(['attribute', peer, '--preset', 'eeghor', '--format', 'csv']);
    expect(res.code).toBe(0);
    expect(res.stderr).toMatch(/path transforms: exposure/);
    const p = preset('eeghor');
    const lib = attribute(applyTransforms(await readCsv(peer, p.input), p.transforms), p.attribute);
    const linear = column(parseCsv(res.stdout), 'linear_conversions');
    const l = lib.credits.find((c) => c.model === 'linear')!;
    l.channels.forEach((c, i) => expect(linear[c]).toBeCloseTo(l.conversions[i], 9));
  });

  it("ga4: reads the export's columns, microsecond times and purchase events, and skips (direct) / (none)", async () => {
    const res = await runInProcess(['attribute', ga4, '--preset', 'ga4', '--format', 'csv']);
    expect(res.code).toBe(0);
    const rows = parseCsv(res.stdout);
    const last = column(rows, 'last_non_direct_conversions');
    expect(last['google / cpc']).toBe(1);
    expect(last['facebook / social']).toBe(1);
    expect(column(rows, 'time_decay_conversions')['google / cpc']).toBeGreaterThan(0);
  });

  it('refuses an unknown preset', async () => {
    const res = await runInProcess(['attribute', peer, '--preset', 'nope']);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/unknown preset \(known: channelattribution/);
  });
});

describe('--transform', () => {
  it('equals applyTransforms then attribute, in attribute, journeys and transitions', async () => {
    const list = 'exposure,remove-if-not-all:Direct';
    const res = await runInProcess(['attribute', typed, '--transform', list, '--models', 'linear,markov', '--format', 'csv']);
    expect(res.code).toBe(0);
    const store = applyTransforms(await readCsv(typed), parseTransforms(list));
    const lib = attribute(store, { models: ['linear', 'markov'] });
    const linear = column(parseCsv(res.stdout), 'linear_conversions');
    lib.credits[0].channels.forEach((c, i) => expect(linear[c]).toBeCloseTo(lib.credits[0].conversions[i], 12));
    expect(linear.Direct).toBeUndefined(); // u4's Direct touches are gone: search takes its conversion
    const journeys = await runInProcess(['journeys', typed, '--transform', list, '--format', 'csv']);
    expect(parseCsv(journeys.stdout).map((r) => r.channel)).not.toContain('Direct');
    const transitions = await runInProcess(['transitions', typed, '--transform', 'first', '--format', 'csv']);
    expect(transitions.code).toBe(0);
  });
  it('names a bad transform before reading', async () => {
    const res = await runInProcess(['attribute', typed, '--transform', 'exposure,bogus']);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/unknown path transform "bogus"/);
  });
});

describe('--touch-weights and --markov-states', () => {
  it('weigh the heuristics by type and split Markov states, like the library', async () => {
    const res = await runInProcess(['attribute', typed, '--models', 'linear,markov', '--touch-weights', 'click=1,impression=0.2', '--markov-states', 'channel-type', '--format', 'csv']);
    expect(res.code).toBe(0);
    const store = await readCsv(typed, { attributeColumns: ['touch_type'] });
    const lib = attribute(store, { models: ['linear', 'markov'], touchWeights: { weights: { click: 1, impression: 0.2 } }, markovStates: 'channel-type' });
    const rows = parseCsv(res.stdout);
    for (const [m, name] of [
      [0, 'linear_conversions'],
      [1, 'markov_conversions'],
    ] as const) {
      const got = column(rows, name);
      lib.credits[m].channels.forEach((c, i) => expect(got[c]).toBeCloseTo(lib.credits[m].conversions[i], 12));
    }
    // display: u1 0.2 / 1.2 of 1 conversion, u2 1/2.
    expect(column(rows, 'linear_conversions').display).toBeCloseTo(0.2 / 1.2 + 0.5, 12);
  });

  it('transitions --markov-states channel-type shows the typed states; a missing column or type is a clear error', async () => {
    const t = await runInProcess(['transitions', typed, '--markov-states', 'channel-type', '--format', 'csv']);
    expect(t.code).toBe(0);
    expect(parseCsv(t.stdout).map((r) => r.to)).toContain('display [impression]');
    const missing = await runInProcess(['attribute', typed, '--touch-weights', 'click=1', '--models', 'linear']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no weight for touch type "impression"/);
    const noColumn = await runInProcess(['attribute', typed, '--touch-weights', 'click=1', '--touch-type-column', 'kind']);
    expect(noColumn.code).toBe(1);
    expect(noColumn.stderr).toMatch(/kind/);
    const bad = await runInProcess(['attribute', typed, '--markov-states', 'both']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--markov-states must be channel or channel-type/);
  });
});

describe('what the closing summary and the early checks say', () => {
  it('snowplow reads the touchpoint table its docs build (events named conversion, no conversions column)', async () => {
    const file = join(dir, 'snowplow-touchpoints.csv');
    writeFileSync(
      file,
      `customer_id,tstamp,channel,event,revenue
c1,2024-03-01T10:00:00Z,Organic_Search,session,
c1,2024-03-02T10:00:00Z,Direct,session,
c1,2024-03-02T10:05:00Z,,conversion,140
c2,2024-03-01T09:00:00Z,Direct,session,
`,
    );
    const res = await runInProcess(['attribute', file, '--preset', 'snowplow', '--models', 'last', '--format', 'csv']);
    expect(res.code).toBe(0);
    const last = column(parseCsv(res.stdout), 'last_touch_conversions');
    expect(last).toEqual({ Organic_Search: 0, Direct: 1 });
    expect(column(parseCsv(res.stdout), 'last_touch_value').Direct).toBe(140);
  });

  it('counts the converting paths whose touches all weigh 0 (they keep the positional split)', async () => {
    const res = await runInProcess(['attribute', typed, '--touch-weights', 'click=1,impression=0', '--models', 'linear', '--format', 'csv']);
    expect(res.code).toBe(0);
    // No converting journey is all impressions in `typed`: nothing to say.
    expect(res.stderr).not.toMatch(/touch weights:/);
    const zero = await runInProcess(['attribute', typed, '--touch-weights', 'click=0,impression=0', '--models', 'linear,first', '--format', 'csv']);
    expect(zero.code).toBe(0);
    // u1, u2 and u4 convert; every touch weighs 0. First touch credits one touch whatever its weight.
    expect(zero.stderr).toMatch(/touch weights: converting paths whose credited touches all weigh 0 kept the model's positional split: linear 3/);
  });

  it('checks --window and --step before reading, and the window flags need --window', async () => {
    const missing = join(dir, 'does-not-exist.csv');
    expect((await runInProcess(['attribute', missing, '--window', '28x'])).stderr).toMatch(/--window must be a duration/);
    expect((await runInProcess(['attribute', missing, '--window', '36h'])).stderr).toMatch(/--window must be a whole number of days/);
    expect((await runInProcess(['attribute', missing, '--window', '7d', '--window-end', 'soon'])).stderr).toMatch(/--window-end must be an ISO date/);
    expect((await runInProcess(['attribute', typed, '--step', '7d'])).stderr).toMatch(/--step needs --window/);
    const days = await runInProcess(['attribute', typed, '--window', '2', '--models', 'last', '--format', 'csv']);
    expect(days.code).toBe(0);
    expect(days.stderr).toMatch(/windows? of 2 days/);
  });

  it('says how many journeys fall outside every window', async () => {
    const res = await runInProcess(['attribute', typed, '--window', '1d', '--window-end', '2024-01-02', '--models', 'last', '--format', 'csv']);
    expect(res.code).toBe(0);
    // Windows 01-01 and 01-02; u2 (converts 01-03) is outside.
    expect(res.stderr).toMatch(/outside every window: 1 journeys with 1 conversions on 1 day \(not in the output\)/);
  });

  it('refuses malformed transform and weight lists once, without repeating the value', async () => {
    const trim = await runInProcess(['attribute', typed, '--transform', 'trim-long-path:1e2']);
    expect(trim.stderr).toMatch(/trim-long-path needs an integer number of steps/);
    expect(trim.stderr.match(/trim-long-path:1e2/g)!.length).toBe(1);
    expect((await runInProcess(['attribute', typed, '--touch-weights', 'click=1=2'])).stderr).toMatch(/touch weights must be type=weight pairs/);
  });
});
