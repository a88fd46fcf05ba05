// A throw-away PostgreSQL server for tests: Debian's binaries, a cluster in a
// temporary folder, a free port on 127.0.0.1, stopped and removed afterwards.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { EventRow } from './events.js';

/** The folder holding initdb and pg_ctl, or null when PostgreSQL is not installed. */
export function postgresBinaries(): string | null {
  const candidates: string[] = [];
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    for (const v of readdirSync(root).sort((a, b) => Number(b) - Number(a))) candidates.push(join(root, v, 'bin'));
  }
  for (const dir of (process.env.PATH ?? '').split(':')) candidates.push(dir);
  return candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) ?? null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a cluster whose default collation is ICU `en-US` (which sorts
 * `email` before `Email`, unlike bytes), so the SQL's byte-order collation is
 * really exercised. As root, initdb runs as the `postgres` user.
 */
export async function startPostgres(bin: string) {
  const dir = mkdtempSync(join(tmpdir(), 'pathcredit-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const uid = asRoot ? Number(execFileSync('id', ['-u', 'postgres']).toString().trim()) : -1;
  const gid = asRoot ? Number(execFileSync('id', ['-g', 'postgres']).toString().trim()) : -1;
  if (asRoot) chownSync(dir, uid, gid);
  const exec = (file: string, args: string[]) =>
    execFileSync(asRoot ? 'runuser' : join(bin, file), asRoot ? ['-u', 'postgres', '--', join(bin, file), ...args] : args, { stdio: 'pipe', cwd: dir });
  const init = ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync'];
  try {
    exec('initdb', [...init, '--locale=C.UTF-8', '--locale-provider=icu', '--icu-locale=en-US']);
  } catch {
    exec('initdb', init);
  }
  const port = await freePort();
  exec('pg_ctl', ['-D', data, '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, '-w', '-l', join(dir, 'log'), 'start']);
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
  await client.connect();
  await client.query("SET TIME ZONE 'UTC'");
  return {
    async rows(sql: string): Promise<Record<string, unknown>[]> {
      return (await client.query(sql)).rows as Record<string, unknown>[];
    },
    /** Replaces table `events` with the rows (TIMESTAMPTZ times, TEXT ids and channels). */
    async load(rows: readonly EventRow[], name = 'events'): Promise<void> {
      await client.query(`DROP TABLE IF EXISTS "${name}"`);
      await client.query(`CREATE TABLE "${name}" (journey_id TEXT, "timestamp" TIMESTAMPTZ, channel TEXT, conversions DOUBLE PRECISION, value DOUBLE PRECISION, seq DOUBLE PRECISION)`);
      for (let at = 0; at < rows.length; at += 500) {
        const batch = rows.slice(at, at + 500);
        const values: unknown[] = [];
        const tuples = batch.map((r, i) => {
          values.push(r.journey, new Date(r.time).toISOString(), r.channel, r.conversions, r.value, r.seq);
          return `(${[1, 2, 3, 4, 5, 6].map((k) => `$${i * 6 + k}`).join(', ')})`;
        });
        await client.query(`INSERT INTO "${name}" VALUES ${tuples.join(', ')}`, values);
      }
    },
    async stop(): Promise<void> {
      await client.end().catch(() => undefined);
      try {
        exec('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export type TestPostgres = Awaited<ReturnType<typeof startPostgres>>;
