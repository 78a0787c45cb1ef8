// Finds the events of an icount interval by binary search, for the
// time-travel engine: which events fall inside a snapshot interval, which
// event index to resume from after restoring a snapshot, and which
// checkpoints to compare while re-executing. Grows while recording.

import { LogError } from './errors';
import { ReplayEvent } from './events';
import { CheckpointEvent } from './events/checkpoint';
import { EventKind } from './events/kinds';

/** Index of the first entry of sorted `keys[0, length)` that is >= key (strict: > key). */
function lowerBound(keys: Float64Array, length: number, key: number, strict: boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < key || (strict && keys[mid] === key)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function grow(keys: Float64Array, need: number): Float64Array {
  if (need <= keys.length) return keys;
  const grown = new Float64Array(Math.max(need, keys.length * 2));
  grown.set(keys);
  return grown;
}

export class EventIndex {
  private icounts: Float64Array = new Float64Array(16);
  private readonly list: ReplayEvent[] = [];
  private checkpointIcounts: Float64Array = new Float64Array(16);
  private readonly checkpoints: CheckpointEvent[] = [];

  constructor(events: readonly ReplayEvent[] = []) {
    this.icounts = grow(this.icounts, events.length);
    for (const e of events) this.push(e);
  }

  get length(): number {
    return this.list.length;
  }

  get events(): readonly ReplayEvent[] {
    return this.list;
  }

  at(index: number): ReplayEvent | undefined {
    return this.list[index];
  }

  /** Adds an event at the end; throws LogError if its icount is before the last one's. */
  push(event: ReplayEvent): void {
    const n = this.list.length;
    if (n > 0 && event.icount < this.icounts[n - 1]) {
      throw new LogError('invalid-argument', undefined, `event at icount ${event.icount} is before the last indexed one (${this.icounts[n - 1]})`);
    }
    this.icounts = grow(this.icounts, n + 1);
    this.icounts[n] = event.icount;
    this.list.push(event);
    if (event.kind === EventKind.Checkpoint) {
      const c = this.checkpoints.length;
      this.checkpointIcounts = grow(this.checkpointIcounts, c + 1);
      this.checkpointIcounts[c] = event.icount;
      this.checkpoints.push(event);
    }
  }

  /** Index of the first event with icount >= `icount` (length if none). */
  firstAtOrAfter(icount: number): number {
    return lowerBound(this.icounts, this.list.length, icount, false);
  }

  /** Index of the first event with icount > `icount` (length if none). */
  firstAfter(icount: number): number {
    return lowerBound(this.icounts, this.list.length, icount, true);
  }

  /** Index range [start, end) of the events with from <= icount < to. */
  rangeOf(from: number, to: number): { start: number; end: number } {
    const start = this.firstAtOrAfter(from);
    return { start, end: Math.max(start, this.firstAtOrAfter(to)) };
  }

  /** The events with from <= icount < to, in order. */
  between(from: number, to: number): ReplayEvent[] {
    const { start, end } = this.rangeOf(from, to);
    return this.list.slice(start, end);
  }

  /** The last checkpoint at or before `icount`. */
  checkpointAtOrBefore(icount: number): CheckpointEvent | undefined {
    const i = lowerBound(this.checkpointIcounts, this.checkpoints.length, icount, true) - 1;
    return i >= 0 ? this.checkpoints[i] : undefined;
  }

  /** The checkpoints with from <= icount < to, in order. */
  checkpointsBetween(from: number, to: number): CheckpointEvent[] {
    const n = this.checkpoints.length;
    const start = lowerBound(this.checkpointIcounts, n, from, false);
    const end = lowerBound(this.checkpointIcounts, n, to, false);
    return this.checkpoints.slice(start, Math.max(start, end));
  }
}
