// The timeline's record of what the hart did that the replay log does not
// say: traps and interrupts taken (told by the hart's trap observer, see
// emulator/cpu/trap.ts), and the breakpoint, watchpoint and trap stops the
// user saw.
//
// Traps are indexed the first time the timeline executes a stretch, the way
// guest UART output is delivered once: the index is complete over
// [0, indexedTo), re-executing inside it adds nothing, and going back keeps
// it. Execution that did not start inside the indexed stretch (a replay
// restored from a snapshot file further on) is not indexed until the gap
// before it has been executed, so the list never has holes.
//
// Memory is bounded: the index keeps the first `limit` traps (default
// 100 000); later ones are only counted, and the timeline says from which
// icount on they are not listed and how many there were.
import { describeTrap } from '../cpu/causes';
import type { WatchKind } from '../contracts';
import type { EngineStop, TimelineEvent } from './api';

/** Traps and interrupts the timeline lists before it only counts them. */
export const DEFAULT_TRAP_INDEX_LIMIT = 100_000;

export interface TrapEntry {
  /** Where the handler's first instruction is about to run (where a trap stop puts the cursor). */
  readonly icount: number;
  readonly cause: number;
  readonly interrupt: boolean;
  readonly tval: number;
  readonly epc: number;
}

/** The icount before the trap was taken: an exception's instruction counts as retired, an interrupt retires nothing. */
function takenAt(e: { readonly icount: number; readonly interrupt: boolean }): number {
  return e.interrupt ? e.icount : e.icount - 1;
}

function sameTrap(a: TrapEntry, b: TrapEntry): boolean {
  return a.icount === b.icount && a.cause === b.cause && a.interrupt === b.interrupt && a.epc === b.epc;
}

export class TrapIndex {
  private readonly list: TrapEntry[] = [];
  /** The index holds every trap taken before this icount (see the header). */
  private indexedTo = 0;
  /** Where the machine's current run of execution began (its last restore). */
  private passStart = 0;
  /** Traps the machine's current state has taken at icount `currentAt` (for branching exactly there). */
  private currentAt = -1;
  private currentCount = 0;
  /** Traps past the limit: how many (undefined once a branch made the count unknown), from where, and the last. */
  private omittedCount: number | undefined = 0;
  private omittedFrom = -1;
  private lastOmitted: TrapEntry | undefined;
  /** Bumped on every change (the timeline caches on it). */
  version = 0;
  /** Bumped when entries are removed (other changes only append). */
  branches = 0;

  constructor(readonly limit = DEFAULT_TRAP_INDEX_LIMIT) {}

  get entries(): readonly TrapEntry[] {
    return this.list;
  }

  /** How far the index is complete. */
  get completeTo(): number {
    return this.indexedTo;
  }

  /** The hart took a trap (its trap observer). */
  observe(cause: number, interrupt: boolean, tval: number, epc: number, icount: number): void {
    const entry: TrapEntry = { icount, cause, interrupt, tval, epc };
    const at = takenAt(entry);
    if (at === this.currentAt) this.currentCount++;
    else {
      this.currentAt = at;
      this.currentCount = 1;
    }
    if (at < this.indexedTo || this.passStart > this.indexedTo) return;
    // At indexedTo itself the previous pass may have taken it already (it stopped just after taking it).
    if (this.omittedFrom < 0) {
      for (let i = this.list.length - 1; i >= 0 && takenAt(this.list[i]) === at; i--) if (sameTrap(this.list[i], entry)) return;
      if (this.list.length < this.limit) {
        this.list.push(entry);
        this.version++;
        return;
      }
      this.omittedFrom = at;
    } else if (this.lastOmitted && sameTrap(this.lastOmitted, entry)) {
      return;
    }
    this.lastOmitted = entry;
    if (this.omittedCount !== undefined) this.omittedCount++;
    this.version++;
  }

  /** The machine was put back to a snapshot at `icount`: execution starts there again. */
  restored(icount: number): void {
    this.passStart = icount;
    this.currentAt = -1;
    this.currentCount = 0;
  }

