// The CLI of intervals, the Shapley family, order selection, group removal and diagnostics.
import { tableFromIPC } from 'apache-arrow';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { attribute, fromPathRows, readCsv } from '../src/index.js';
import { cli, example, parseCsv, peer, runInProcess } from './helpers/cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pathcredit-trust-'));
});

const ALL = ['first_touch', 'last_touch', 'last_non_direct', 'linear', 'position_based', 'time_decay', 'markov', 'shapley', 'shapley_rate', 'leave_one_out'];

describe('pathcredit attribute --models all --intervals (subprocess on the built package)', () => {
  it('prints every model with intervals and flags, as a table', async () => {
    const { code, stdout, stderr } = await cli(['attribute', example, '--models', 'all', '--intervals', '--format', 'table']);
    expect(code).toBe(0);
    for (const m of ALL) expect(stdout).toContain(m);
    expect(stdout).toMatch(/Conversions credited \(90% intervals\)/);
    // Cells read "credit [lo, hi]".
    expect(stdout).toMatch(/\d\.\d\d \[\d+\.\d\d, \d+\.\d\d\]/);
    expect(stdout).toMatch(/Markov removal effects/);
    expect(stdout).toMatch(/Diagnostics/);
    expect(stdout).toMatch(/\[few-conversions\]/);
    expect(stdout).toMatch(/\[wide-interval\] markov/);
    expect(stderr).toMatch(/intervals: 200 Poisson bootstrap replicates over 69 distinct paths, 90% percentile intervals \(type 7 quantiles\), seed 1, philox4x32-10/);
    expect(stderr).toMatch(/diagnostics: 16\.7% of conversions on one-touch paths; flags: /);
  });

  it('writes _lo and _hi columns equal to the library intervals in CSV, and identical output for any thread count', async () => {
    const args = ['attribute', example, '--models', 'all', '--intervals', '--replicates', '60', '--seed', '7', '-f', 'csv'];
    const [one, two] = await Promise.all([cli([...args, '--threads', '1']), cli([...args, '--threads', '2'])]);
    expect(one.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    const rows = parseCsv(one.stdout);
    const lib = attribute(await readCsv(example), { models: ALL as never, intervals: { replicates: 60, seed: 7 } });
    lib.intervals!.models.forEach((m) => {
      lib.table.channels.forEach((_, i) => {
        expect(Number(rows[i][`${m.model}_conversions_lo`])).toBe(m.conversionsLo[i]);
        expect(Number(rows[i][`${m.model}_conversions_hi`])).toBe(m.conversionsHi[i]);
        expect(Number(rows[i][`${m.model}_value_lo`])).toBe(m.valueLo[i]);
        expect(Number(rows[i][`${m.model}_value_hi`])).toBe(m.valueHi[i]);
      });
    });
    const mi = lib.intervals!.markov!;
    lib.table.channels.forEach((_, i) => expect(Number(rows[i].markov_removal_effect_lo)).toBe(mi.removalEffectsLo[i]));
    // Diagnostics columns: support behind each channel and its flags.
    lib.table.channels.forEach((_, i) => {
      expect(Number(rows[i].journeys)).toBe(lib.diagnostics.channelJourneys[i]);
      expect(Number(rows[i].conversions_behind)).toBe(lib.diagnostics.channelConversions[i]);
    });
    expect(rows[0].flags).toMatch(/few-conversions/);
    const total = rows[lib.table.channels.length];
    expect(total.row_type).toBe('total');
    expect(Number(total.linear_conversions_lo)).toBe(lib.intervals!.models.find((m) => m.model === 'linear')!.totalConversionsLo);
  });

  it('puts the interval columns in JSON and Arrow output too', async () => {
    const json = await runInProcess(['attribute', example, '--models', 'linear,markov', '--intervals', '--replicates', '20', '-f', 'json']);
    const parsed = JSON.parse(json.stdout) as Record<string, unknown>[];
    expect(Object.keys(parsed[0])).toEqual(
      expect.arrayContaining(['linear_conversions_lo', 'linear_conversions_hi', 'linear_value_lo', 'linear_value_hi', 'markov_removal_effect_hi', 'journeys', 'conversions_behind', 'flags']),
    );
    const file = join(dir, 'out.arrow');
    expect((await runInProcess(['attribute', example, '--models', 'linear', '--intervals', '--replicates', '20', '--out', file])).code).toBe(0);
    const table = tableFromIPC(readFileSync(file));
    expect(table.getChild('linear_conversions_lo')!.toArray()).toHaveLength(8);
    expect(Number(table.getChild('linear_conversions_lo')!.get(0))).toBe(parsed[0].linear_conversions_lo);
  });
});

describe('pathcredit attribute: the Shapley family, order selection, groups and diagnostics', () => {
  it('runs shapley, shapley-rate and leave-one-out by their CLI names with their conventions', async () => {
    const file = join(dir, 'snowplow.csv');
    writeFileSync(
      file,
      'path,conversions,value,nulls\nDirect,3,94.42,25\nOrganic_Search,1,66.5,26\nVideo,1,200,2\nOrganic_Search > Direct,1,140,1\nReferral,0,,2\n',
    );
    const { code, stdout } = await runInProcess(['attribute', file, '--models', 'shapley,shapley-rate,leave-one-out', '-f', 'csv']);
    expect(code).toBe(0);
    const rows = parseCsv(stdout);
    const direct = rows.find((r) => r.channel === 'Direct')!;
    expect(Number(direct.leave_one_out_conversions)).toBeCloseTo(3.5409582690664606, 9);
    expect(Number(direct.shapley_rate_conversions)).toBeCloseTo(3.570106, 6);
    expect(Number(direct.shapley_conversions)).toBe(3.5);
    const keep = parseCsv((await runInProcess(['attribute', file, '--models', 'shapley-rate', '--negative', 'keep', '--shapley-value', 'conversions', '-f', 'csv'])).stdout);
    expect(Number(keep.find((r) => r.channel === 'Direct')!.shapley_rate_conversions)).toBeCloseTo(3 + 0.5 * 3 + 0.5 * (1 - 1), 12);
  });

  it('--order auto prints the table per order and uses the chosen order', async () => {
    const { code, stderr } = await runInProcess([
      'attribute', peer, '--conversions-column', 'total_conversions', '--value-column', 'total_conversion_value', '--nulls-column', 'total_null',
      '--models', 'markov', '--order', 'auto', '--max-order', '3', '--collapse-repeats', '-f', 'csv',
    ]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/order selection \(smallest order whose held-out log-likelihood per journey .* is within 0\.001 nats of the best; an order whose chain repeats the one below it is never chosen\): chose order (\d)/);
    const chosen = Number(/chose order (\d)/.exec(stderr)![1]);
    expect(stderr).toMatch(new RegExp(`markov order ${chosen}:`));
    expect(stderr.match(/^ {2}[123] {2}\d+/gm)).toHaveLength(3);
  });

  it('--remove-groups adds group rows with removal effects and interactions; --diagnostics writes the full JSON', async () => {
    const diag = join(dir, 'diag.json');
    const { code, stdout } = await runInProcess(['attribute', example, '--models', 'markov', '--remove-groups', 'Email+Display,Social+Direct', '--diagnostics', diag, '-f', 'csv']);
    expect(code).toBe(0);
    const rows = parseCsv(stdout);
    const groups = rows.filter((r) => r.row_type === 'group');
    expect(groups.map((g) => g.channel)).toEqual(['Email+Display', 'Social+Direct']);
    const lib = attribute(await readCsv(example), { models: ['markov'], removeGroups: [['Email', 'Display'], ['Social', 'Direct']] });
    expect(Number(groups[0].markov_removal_effect)).toBe(lib.groupRemoval!.groups[0].removalEffect);
    expect(Number(groups[0].markov_interaction)).toBe(lib.groupRemoval!.groups[0].interaction);
    expect(groups[0].markov_conversions).toBe('');
    const doc = JSON.parse(readFileSync(diag, 'utf8'));
    expect(doc.channels).toEqual(lib.table.channels);
    expect(doc.diagnostics.channelConversions).toEqual(Array.from(lib.diagnostics.channelConversions));
    expect(doc.groupRemoval.groups[1].label).toBe('Social+Direct');
  });

  it('refuses bad flags with clear one-line errors (exit 1)', async () => {
    const cases: [string[], RegExp][] = [
      [['--intervals', '--replicates', '0'], /--replicates must be an integer >= 1/],
      [['--intervals', '--level', '1.5'], /--level must be a number strictly between 0 and 1/],
      [['--intervals', '--level', '0'], /--level/],
      [['--seed', '-3'], /--seed must be an integer >= 0/],
      [['--models', 'markov', '--remove-groups', 'Email+Nope'], /channel group 1 names an unknown channel .*Nope/],
      [['--models', 'linear,all'], /--models all stands alone/],
      [['--models', 'shapley-rate', '--negative', 'drop'], /--negative must be clamp or keep/],
      [['--models', 'markov', '--order', 'auto', '--max-order', '0'], /--max-order must be an integer from 1 to 10/],
      [['--models', 'markov', '--order', '2', '--max-order', '3'], /--max-order applies to --order auto only/],
    ];
    for (const [args, message] of cases) {
      const r = await runInProcess(['attribute', example, ...args]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(message);
    }
    const long = join(dir, 'long.csv');
    const path = Array.from({ length: 18 }, (_, i) => `c${i}`).join(' > ');
    writeFileSync(long, `path,conversions,nulls\n"${path}",2,1\nc1,1,1\n`);
    const r = await runInProcess(['attribute', long, '--models', 'shapley-rate', '--shapley-permutations', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/18 distinct channels, above maxExactChannels 16; allow permutation sampling/);
    expect((await runInProcess(['attribute', long, '--models', 'shapley-rate', '--shapley-max-exact', '18', '-f', 'csv'])).code).toBe(0);
  });

  it('notes that --models all skips time-decay on input without timestamps', async () => {
    const file = join(dir, 'paths.csv');
    writeFileSync(file, 'path,conversions,nulls\na > b,2,3\nb,1,4\n');
    const { code, stderr, stdout } = await runInProcess(['attribute', file, '--models', 'all', '-f', 'csv']);
    expect(code).toBe(0);
    expect(stderr).toMatch(/--models all skips time-decay: the input has no timestamps/);
    expect(parseCsv(stdout)[0]).toHaveProperty('leave_one_out_conversions');
    expect(attribute(fromPathRows([{ path: 'a', conversions: 1 }]), { models: ['markov'] }).diagnostics.flags.some((f) => f.kind === 'no-nulls')).toBe(true);
  });
});

describe('--seed', () => {
  it("seeds shapley-rate's permutation sampling too, like the library's seed option", async () => {
    const args = ['attribute', example, '--models', 'shapley-rate', '--shapley-max-exact', '1', '--shapley-permutations', '20', '-f', 'csv'];
    const column = async (seed: string) => parseCsv((await runInProcess([...args, '--seed', seed])).stdout).map((r) => Number(r.shapley_rate_conversions));
    const [seven, eight, again] = [await column('7'), await column('8'), await column('7')];
    expect(seven).toEqual(again);
    expect(seven).not.toEqual(eight);
    const store = await readCsv(example);
    const lib = attribute(store, { models: ['shapley_rate'], shapleyRate: { maxExactChannels: 1, permutations: 20, seed: 7 } });
    lib.credits[0].conversions.forEach((c, i) => expect(seven[i]).toBeCloseTo(c, 9));
  });
});
