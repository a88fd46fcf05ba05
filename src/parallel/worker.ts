// Worker thread entry: runs the tasks the main thread's pool posts (see
// pool.ts) and posts each result back, moving its typed arrays rather than
// copying them. Store arrays arrive as SharedArrayBuffer views.
import { parentPort } from 'node:worker_threads';
import { readCsvRange, type CsvRangeTask } from '../io/csv/csv-range.js';
import { bootstrapTask, type BootstrapTask } from './bootstrap-task.js';
import { countTask, type CountTask } from './count-task.js';
import type { TaskKind } from './pool.js';
import { removalTask, type RemovalTask } from './removal-task.js';

parentPort!.on('message', async (message: { id: number; kind: TaskKind; task: unknown }) => {
  try {
    const result =
      message.kind === 'count'
        ? countTask(message.task as CountTask)
        : message.kind === 'removals'
          ? removalTask(message.task as RemovalTask)
          : message.kind === 'bootstrap'
            ? bootstrapTask(message.task as BootstrapTask)
            : await readCsvRange(message.task as CsvRangeTask);
    parentPort!.postMessage({ id: message.id, ok: true, result }, transferables(result));
  } catch (err) {
    const error = err instanceof Error ? { message: err.message, stack: err.stack } : { message: String(err) };
    parentPort!.postMessage({ id: message.id, ok: false, error });
  }
});

/** The distinct ArrayBuffers (not shared ones) under a result, to move instead of copying. */
function transferables(value: unknown, out = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) out.add(value.buffer);
  } else if (Array.isArray(value)) for (const v of value) transferables(v, out);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) transferables(v, out);
  return [...out];
}
