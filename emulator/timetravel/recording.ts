// One recording in memory: the replay log's header and events in icount
// order (docs/replay-log.md), with the lookups the engine needs while it
// re-executes — the next event applied at an instruction boundary (every
// kind but clock reads, which happen inside an instruction), and the
// absolute virtual-time warp each warp event asks for. While recording,
// events also go to the log writer as they are appended, and a recording
// can be cut at a position to branch a new one from it.
import {
  EventIndex,
  EventKind,
  LogHeaderInit,
  ReplayEvent,
  ReplayLogWriter,
  describeEvent,
} from '../replay';

export class Recording {
  private readonly index = new EventIndex();
  /** Indexes of the events applied at instruction boundaries (all but clock reads), ascending. */
  private readonly boundary: number[] = [];
  /** For each warp event's index: the machine's total warped ns it brings the clock to. */
  private readonly warpTargets = new Map<number, number>();
  private warpTotal = 0;
  private endAt: number | undefined;

  constructor(
    readonly header: LogHeaderInit,
    /** Where appended events are written while recording (undefined: a log being replayed). */
    private writer?: ReplayLogWriter,
  ) {}

  get count(): number {
    return this.index.length;
  }

  at(position: number): ReplayEvent | undefined {
    return this.index.at(position);
  }

  get events(): readonly ReplayEvent[] {
    return this.index.events;
  }

  /** Sum of the ns of all warp events: the clock's total warp after the last of them. */
  get loggedWarpTotal(): number {
    return this.warpTotal;
  }

  /** icount of the END event of a closed log, else undefined. */
  get endIcount(): number | undefined {
    return this.endAt;
  }

  get recording(): boolean {
    return this.writer !== undefined && !this.writer.closed;
  }

  /** The icount of the last event (0 if none). */
  get lastIcount(): number {
    const n = this.index.length;
    return n === 0 ? 0 : (this.index.at(n - 1) as ReplayEvent).icount;
  }

  /** Adds an event (to the writer first, so an event the sink refuses is not indexed either). */
  append(event: ReplayEvent): void {
    if (event.kind === EventKind.End) {
      this.endAt = event.icount;
      return;
    }
    this.writer?.append(event);
    const position = this.index.length;
    this.index.push(event);
    if (event.kind !== EventKind.ClockRead) this.boundary.push(position);
    if (event.kind === EventKind.Warp) {
      this.warpTotal += event.ns;
      this.warpTargets.set(position, this.warpTotal);
    }
  }

  /** The absolute warp total the warp event at `position` asks for. */
  warpTargetAt(position: number): number {
    const target = this.warpTargets.get(position);
    if (target === undefined) throw new Error(`event ${position} is not a warp`);
    return target;
  }

  /** Position of the first boundary event at or after `position` (count if none). */
  nextBoundary(position: number): number {
    const b = this.boundary;
    let lo = 0;
    let hi = b.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (b[mid] < position) lo = mid + 1;
      else hi = mid;
    }
    return lo < b.length ? b[lo] : this.index.length;
  }

  /** Position of the first event with icount >= `icount`. */
  firstAtOrAfter(icount: number): number {
    return this.index.firstAtOrAfter(icount);
  }

  /** A line naming the last event other than a checkpoint at or before `position` (for divergence reports). */
  describeNear(position: number): string {
    for (let p = Math.min(position, this.index.length - 1); p >= 0; p--) {
      const e = this.index.at(p) as ReplayEvent;
      if (e.kind !== EventKind.Checkpoint) return `event ${p}: ${describeEvent(e)}`;
    }
    return 'no event before it (the start of the recording)';
  }

  flush(): void {
    this.writer?.flush();
  }

  /** Writes END at `finalIcount` and stops writing. */
  close(finalIcount: number): void {
    if (this.writer && !this.writer.closed) this.writer.close(finalIcount);
    this.endAt = finalIcount;
  }

  /** A new recording holding the first `position` events, written to `writer` as it is built. */
  branch(position: number, writer: ReplayLogWriter, header: LogHeaderInit): Recording {
    const next = new Recording(header, writer);
    for (let p = 0; p < position; p++) next.append(this.index.at(p) as ReplayEvent);
    next.flush();
    return next;
  }
}
