import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PathCreditError } from '../errors.js';

/** The tasks the worker script runs (see worker.ts). */
export type TaskKind = 'count' | 'csv-range' | 'removals' | 'bootstrap';

const WORKER_FILE = 'worker.js';

/**
 * The built worker script. From the library bundle it lies next to this
 * module, from the CLI bundle one folder up; when running from the
 * TypeScript sources (tests, benchmarks under tsx) the build's copy in dist/
 * is used if it exists. Null when there is none.
 */
function workerUrl(): URL | null {
  const candidates = [new URL(`./${WORKER_FILE}`, import.meta.url), new URL(`../${WORKER_FILE}`, import.meta.url)];
  if (import.meta.url.endsWith('.ts')) candidates.push(new URL(`../../dist/${WORKER_FILE}`, import.meta.url));
  return candidates.find((url) => existsSync(fileURLToPath(url))) ?? null;
}

interface Job {
  readonly id: number;
  readonly kind: TaskKind;
  readonly task: unknown;
  readonly transfer: readonly ArrayBuffer[];
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * A few long-lived worker threads that run tasks posted to them, so a run
 * pays a worker's start-up (tens of milliseconds) once, not per task. Idle
 * workers do not keep the process alive.
 */
export class WorkerPool {
  readonly #url: URL;
  #limit: number;
  readonly #idle: Worker[] = [];
  readonly #busy = new Map<Worker, Job>();
  readonly #queue: Job[] = [];
  #nextId = 0;

  /** @param url - the worker script; @param limit - most workers at once. */
  constructor(url: URL, limit: number) {
    this.#url = url;
    this.#limit = limit;
  }

  /** Lets the pool start up to `limit` workers. */
  allow(limit: number): void {
    this.#limit = Math.max(this.#limit, limit);
  }

  /**
   * Runs one task on a worker (a new one when all are busy and the limit
   * allows, else the next free one). `transfer` lists buffers moved, not
   * copied, to the worker.
   */
  run<T>(kind: TaskKind, task: unknown, transfer: readonly ArrayBuffer[] = []): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ id: this.#nextId++, kind, task, transfer, resolve: resolve as (value: unknown) => void, reject });
      this.#dispatch();
    });
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      let worker = this.#idle.pop();
      if (worker === undefined) {
        if (this.#busy.size >= this.#limit) return;
        worker = this.#spawn();
      }
      const job = this.#queue.shift()!;
      this.#busy.set(worker, job);
      worker.ref();
      worker.postMessage({ id: job.id, kind: job.kind, task: job.task }, [...job.transfer]);
    }
  }

  #spawn(): Worker {
    // execArgv: [] so loaders of the parent (e.g. a TypeScript runner) are not loaded again in each worker.
    const worker = new Worker(this.#url, { execArgv: [] });
    worker.on('message', (message: { id: number; ok: boolean; result?: unknown; error?: { message: string; stack?: string } }) => {
      const job = this.#busy.get(worker);
      if (job === undefined || job.id !== message.id) return;
      this.#busy.delete(worker);
      worker.unref();
      this.#idle.push(worker);
      if (message.ok) job.resolve(message.result);
      else job.reject(Object.assign(new Error(message.error?.message ?? 'worker task failed'), { stack: message.error?.stack }));
      this.#dispatch();
    });
    const fail = (error: unknown) => {
      const job = this.#busy.get(worker);
      this.#busy.delete(worker);
      const idle = this.#idle.indexOf(worker);
      if (idle >= 0) this.#idle.splice(idle, 1);
      job?.reject(error);
      this.#dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (this.#busy.has(worker)) fail(new Error(`worker thread stopped with exit code ${code}`));
    });
    return worker;
  }
}

let shared: WorkerPool | null | undefined;

/**
 * The process's worker pool, or null when the built worker script is not
 * available (the library running from its TypeScript sources without a
 * build): then everything runs on the calling thread.
 *
 * @param threads - threads wanted in all, the calling thread included.
 */
export function workerPool(threads: number): WorkerPool | null {
  if (shared === undefined) {
    const url = workerUrl();
    shared = url === null ? null : new WorkerPool(url, 1);
  }
  shared?.allow(Math.max(1, threads - 1));
  return shared;
}

/** True when worker threads can be used (the built worker script is present). */
export function parallelAvailable(): boolean {
  return workerUrl() !== null;
}

/** Threads to use: `requested` when given (at least 1), else the machine's cores. */
export function resolveThreads(requested: number | undefined): number {
  if (requested === undefined) return availableParallelism();
  if (!(Number.isInteger(requested) && requested >= 1)) throw new PathCreditError('threads must be an integer >= 1', { value: requested });
  return requested;
}
