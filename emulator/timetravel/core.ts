// The engine's execution core: one Machine moving along one recording.
// It runs the machine a slice at a time and keeps, at every instruction
// boundary where a slice ends, the rules of record and replay
// (ARCHITECTURE.md: bottom halves and asynchronous input; the replay log):
//
// - Re-executing recorded history, each logged event is applied at exactly
//   its icount (slices end there), clock reads are answered from the log,
//   CHECKPOINT hashes are compared, and host input is refused.
//   (replayEvents.ts applies them.)
// - At the live edge of a recording, queued host input is applied at the
//   boundary where the slice ended and logged with its icount, clock reads
//   are logged as they happen, and a CHECKPOINT is logged every
//   `checkpointInterval` instructions (liveEdge.ts).
//
// Virtual time at one icount: while the hart sleeps in WFI the clock can
// jump (warps) without retiring an instruction, so "icount N" covers
// several clock values. Replay reaches N without any warp at N; the
// recorder logs WARP events where the clock moved at an icount it logs an
// event at, and replay advances the clock to that total the way the
// machine does (timer deadlines, then an idle jump).
//
// The state at icount N, once an operation ends there, is the machine after
// every logged boundary event at N (the state in which instruction N+1
// runs). Snapshots are taken at slice ends with the log position reached,
// so restoring one resumes the log exactly there. Guest UART output goes to
// listeners only the first time this timeline executes it (`frontier`);
// traps and interrupts are indexed for the timeline the same way
// (trapIndex.ts).
import { HostInputs } from '../devices/hostInputs';
import { Machine, MachineConfig } from '../machine/machine';
import { MachineStop } from '../machine/stops';
import { EventKind } from '../replay';
import { hex } from '../replay/events/codec';
import { Snapshot, SnapshotStore, desiredSpacing } from '../snapshot';
import { ClockReadMissing, Divergence, SliceStop } from './divergence';
import { LiveEdge } from './liveEdge';
import { applyLoggedEvent } from './replayEvents';
import { Recording } from './recording';
import { StateHasher } from './stateHasher';
import { TrapIndex } from './trapIndex';
import type { TrapObserver } from '../cpu/trap';

export type { Divergence, SliceStop } from './divergence';

export interface CoreOptions {
  readonly elf: Uint8Array;
  readonly ramSizeMiB: number;
  readonly icountShift: number;
  readonly createHart?: MachineConfig['createHart'];
  /** The host's wall clock, read only at the live edge of a recording. */
  readonly host?: HostInputs;
  readonly checkpointInterval: number;
  /** Instructions between snapshots taken while recording live. */
  readonly liveSnapshotSpacing: number;
  readonly store: SnapshotStore;
  /** Traps and interrupts the timeline lists before it only counts them (default 100 000). */
  readonly trapIndexLimit?: number;
}

export class ExecutionCore {
  readonly machine: Machine;
  readonly store: SnapshotStore;
  private readonly hasher: StateHasher;
  readonly liveEdge: LiveEdge;
  recording: Recording;
  /** Events consumed: the next one to apply is at this position. */
  logPos = 0;
  /** The furthest icount this timeline has executed (the live edge when recording). */
  frontier = 0;
  /** Host input waiting for the UART (recording, live edge only). */
  readonly pendingInput: Uint8Array[];
  private sliceLive = false;
  private readonly output: number[] = [];
  readonly outputListeners: ((bytes: Uint8Array) => void)[] = [];
  /** Set when an instruction was abandoned half-way (a clock read the log lacks): only a restore repairs the machine. */
  broken = false;
  /** Where the abandoned instruction began: the consistent position to repair to. */
  brokenAt = 0;
  /** First divergence seen on this timeline (replay goes on after it). */
  divergence: Divergence | undefined;
  /** Traps and interrupts taken, for the timeline. */
  readonly traps: TrapIndex;

  constructor(options: CoreOptions, recording: Recording) {
    this.recording = recording;
    this.store = options.store;
    this.liveEdge = new LiveEdge(this, options.checkpointInterval, options.liveSnapshotSpacing, options.host);
    this.pendingInput = this.liveEdge.pendingInput;
    this.machine = new Machine({
      ramSizeMiB: options.ramSizeMiB,
      icountShift: options.icountShift,
      createHart: options.createHart,
      hostInputs: { wallClockNs: () => this.clockRead() },
      uartSink: (b) => {
        if (this.machine.icount >= this.frontier) this.output.push(b);
      },
    });
    this.traps = new TrapIndex(options.trapIndexLimit);
    // Harts other than the emulator's (a test's) may not tell of their traps: the timeline then lists none.
    const hart = this.machine.hart as { trapObserver?: TrapObserver | null };
    if ('trapObserver' in hart) {
      const traps = this.traps;
      hart.trapObserver = (cause, interrupt, tval, epc, icount) => traps.observe(cause, interrupt, tval, epc, icount);
    }
    this.hasher = new StateHasher(this.machine.ram);
    this.machine.loadElf(options.elf);
    this.takeSnapshot();
  }

