// Recording at the live edge (ARCHITECTURE.md: bottom halves and
// asynchronous input; the replay log): queued host input is applied at the
// boundary where a slice ended and logged with its icount, clock reads are
// logged as they happen, a CHECKPOINT is logged every `checkpointInterval`
// instructions, and snapshots are taken every `liveSnapshotSpacing`.
//
// Warps: while the hart sleeps in WFI the clock can jump without retiring
// an instruction. Whenever an event is logged at a boundary where the clock
// may have warped at that icount (the slice did not end on its budget), a
// WARP event first brings the logged warp total to the clock's, so replay
// reaches the same virtual time there. Host-chosen idle warps are logged at once.
import { HostInputs } from '../devices/hostInputs';
import { Machine } from '../machine/machine';
import { MachineStop } from '../machine/stops';
import { EventKind, ReplayEvent, ShutdownReason } from '../replay';
import { SnapshotStore } from '../snapshot';
import { SliceStop } from './divergence';
import { Recording } from './recording';

/** What the live edge needs from the execution core. */
export interface LiveCore {
  readonly machine: Machine;
  readonly recording: Recording;
  readonly store: SnapshotStore;
  logPos: number;
  readonly frontier: number;
  readonly live: boolean;
  checkpointHash(): Uint8Array;
  takeSnapshot(): unknown;
}

export class LiveEdge {
  /** Host input waiting for the UART. */
  readonly pendingInput: Uint8Array[] = [];
  /** The clock may have warped at the current icount since the last logged event (see the header). */
  warpedHere = false;

  constructor(
    private readonly core: LiveCore,
    private readonly checkpointInterval: number,
    /** Instructions between snapshots taken while recording live. */
    readonly snapshotSpacing: number,
    private readonly host: HostInputs | undefined,
  ) {}

  /** Where a live slice starting at `start` must end for the next checkpoint. */
  budgetFrom(start: number): number {
    return (Math.floor(start / this.checkpointInterval) + 1) * this.checkpointInterval - start;
  }

  /** Logs what a live slice that began at `start` ended with; takes the live snapshots. */
  afterSlice(stop: MachineStop, start: number): SliceStop {
    const core = this.core;
    const m = core.machine;
    const now = m.icount;
    // A slice that ended on its budget after retiring something cannot have warped at `now`.
    if (stop.kind === 'budget') {
      if (now !== start) this.warpedHere = false;
    } else {
      this.warpedHere = true;
    }
    switch (stop.kind) {
      case 'budget': {
        if (now % this.checkpointInterval === 0) this.logBoundary({ kind: EventKind.Checkpoint, icount: now, stateHash: core.checkpointHash() });
        const previous = core.store.nearestAtOrBefore(now);
        if (!previous || now - previous.icount >= this.snapshotSpacing) core.takeSnapshot();
        break;
      }
      case 'exit':
        this.logBoundary({ kind: EventKind.Shutdown, icount: now, reason: ShutdownReason.GuestExit, code: stop.code >>> 0 });
        core.logPos = core.recording.count;
        this.logBoundary({ kind: EventKind.Checkpoint, icount: now, stateHash: core.checkpointHash() });
        core.recording.flush();
        break;
      case 'reset':
        this.logBoundary({ kind: EventKind.Shutdown, icount: now, reason: ShutdownReason.GuestReset, code: 0 });
        m.reset();
        break;
      default:
        break;
    }
    core.logPos = core.recording.count;
    return stop;
  }

  /** Logs a boundary event, after a warp event if the clock moved at this icount (also the engine's debugger writes). */
  logBoundary(event: ReplayEvent): void {
    if (this.warpedHere) this.logWarp();
    this.core.recording.append(event);
    this.core.logPos = this.core.recording.count;
  }

  /** Logs a warp event bringing the logged warp total to the clock's, if they differ. */
  private logWarp(): void {
    const rec = this.core.recording;
    const total = this.core.machine.clock.warps.totalNs;
    if (total !== rec.loggedWarpTotal) rec.append({ kind: EventKind.Warp, icount: this.core.machine.icount, ns: total - rec.loggedWarpTotal });
    this.warpedHere = false;
    this.core.logPos = rec.count;
  }

  /** Gives the UART what it takes of the queued input, logging each piece at this icount. */
  feedInput(): void {
    const m = this.core.machine;
    while (this.pendingInput.length > 0) {
      const chunk = this.pendingInput[0];
      const taken = m.uartReceive(chunk);
      if (taken === 0) return;
      this.logBoundary({ kind: EventKind.Input, icount: m.icount, device: 0, bytes: chunk.slice(0, taken) });
      if (taken === chunk.length) this.pendingInput.shift();
      else this.pendingInput[0] = chunk.subarray(taken);
    }
  }

  /** Live and idle: lets virtual time pass as the host waited; logged at once (it depends on the host). */
  idleWarp(ns: number): void {
    if (!this.core.live) throw new Error('virtual time can only be warped by hand at the live edge of a recording');
    this.core.machine.run(0);
    this.core.machine.warpIdle(ns);
    this.logWarp();
    this.core.recording.flush();
  }

  /** Ends the recording at the live edge: a final checkpoint, then END. */
  close(): void {
    const core = this.core;
    if (!core.recording.recording) return;
    const edge = core.frontier;
    const last = core.recording.at(core.recording.count - 1);
    if (core.live && !(last?.kind === EventKind.Checkpoint && last.icount === edge)) {
      core.machine.run(0);
      this.logBoundary({ kind: EventKind.Checkpoint, icount: edge, stateHash: core.checkpointHash() });
    }
    core.recording.close(edge);
  }

  /** A guest clock read during a live slice: the host's wall clock, logged. */
  clockRead(): bigint {
    if (!this.host) throw new Error('this engine has no host clock');
    const core = this.core;
    const wallNs = BigInt.asUintN(64, this.host.wallClockNs());
    core.recording.append({ kind: EventKind.ClockRead, icount: core.machine.icount, clock: 0, wallNs });
    core.logPos = core.recording.count;
    return wallNs;
  }
}
