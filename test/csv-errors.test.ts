import { describe, expect, it } from 'vitest';
import { PathCreditError, readCsvPaths, readCsvTouchpoints } from '../src/index.js';

const HEADER = 'journey_id,timestamp,channel,conversions,value\n';
const bytes = (text: string) => new TextEncoder().encode(text);

/** Reads touchpoint CSV text and returns the PathCreditError it throws. */
async function failure(text: string, options = {}): Promise<PathCreditError> {
  try {
    await readCsvTouchpoints(bytes(text), { file: 'bad.csv', ...options });
  } catch (e) {
    expect(e).toBeInstanceOf(PathCreditError);
    return e as PathCreditError;
  }
  throw new Error('expected an error');
}

const GOOD = 'u1,2024-01-01T00:00:00Z,search,0,0\n';

// Each case: the bad line (placed as line 3, after one good row), the column and value the error names.
const CASES: { name: string; line: string; message: RegExp; column?: string; value: unknown }[] = [
  {
    name: 'an unterminated quote',
    line: 'u2,2024-01-01T00:00:00Z,"search,0,0\n',
    message: /^bad\.csv, line 3, column "channel": unterminated quoted field/,
    column: 'channel',
    value: '"search,0,0',
  },
  {
    name: 'text after a closing quote',
    line: 'u2,2024-01-01T00:00:00Z,"sea"rch,0,0\n',
    message: /^bad\.csv, line 3, column "channel": a closing quote must be followed by a delimiter or a line end/,
    column: 'channel',
    value: '"sea"rch,0,0',
  },
  {
    name: 'too many fields',
    line: 'u2,2024-01-01T00:00:00Z,search,0,0,extra\n',
    message: /^bad\.csv, line 3: expected 5 fields as in the header, found 6, got "u2,2024-01-01T00:00:00Z,search,0,0,extra"$/,
    value: 'u2,2024-01-01T00:00:00Z,search,0,0,extra',
  },
  {
    name: 'too few fields',
    line: 'u2,2024-01-01T00:00:00Z,search\n',
    message: /^bad\.csv, line 3: expected 5 fields as in the header, found 3/,
    value: 'u2,2024-01-01T00:00:00Z,search',
  },
  {
    name: 'a negative count',
    line: 'u2,2024-01-01T00:00:00Z,search,-1,0\n',
    message: /^bad\.csv, line 3, column "conversions": conversions must be a finite number >= 0, got "-1"$/,
    column: 'conversions',
    value: '-1',
  },
  {
    name: 'a non-numeric count',
    line: 'u2,2024-01-01T00:00:00Z,search,1,abc\n',
    message: /^bad\.csv, line 3, column "value": value must be a finite number >= 0, got "abc"$/,
    column: 'value',
    value: 'abc',
  },
  {
    name: 'value without conversions',
    line: 'u2,2024-01-01T00:00:00Z,search,0,5\n',
    message: /^bad\.csv, line 3, column "value": value > 0 on a row with no conversions cannot be attributed, got "5"$/,
    column: 'value',
    value: '5',
  },
  {
    name: 'an unparseable timestamp',
    line: 'u2,yesterday,search,0,0\n',
    message: /^bad\.csv, line 3, column "timestamp": timestamp cannot be parsed, got "yesterday"$/,
    column: 'timestamp',
    value: 'yesterday',
  },
  {
    name: 'an impossible date',
    line: 'u2,2024-02-30T00:00:00Z,search,0,0\n',
    message: /^bad\.csv, line 3, column "timestamp": timestamp cannot be parsed, got "2024-02-30T00:00:00Z"$/,
    column: 'timestamp',
    value: '2024-02-30T00:00:00Z',
  },
  {
    name: 'a missing timestamp',
    line: 'u2,,search,0,0\n',
    message: /^bad\.csv, line 3, column "timestamp": timestamp is missing, got ""$/,
    column: 'timestamp',
    value: '',
  },
  {
    name: 'an empty journey id',
    line: ',2024-01-01T00:00:00Z,search,0,0\n',
    message: /^bad\.csv, line 3, column "journey_id": journey id is empty, got ""$/,
    column: 'journey_id',
    value: '',
  },
  {
    name: 'neither a channel nor conversions',
    line: 'u2,2024-01-01T00:00:00Z,,0,0\n',
    message: /^bad\.csv, line 3, column "channel": a row needs a channel or conversions > 0, got ""$/,
    column: 'channel',
    value: '',
  },
];