  get icount(): number {
    return this.machine.icount;
  }

  /** How far the recording reaches: the live edge while recording, else the end of the log. */
  get length(): number {
    if (this.recording.recording) return this.frontier;
    return this.recording.endIcount ?? Math.max(this.recording.lastIcount, this.frontier);
  }

  /** At the live edge of a recording: new host input is taken here. */
  get live(): boolean {
    return this.recording.recording && this.machine.icount === this.frontier && this.logPos === this.recording.count;
  }

  // ---- snapshots ----

  takeSnapshot(): Snapshot {
    this.hasher.absorbDirty();
    const snapshot = this.store.take(this.machine.icount, this.machine.saveState(), this.machine.ram, this.logPos);
    this.hasher.tookSnapshot(snapshot);
    return snapshot;
  }

  /** Puts the machine at the snapshot nearest at or before `icount`, unless the machine is already nearer. */
  restoreNear(icount: number, force = false): void {
    const snapshot = this.store.nearestAtOrBefore(icount);
    if (!snapshot) throw new Error(`no snapshot at or before icount ${icount}`);
    const here = this.machine.icount;
    if (!force && !this.broken && here <= icount && snapshot.icount <= here) return;
    this.broken = false;
    this.hasher.restoring(snapshot);
    this.machine.loadState(this.store.restore(snapshot, this.machine.ram));
    this.logPos = snapshot.logPosition;
    this.liveEdge.warpedHere = false;
    this.traps.restored(snapshot.icount);
  }

  /**
   * Puts the machine at `target` as re-execution arrives there: before any
   * event logged at that icount (for branching, which keeps only the
   * events before its branch point).
   */
  arriveBefore(target: number): void {
    if (this.machine.icount === target && this.logPos <= this.recording.firstAtOrAfter(target)) return;
    this.restoreNear(target, true);
    while (this.machine.icount < target) {
      const stop = this.runSlice(target, Number.MAX_SAFE_INTEGER);
      if (stop.kind === 'divergence' || stop.kind === 'exit' || stop.kind === 'endOfRecording' || stop.kind === 'idle') break;
    }
  }

  // ---- the slice ----

  /**
   * Applies every logged event due at the current icount (or, live, the
   * queued input), after firing the timers due here (a stop at a
   * breakpoint leaves them for the next run; firing them first gives every
   * stop the state a slice end has). Returns a stop for divergence, or the
   * machine's exit.
   */
  settle(): Divergence | Extract<MachineStop, { kind: 'exit' }> | undefined {
    const m = this.machine;
    const normal = m.run(0);
    const rec = this.recording;
    for (;;) {
      const e = rec.at(this.logPos);
      if (e === undefined || e.icount > m.icount) break;
      if (e.kind === EventKind.ClockRead) {
        if (e.icount < m.icount) return this.diverge(m.icount, `the log has a clock read at icount ${e.icount} that the replay did not make`);
        break;
      }
      let problem: Divergence | undefined;
      try {
        problem = applyLoggedEvent(this, e, normal);
      } catch (err) {
        if (!(err instanceof ClockReadMissing)) throw err;
        this.broken = true;
        this.brokenAt = err.icount;
        problem = this.diverge(err.icount, err.detail);
      }
      this.logPos++;
      if (problem) return problem;
    }
    if (this.live) this.liveEdge.feedInput();
    return normal.kind === 'exit' ? normal : undefined;
  }

