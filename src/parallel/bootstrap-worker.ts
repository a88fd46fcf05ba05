// Worker entry: runs one range of bootstrap replicates and posts the rows back.
// The units arrive as SharedArrayBuffer views; the rows (a few KB per replicate)
// are transferred, not copied.
import { parentPort, workerData } from 'node:worker_threads';
import type { PathStore } from '../types.js';
import { runReplicates } from '../uncertainty/bootstrap.js';
import type { BootstrapTask } from './bootstrap-task.js';

const task = workerData as BootstrapTask;
const store: PathStore = {
  channels: task.channels,
  pathCount: task.conversions.length,
  offsets: task.offsets,
  touches: task.touches,
  times: task.times,
  conversionTimes: task.conversionTimes,
  conversions: task.conversions,
  value: task.value,
  nulls: task.nulls,
  pathJourney: null,
  journeyIds: null,
  touchRows: null,
};
const batch = runReplicates({ store, keyHi: task.keyHi, keyLo: task.keyLo, withTimes: task.withTimes }, task.models, task.settings, task.seed, task.from, task.to);
parentPort!.postMessage(batch, [batch.rows.buffer as ArrayBuffer, batch.degenerate.buffer as ArrayBuffer]);