  /** A slice ended at `icount`: everything before it has been executed by this pass. */
  reached(icount: number): void {
    if (this.passStart <= this.indexedTo && icount > this.indexedTo) this.indexedTo = icount;
  }

  /**
   * Branching at `icount` (the machine is there): traps taken after it
   * belong to the old future. Those taken exactly there stay when the
   * machine's state already includes them.
   */
  branch(icount: number): void {
    let keep = this.list.length;
    while (keep > 0 && takenAt(this.list[keep - 1]) >= icount) keep--;
    if (this.currentAt === icount) {
      let here = 0;
      while (keep + here < this.list.length && here < this.currentCount && takenAt(this.list[keep + here]) === icount) here++;
      keep += here;
    }
    if (keep !== this.list.length) this.list.length = keep;
    if (this.omittedFrom >= 0 && this.omittedFrom >= icount) {
      this.omittedFrom = -1;
      this.omittedCount = 0;
      this.lastOmitted = undefined;
    } else if (this.omittedFrom >= 0) {
      this.omittedCount = undefined; // some of them were before the branch point; how many is not known
    }
    this.indexedTo = Math.min(this.indexedTo, icount);
    this.version++;
    this.branches++;
  }

  /** The timeline's entry for `e`. */
  static event(e: TrapEntry): TimelineEvent {
    return { icount: e.icount, kind: e.interrupt ? 'interrupt' : 'trap', description: describeTrap(e.cause, e.interrupt, e.tval, e.epc) };
  }

  /** The note standing for the traps past the limit, if any. */
  omittedNote(): TimelineEvent | undefined {
    if (this.omittedFrom < 0) return undefined;
    const how = this.omittedCount === undefined ? 'More traps and interrupts' : `${this.omittedCount} more trap${this.omittedCount === 1 ? '' : 's'} and interrupts`;
    return {
      icount: this.omittedFrom,
      kind: 'trap',
      description: `${how} from here on are not listed (the timeline keeps the first ${this.limit})`,
    };
  }
}

/** A stop the user saw: a breakpoint, watchpoint or trap stop. */
export interface StopHit {
  readonly icount: number;
  readonly kind: 'breakpoint' | 'watchpoint' | 'trap';
  readonly description: string;
}

const WATCH_VERBS: Readonly<Record<WatchKind, string>> = { read: 'read of', write: 'write to', access: 'access to' };

const hex = (v: number): string => `0x${(v >>> 0).toString(16).padStart(8, '0')}`;

/** The stops at breakpoints, watchpoints and traps, by icount (each icount and kind once). */
export class StopHits {
  private readonly list: StopHit[] = [];
  version = 0;

  get entries(): readonly StopHit[] {
    return this.list;
  }

  /** Remembers `stop` if it is a hit, with the cursor at `icount`. */
  note(stop: EngineStop, icount: number): void {
    let description: string;
    switch (stop.kind) {
      case 'breakpoint':
        description = `breakpoint at pc ${hex(stop.pc)}`;
        break;
      case 'watchpoint':
        description = `data breakpoint: ${WATCH_VERBS[stop.access]} ${hex(stop.address)} (${stop.size} byte${stop.size === 1 ? '' : 's'}) by pc ${hex(stop.pc)}`;
        break;
      case 'trap':
        description = `exception breakpoint: ${describeTrap(stop.cause, stop.interrupt, stop.tval, stop.pc)}`;
        break;
      default:
        return;
    }
    // First index with an icount above this one: hits are kept sorted.
    let lo = 0;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.list[mid].icount <= icount) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo - 1; i >= 0 && this.list[i].icount === icount; i--) if (this.list[i].kind === stop.kind) return;
    this.list.splice(lo, 0, { icount, kind: stop.kind, description });
    this.version++;
  }

  /** Branching at `icount`: hits after it are the old future's. */
  dropAfter(icount: number): void {
    let keep = this.list.length;
    while (keep > 0 && this.list[keep - 1].icount > icount) keep--;
    if (keep === this.list.length) return;
    this.list.length = keep;
    this.version++;
  }
}