  /**
   * Runs one slice toward `limit` (at most `maxInstructions`), stopping at
   * the next logged event, checkpoint or machine stop. The caller settles
   * at the end of its operation; slices settle at their start.
   */
  runSlice(limit: number, maxInstructions: number, resumeFromBreakpoint = false): SliceStop {
    const settled = this.settle();
    if (settled) return settled;
    const m = this.machine;
    const start = m.icount;
    if (start >= limit) return { kind: 'limit' };
    const live = this.live;
    let budget = Math.min(limit - start, maxInstructions);
    if (live) {
      budget = Math.min(budget, this.liveEdge.budgetFrom(start));
    } else {
      const next = this.recording.nextBoundary(this.logPos);
      const nextAt = this.recording.at(next)?.icount;
      if (nextAt !== undefined) budget = Math.min(budget, nextAt - start);
      else if (this.recording.recording) budget = Math.min(budget, this.frontier - start);
      else {
        if (start >= this.length) return { kind: 'endOfRecording' };
        budget = Math.min(budget, this.length - start);
      }
    }
    // End the slice where the next snapshot is due, so re-executing a long interval leaves snapshots along it.
    const previous = this.store.nearestAtOrBefore(start);
    if (previous) budget = Math.max(1, Math.min(budget, Math.ceil(previous.icount + this.snapshotSpacing(live, start) - start)));
    this.sliceLive = live;
    let stop: MachineStop;
    try {
      stop = m.run(budget, { resumeFromBreakpoint, hostInputPending: live && this.pendingInput.length > 0 });
    } catch (e) {
      if (!(e instanceof ClockReadMissing)) throw e;
      this.broken = true;
      this.brokenAt = e.icount;
      return this.diverge(e.icount, e.detail);
    } finally {
      this.sliceLive = false;
    }
    const now = m.icount;
    if (now > this.frontier) this.frontier = now;
    this.traps.reached(now);
    this.deliverOutput();
    if (live) return this.liveEdge.afterSlice(stop, start);
    if (stop.kind === 'budget' && this.store.wantsSnapshotAt(now)) this.takeSnapshot();
    if (stop.kind === 'idle') {
      const next = this.recording.at(this.recording.nextBoundary(this.logPos));
      if (next !== undefined && next.icount > now) {
        return this.diverge(now, `the guest waits for input at icount ${now}, but the log's next event is at ${next.icount}`);
      }
      if (next === undefined && !this.recording.recording) return { kind: 'endOfRecording' };
    }
    return stop;
  }

  /**
   * Instructions between snapshots at `icount`. Recording live, sparse:
   * nobody is looking back yet, and the first step back re-executes one
   * interval, leaving the policy's dense snapshots near the cursor along it.
   * Elsewhere, what the policy wants at that distance from the cursor.
   */
  private snapshotSpacing(live: boolean, icount: number): number {
    if (live) return this.liveEdge.snapshotSpacing;
    return desiredSpacing(this.store.effectiveCursor - icount, this.store.policy);
  }

  /** Live and idle: virtual time passes by `ns` as the host waited (logged at once). */
  idleWarp(ns: number): void {
    this.liveEdge.idleWarp(ns);
  }

  /** Ends the recording at the live edge: a final checkpoint, then END. */
  closeRecording(): void {
    this.liveEdge.close();
  }

  /** The checkpoint hash of the machine now (raw bytes). */
  checkpointHash(): Uint8Array {
    return this.hasher.stateHash(this.machine);
  }

  /** The state hash the checkpoints use, at the current position. */
  stateHash(): string {
    return hex(this.hasher.stateHash(this.machine));
  }

  // ---- host inputs ----

  /** The guest read the wall clock: the host's when live, else the log's. */
  private clockRead(): bigint {
    if (this.sliceLive) return this.liveEdge.clockRead();
    const m = this.machine;
    const e = this.recording.at(this.logPos);
    if (e === undefined || e.kind !== EventKind.ClockRead || e.icount !== m.icount) {
      const logged = e === undefined ? 'the log has no more events' : `the log's next event is ${e.kind === EventKind.ClockRead ? 'a clock read' : 'another event'} at icount ${e.icount}`;
      throw new ClockReadMissing(m.icount, `the guest read the wall clock at icount ${m.icount}; ${logged}`);
    }
    this.logPos++;
    return e.wallNs;
  }

  /** Records (the first) and returns a divergence at `icount`. */
  diverge(icount: number, reason: string, expectedHash = '', actualHash = ''): Divergence {
    const d: Divergence = {
      kind: 'divergence',
      icount,
      expectedHash,
      actualHash,
      nearestEvent: this.recording.describeNear(Math.max(0, this.logPos - 1)),
      reason,
    };
    this.divergence ??= d;
    return d;
  }

  private deliverOutput(): void {
    if (this.output.length === 0) return;
    const bytes = Uint8Array.from(this.output);
    this.output.length = 0;
    for (const listener of this.outputListeners) listener(bytes);
  }
}
