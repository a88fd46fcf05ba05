import { storeRange } from '../markov/count-shards.js';
import { TransitionCounter, type TransitionCounterJSON } from '../markov/transition-counter.js';

/** What the main thread hands a counting worker: shared store arrays and the shards. */
export interface CountTask {
  readonly channels: readonly string[];
  readonly order: number;
  readonly collapseRepeats: boolean;
  readonly offsets: Int32Array;
  readonly touches: Uint32Array;
  readonly conversions: Float64Array;
  readonly value: Float64Array;
  readonly nulls: Float64Array;
  /** Every shard, each `[first path, one past the last]`. */
  readonly shards: readonly (readonly [number, number])[];
  /** A shared counter: the next shard to take (every thread takes shards from it until none is left). */
  readonly next: Int32Array;
}

/** Counts shards of a {@link CountTask} until none is left: each shard's counts with its index. */
export function countTask(task: CountTask): [number, TransitionCounterJSON][] {
  const done: [number, TransitionCounterJSON][] = [];
  for (let s = Atomics.add(task.next, 0, 1); s < task.shards.length; s = Atomics.add(task.next, 0, 1)) {
    const [from, to] = task.shards[s];
    done.push([s, new TransitionCounter({ order: task.order, collapseRepeats: task.collapseRepeats }).add(storeRange(task, from, to)).toJSON()]);
  }
  return done;
}
