import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PathCreditError } from '../../errors.js';
import { type DuckDBModule, loadDuckDB } from './load-duckdb.js';

/** Resources of the embedded DuckDB engine. */
export interface DuckDBResourceOptions {
  /**
   * DuckDB's memory limit, e.g. `"2GB"`. Above it DuckDB spills sorts and
   * aggregates to `tempDirectory`. Default: DuckDB's (80% of the machine's memory).
   */
  readonly memoryLimit?: string;
  /** Threads DuckDB may use. Default: DuckDB's (all cores). */
  readonly threads?: number;
  /** Folder for spilled data. Default: a fresh folder in the system's temp folder, removed afterwards. */
  readonly tempDirectory?: string;
}

type Connection = Awaited<ReturnType<Awaited<ReturnType<DuckDBModule['DuckDBInstance']['create']>>['connect']>>;
type Chunk = NonNullable<Awaited<ReturnType<Awaited<ReturnType<Connection['stream']>>['fetchChunk']>>>;

/**
 * One in-memory DuckDB database and connection for one engine run: settings
 * applied (UTC session time zone, so text timestamps without a zone are UTC as
 * in process), errors turned into PathCreditErrors naming the input, and
 * everything closed and removed by {@link DuckDBSession.close}.
 */
export class DuckDBSession {
  readonly #connection: Connection;
  readonly #close: () => void;
  readonly #label: string | undefined;

  private constructor(connection: Connection, close: () => void, label: string | undefined) {
    this.#connection = connection;
    this.#close = close;
    this.#label = label;
  }

  /**
   * Opens a session.
   * @param label - the input's name, for error messages.
   * @param specifier - module to load (tests only).
   */
  static async open(options: DuckDBResourceOptions, label: string | undefined, specifier?: string): Promise<DuckDBSession> {
    const duckdb = await loadDuckDB(specifier);
    const ownTemp = options.tempDirectory === undefined ? mkdtempSync(join(tmpdir(), 'pathcredit-duckdb-')) : null;
    const config: Record<string, string> = { temp_directory: options.tempDirectory ?? ownTemp! };
    if (options.memoryLimit !== undefined) config.memory_limit = options.memoryLimit;
    if (options.threads !== undefined) {
      if (!Number.isInteger(options.threads) || options.threads < 1) throw new PathCreditError('threads must be a positive integer', { value: options.threads });
      config.threads = String(options.threads);
    }
    const removeTemp = () => {
      if (ownTemp !== null) rmSync(ownTemp, { recursive: true, force: true });
    };
    let instance: Awaited<ReturnType<typeof duckdb.DuckDBInstance.create>>;
    try {
      instance = await duckdb.DuckDBInstance.create(':memory:', config);
    } catch (cause) {
      removeTemp();
      throw new PathCreditError(`DuckDB refused the settings (${firstLine(cause)})`, { value: config }, { cause });
    }
    const connection = await instance.connect();
    const session = new DuckDBSession(
      connection,
      () => {
        connection.closeSync();
        instance.closeSync();
        removeTemp();
      },
      label,
    );
    // Row order is not needed by the queries; dropping it lets DuckDB stream and spill more freely.
    await session.run("SET TimeZone = 'UTC'; SET preserve_insertion_order = false");
    return session;
  }

  /** Runs statements whose results are not needed. */
  async run(sql: string): Promise<void> {
    try {
      await this.#connection.run(sql);
    } catch (cause) {
      throw this.#error(cause);
    }
  }

  /** Runs a query with a small result and returns its rows as plain objects. */
  async rows(sql: string): Promise<Record<string, unknown>[]> {
    try {
      const reader = await this.#connection.runAndReadAll(sql);
      return reader.getRowObjectsJS() as Record<string, unknown>[];
    } catch (cause) {
      throw this.#error(cause);
    }
  }

  /** Streams a query's result chunk by chunk (column vectors, no row objects). */
  async chunks(sql: string, onChunk: (chunk: Chunk) => void): Promise<void> {
    try {
      const result = await this.#connection.stream(sql);
      for (;;) {
        const chunk = await result.fetchChunk();
        if (chunk === null || chunk.rowCount === 0) break;
        onChunk(chunk);
      }
    } catch (cause) {
      if (cause instanceof PathCreditError) throw cause;
      throw this.#error(cause);
    }
  }

  /** Closes the connection and the database and removes the spill folder. Safe to call twice. */
  close(): void {
    try {
      this.#close();
    } catch {
      // already closed
    }
  }

  #error(cause: unknown): PathCreditError {
    const text = firstLine(cause);
    if (/No files found that match the pattern/i.test(text)) {
      return new PathCreditError(`no file matches the input (${text})`, { file: this.#label }, { cause });
    }
    return new PathCreditError(`DuckDB: ${text}`, { file: this.#label }, { cause });
  }
}

/** The type of one result chunk, for readers. */
export type DuckDBChunk = Chunk;

function firstLine(cause: unknown): string {
  return (cause instanceof Error ? cause.message : String(cause)).split('\n')[0];
}