describe('bad touchpoint input', () => {
  for (const c of CASES) {
    it(`stops at ${c.name}, naming file, line, column and value`, async () => {
      const e = await failure(HEADER + GOOD + c.line + GOOD);
      expect(e.message).toMatch(c.message);
      expect(e.file).toBe('bad.csv');
      expect(e.line).toBe(3);
      expect(e.column).toBe(c.column);
      expect(e.value).toBe(c.value);
    });

    it(`skips ${c.name} with skipInvalid and counts it`, async () => {
      const store = await readCsvTouchpoints(bytes(HEADER + GOOD + c.line + 'u3,2024-01-02T00:00:00Z,email,1,2\n'), {
        file: 'bad.csv',
        skipInvalid: true,
      });
      // An unterminated quote swallows the rest of the file: it is one bad record.
      const unterminated = c.name === 'an unterminated quote';
      expect(store.skipped?.count).toBe(1);
      expect(store.skipped?.samples[0]).toMatch(c.message);
      expect(store.pathCount).toBe(unterminated ? 1 : 2);
      // The skipped row keeps its number: the last row is input row 2.
      expect(Array.from(store.touchRows!)).toEqual(unterminated ? [0] : [0, 2]);
    });
  }

  it('stops at text after a closing quote in the last column', async () => {
    const e = await failure('journey_id,channel\nu1,"a"b\n');
    expect(e.message).toBe('bad.csv, line 2, column "channel": a closing quote must be followed by a delimiter or a line end, got "\\"a\\"b"');
    const ok = await readCsvTouchpoints(bytes('journey_id,channel\nu1,"a, b"\r\nu1,"c"'));
    expect(ok.channels).toEqual(['a, b', 'c']);
  });

  it('counts lines, not records, after a quoted newline', async () => {
    const e = await failure(HEADER + 'u1,2024-01-01T00:00:00Z,"two\nlines",0,0\r\nu1,2024-01-01T00:00:00Z,x,-2,0\n');
    expect(e.line).toBe(4);
    expect(e.message).toMatch(/^bad\.csv, line 4, column "conversions"/);
  });

  it('names the column and lists the header when a named column is missing', async () => {
    const e = await failure(HEADER + GOOD, { channelColumn: 'source' });
    expect(e.message).toBe(
      'bad.csv, line 1, column "source": missing column (the header has "journey_id", "timestamp", "channel", "conversions", "value")',
    );
    const t = await failure('journey_id,channel\nu1,a\n', { timestampColumn: 'ts' });
    expect(t.column).toBe('ts');
    const required = await failure('user,channel\nu1,a\n');
    expect(required.message).toMatch(/column "journey_id": missing column \(the header has "user", "channel"\)/);
  });

  it('refuses empty input: no header, or no data rows', async () => {
    expect((await failure('')).message).toBe('bad.csv: the input is empty: a header row is required');
    expect((await failure(HEADER)).message).toBe('bad.csv: the input has no rows');
    expect((await failure(HEADER + '\n\n')).message).toBe('bad.csv: the input has no rows');
  });

  it('refuses input where every row was skipped', async () => {
    const e = await failure(HEADER + 'u1,2024-01-01T00:00:00Z,a,-1,0\n', { skipInvalid: true });
    expect(e.message).toMatch(/^bad\.csv: every row was invalid \(1 skipped\): bad\.csv, line 2/);
  });

  it('needs timestamps for a lookback', async () => {
    const e = await failure('journey_id,channel\nu1,a\n', { lookback: '7d' });
    expect(e.message).toMatch(/lookback needs timestamps/);
  });

  it('refuses bad dialect options and a column named twice in the header', async () => {
    expect((await failure(HEADER + GOOD, { timestampFormat: 'unix' })).message).toMatch(/timestampFormat must be/);
    expect((await failure(HEADER + GOOD, { delimiter: ';;' })).message).toMatch(/delimiter must be one ASCII character/);
    expect((await failure(HEADER + GOOD, { quote: ',' })).message).toMatch(/delimiter and quote must differ/);
    expect((await failure('journey_id,channel,channel\nu1,a,b\n')).message).toBe(
      'bad.csv, line 1, column "channel": the header names this column more than once',
    );
  });

  it('names the file when it cannot be read', async () => {
    await expect(readCsvTouchpoints('/nonexistent/x.csv')).rejects.toThrow(/^\/nonexistent\/x\.csv: cannot read the input/);
  });
});

describe('bad path input', () => {
  const read = (text: string, options = {}) => readCsvPaths(bytes(text), { file: 'p.csv', ...options });

  it('names file, line, column and value for bad counts and empty paths', async () => {
    await expect(read('path,conversions\na > b,-1\n')).rejects.toThrow('p.csv, line 2, column "conversions": conversions must be a finite number >= 0, got "-1"');
    await expect(read('path,conversions\na > b,\n')).rejects.toThrow('p.csv, line 2, column "conversions": conversions must be a finite number >= 0, got ""');
    await expect(read('path,conversions,nulls\na > b,1,x\n')).rejects.toThrow('p.csv, line 2, column "nulls": nulls must be a finite number >= 0, got "x"');
    await expect(read('path,conversions\na >  > b,1\n')).rejects.toThrow('p.csv, line 2, column "path": path has an empty channel name or no channels, got "a >  > b"');
    await expect(read('path,conversions\n"a\nb",1\nx,"1\n')).rejects.toThrow(/^p\.csv, line 4, column "conversions": unterminated quoted field/);
  });

  it('names a missing column and lists the header', async () => {
    await expect(read('path,total\na,1\n')).rejects.toThrow('p.csv, line 1, column "conversions": missing column (the header has "path", "total")');
    await expect(read('path,conversions\na,1\n', { valueColumn: 'revenue' })).rejects.toThrow(/column "revenue": missing column/);
  });

  it('skips bad rows with skipInvalid', async () => {
    const store = await read('path,conversions\na,1\nb,-1\nc,x\nd,2\n', { skipInvalid: true });
    expect(store.pathCount).toBe(2);
    expect(store.skipped).toEqual({
      count: 2,
      samples: [
        'p.csv, line 3, column "conversions": conversions must be a finite number >= 0, got "-1"',
        'p.csv, line 4, column "conversions": conversions must be a finite number >= 0, got "x"',
      ],
    });
  });
});
