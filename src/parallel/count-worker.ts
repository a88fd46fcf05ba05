// Worker entry: counts the transitions of one range of paths and posts the
// counts back as JSON (channel names and state tuples, a few KB), which the
// main thread merges. The store arrays arrive as SharedArrayBuffer views, so
// nothing per touch is copied.
import { parentPort, workerData } from 'node:worker_threads';
import { TransitionCounter } from '../markov/transition-counter.js';
import type { PathStore } from '../types.js';
import type { CountTask } from './count-task.js';

const task = workerData as CountTask;
const store: PathStore = {
  channels: task.channels,
  pathCount: task.to - task.from,
  // Offsets stay absolute, so the shared touch array is indexed as it is.
  offsets: task.offsets.subarray(task.from, task.to + 1),
  touches: task.touches,
  times: null,
  conversionTimes: null,
  conversions: task.conversions.subarray(task.from, task.to),
  value: task.value.subarray(task.from, task.to),
  nulls: task.nulls.subarray(task.from, task.to),
  pathJourney: null,
  journeyIds: null,
  touchRows: null,
};
const counter = new TransitionCounter({ order: task.order, collapseRepeats: task.collapseRepeats }).add(store);
parentPort!.postMessage(counter.toJSON());
