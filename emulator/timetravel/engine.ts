// The time-travel engine (api.ts: TimeTravelEngine): one recording session
// or one replay session on one Machine. Operations are Tasks built from the
// navigator's pieces; the engine keeps the debugger's settings, serialises
// operations, handles cancel (forward operations stop where they are;
// backward ones put the cursor back at their origin) and branching.
import { Watchpoint } from '../contracts';
import { ByteSink, DebuggerWriteEvent, EventKind, LogHeaderInit, ReplayLogWriter, registerName } from '../replay';
import { SnapshotStore, writeSnapshotFile } from '../snapshot';
import {
  EngineStatus,
  EngineStop,
  MachineView,
  Task,
  TaskProgress,
  TimeTravelEngine,
  TimelineEvent,
  TrapFilter,
  WriteSite,
} from './api';
import { ExecutionCore } from './core';
import { applyWrite, memoryWrites, registerWrite, writeProblem } from './debuggerWrites';
import { DebugSettings, NOTHING_ARMED, Navigator } from './navigate';
import { drain, landBackward, lastWrite, nextWrite, scanBackward, stepBackward, stepScanBackward, toEngineStop } from './reverse';
import { TimelinePager } from './timeline';
import { StopHits } from './trapIndex';
import { machineView } from './view';

export interface EngineParts {
  readonly core: ExecutionCore;
  readonly sliceInstructions: number;
  /** Opens where a branched recording (goLive) is written; undefined: branching is not possible. */
  readonly branchSink?: (name: string | undefined) => ByteSink;
}

export class RewindEngine implements TimeTravelEngine {
  readonly breakpoints = new Set<number>();
  private watchpoints: readonly Watchpoint[] = [];
  private trapFilter: TrapFilter = { exceptions: new Set(), interrupts: false };
  private readonly nav: Navigator;
  private readonly core: ExecutionCore;
  private busy = false;
  private cancelRequested = false;
  /** The breakpoint, watchpoint and trap stops the user saw, for the timeline. */
  private readonly hits = new StopHits();
  private readonly pager = new TimelinePager();
  stopHits: 'engine' | 'frontEnd' = 'engine';

  constructor(private readonly parts: EngineParts) {
    this.core = parts.core;
    this.nav = new Navigator(parts.core, parts.sliceInstructions);
  }

  // ---- getters ----

  get icount(): number {
    return this.core.icount;
  }

  get mode(): 'record' | 'replay' {
    return this.core.recording.recording ? 'record' : 'replay';
  }

  status(): EngineStatus {
    const store = this.core.store;
    return {
      mode: this.mode,
      icount: this.core.icount,
      length: this.core.length,
      live: this.core.live,
      snapshots: store.list().length,
      snapshotBytes: store.memoryBytes,
    };
  }

  view(): MachineView {
    return machineView(this.core.machine);
  }

  /** The recording's header (machine, ELF hash, metadata). */
  get header(): LogHeaderInit {
    return this.core.recording.header;
  }

  /** The session's snapshots (the policy manages them; dropping one only makes later seeks re-execute more). */
  get snapshotStore(): SnapshotStore {
    return this.core.store;
  }

  /** The first divergence this session has seen, if any. */
  get divergence(): EngineStop | undefined {
    return this.core.divergence;
  }

  /** The checkpoint hash of the machine at the cursor (hex SHA-256). */
  stateHash(): string {
    return this.core.stateHash();
  }

  /** Machine.stateHash() at the cursor: the whole state and every RAM byte hashed afresh (slow on a big RAM; for checks and tools). */
  machineStateHash(): string {
    return this.core.machine.stateHash();
  }

  /**
   * Changes guest RAM (physical addresses) by hand, as a debugger's `set var`
   * does. Allowed only stopped at the live edge of a recording: the change
   * is applied and logged there (DEBUGGER-WRITE events, split every
   * MAX_DEBUGGER_WRITE_BYTES), so replays make it at the same point. All of
   * [paddr, +length) must be RAM; nothing is changed otherwise.
   */
  writeMemory(paddr: number, data: Uint8Array): void {
    this.requireLiveEdge('change memory');
    const events = memoryWrites(this.core.icount, paddr, data);
    for (const e of events) {
      const problem = writeProblem(this.core.machine, e);
      if (problem) throw new Error(`cannot change memory: ${problem}`);
    }
    for (const e of events) this.recordWrite(e);
  }

  /** Changes x1..x31 (by number) or the pc (32) by hand; allowed and logged as writeMemory is. x0 is refused. */
  writeRegister(index: number, value: number): void {
    this.requireLiveEdge('change a register');
    const event = registerWrite(this.core.icount, index, value);
    const problem = writeProblem(this.core.machine, event);
    if (problem) throw new Error(`cannot change ${Number.isInteger(index) && index >= 0 && index <= 32 ? registerName(index) : 'the register'}: ${problem}`);
    this.recordWrite(event);
  }

  /** Why guest state cannot be changed by hand here, as an Error; nothing when it can. */
  private requireLiveEdge(what: string): void {
    if (this.busy) throw new Error(`cannot ${what} while an engine operation is running`);
    const core = this.core;
    if (this.mode === 'replay') {
      throw new Error(`cannot ${what}: this session replays a recording, and a change by hand would contradict what the recording says happens next (go live from here first)`);
    }
    if (!core.live) {
      throw new Error(`cannot ${what} at instruction ${core.icount}: it is in the recorded past (the recording goes on to ${core.length}), and a change would contradict what the program did next (go live from here first)`);
    }
    const last = core.recording.at(core.recording.count - 1);
    if (last?.kind === EventKind.ClockRead && last.icount === core.icount) {
      // Replay answers that read inside the next instruction, after every boundary event at this icount.
      throw new Error(`cannot ${what} at instruction ${core.icount}: the next instruction has already read the host clock; step one instruction first`);
    }
  }

  /** Logs a checked write at the cursor, then makes it (the order replay applies it in), and writes it to the log's sink. */
  private recordWrite(event: DebuggerWriteEvent): void {
    const core = this.core;
    core.liveEdge.logBoundary(event);
    applyWrite(core.machine, event);
    core.recording.flush();
  }

  setWatchpoints(list: readonly Watchpoint[]): void {
    this.watchpoints = list.map((w) => ({ address: w.address >>> 0, size: w.size, kind: w.kind }));
  }

  setTrapFilter(filter: TrapFilter): void {
    this.trapFilter = { exceptions: new Set(filter.exceptions), interrupts: filter.interrupts };
  }

  onUartOutput(listener: (bytes: Uint8Array) => void): void {
    this.core.outputListeners.push(listener);
  }

  /** Asks the running task to stop at its next slice; it then ends with a `cancelled` stop. */
  cancel(): void {
    this.cancelRequested = true;
  }

  // ---- tasks ----

  private get debug(): DebugSettings {
    return { breakpoints: this.breakpoints, watchpoints: this.watchpoints, trapFilter: this.trapFilter };
  }

  /**
   * Wraps an operation: one at a time, settings armed, cancel checked at
   * each yield. `backward` operations return to `origin` when cancelled or
   * abandoned; forward ones stay where they are.
   */
  private *task<T>(body: Generator<TaskProgress, T>, backward: boolean, cancelled: () => T, policyCursor?: number): Generator<TaskProgress, T, void> {
    if (this.busy) throw new Error('another engine operation is running');
    this.busy = true;
    this.cancelRequested = false;
    const origin = this.core.icount;
    const core = this.core;
    // The snapshot policy keeps snapshots dense where the user will be: a
    // backward scan returns to its origin; a forward run goes on from its
    // newest snapshot (undefined); a seek ends at its target.
    core.store.cursor = backward ? origin : policyCursor;
    this.nav.arm(this.debug);
    let finished = false;
    try {
      for (;;) {
        const r = body.next();
        if (r.done) {
          finished = true;
          return r.value;
        }
        if (this.cancelRequested) {
          body.return(undefined as unknown as T);
          if (backward) drain(this.nav.seekTo(origin));
          else core.settle();
          finished = true;
          return cancelled();
        }
        yield r.value;
      }
    } finally {
      if (!finished) {
        body.return(undefined as unknown as T);
        if (backward) drain(this.nav.seekTo(origin));
        else core.settle();
      }
      // A replay that stopped inside an instruction (a clock read the log lacks) is put back on its boundary.
      if (core.broken) drain(this.nav.seekTo(core.brokenAt));
      core.store.cursor = core.live ? undefined : core.icount;
      this.busy = false;
    }
  }

  private stopTask(body: Generator<TaskProgress, EngineStop>, backward: boolean, policyCursor?: number): Task<EngineStop> {
    const noted = function* (this: RewindEngine): Generator<TaskProgress, EngineStop> {
      const stop = yield* body;
      if (this.stopHits === 'engine') this.noteStop(stop);
      return stop;
    }.call(this);
    return this.task(noted, backward, () => ({ kind: 'cancelled' }) as EngineStop, policyCursor);
  }

  private *forwardBody(limit: number, allowLive: boolean): Generator<TaskProgress, EngineStop> {
    const end = yield* this.nav.forward(limit, allowLive, true);
    const settled = this.core.settle();
    if (settled?.kind === 'divergence') return settled;
    return toEngineStop(end);
  }

  continueForward(): Task<EngineStop> {
    return this.stopTask(this.forwardBody(Infinity, true), false);
  }

  stepForward(count: number): Task<EngineStop> {
    return this.stopTask(this.forwardBody(this.core.icount + Math.max(1, Math.floor(count)), true), false);
  }

  reverseContinue(): Task<EngineStop> {
    const nav = this.nav;
    const origin = this.core.icount;
    return this.stopTask(
      (function* () {
        return yield* landBackward(nav, yield* scanBackward(nav, origin));
      })(),
      true,
    );
  }

  stepBackward(count: number): Task<EngineStop> {
    return this.stopTask(stepBackward(this.nav, count), true);
  }

  seek(icount: number): Task<EngineStop> {
    const nav = this.nav;
    const target = Math.max(0, Math.min(Math.floor(icount), this.core.length));
    return this.stopTask(
      (function* () {
        return toEngineStop(yield* nav.seekTo(target));
      })(),
      false,
      target,
    );
  }

  runUntil(direction: 'forward' | 'backward', predicate: (pc: number, sp: number) => boolean): Task<EngineStop> {
    const nav = this.nav;
    const core = this.core;
    if (direction === 'backward') {
      const origin = core.icount;
      return this.stopTask(
        (function* () {
          return yield* landBackward(nav, yield* stepScanBackward(nav, origin, predicate));
        })(),
        true,
      );
    }
    return this.stopTask(
      (function* () {
        const m = core.machine;
        let count = 0;
        for (;;) {
          const end = yield* nav.forward(core.icount + 1, true, count === 0);
          count++;
          if (end.kind !== 'limit') return toEngineStop(end);
          if (m.breakpoints.has(m.hart.pc)) return { kind: 'breakpoint', pc: m.hart.pc } as EngineStop;
          if (predicate(m.hart.pc, m.hart.regs[2] >>> 0)) {
            const settled = core.settle();
            return settled ? toEngineStop(settled) : ({ kind: 'condition' } as EngineStop);
          }
          if ((count & 4095) === 0) yield { icount: core.icount };
        }
      })(),
      false,
    );
  }

  lastWrite(address: number, size: number): Task<WriteSite | undefined> {
    return this.task(lastWrite(this.nav, address >>> 0, size), true, () => undefined);
  }

  nextWrite(address: number, size: number): Task<WriteSite | undefined> {
    return this.task(nextWrite(this.nav, address >>> 0, size), true, () => undefined);
  }

  // ---- live ----

  /** While a task runs live, the bytes are queued and the task applies them at its next slice. */
  uartInput(bytes: Uint8Array): void {
    if (!this.core.live) {
      throw new Error(this.mode === 'replay' ? 'a replay takes no host input: its input comes from the log' : 'input is only taken at the live edge of the recording (go forward to it first)');
    }
    if (bytes.length === 0) return;
    this.core.pendingInput.push(bytes.slice());
    if (!this.busy) this.core.settle();
  }

  /** Live and idle: virtual time passes by `ns` as the host waited for input (logged). */
  idleWarp(ns: number): void {
    if (this.busy) throw new Error('no task may be running');
    this.core.idleWarp(ns);
  }

  /** Writes buffered log events to the sink (the front end calls this every few host milliseconds). */
  flushLog(): void {
    this.core.recording.flush();
  }

  /**
   * Branches at the cursor's icount: the new recording keeps the events
   * logged before that icount (input that arrived at that very icount is
   * the past's, not the branch's), then records live from there.
   */
  goLive(newRecording?: string): void {
    if (this.busy) throw new Error('no task may be running');
    const core = this.core;
    if (core.live) return;
    if (!this.parts.branchSink) throw new Error('this session cannot record: it was opened without a host clock and a place for new recordings');
    const branchAt = core.icount;
    const saved = this.nav.settings;
    this.nav.arm(NOTHING_ARMED);
    try {
      core.arriveBefore(branchAt);
    } finally {
      this.nav.arm(saved);
    }
    if (core.icount !== branchAt || core.divergence) throw new Error(`cannot branch at icount ${branchAt}: the replay does not reach it as recorded`);
    const old = core.recording;
    if (old.recording) old.close(core.frontier);
    const header: LogHeaderInit = {
      machine: old.header.machine,
      elfSha256: old.header.elfSha256,
      metadata: { ...old.header.metadata, branchIcount: String(branchAt), ...(newRecording ? { recording: newRecording } : {}) },
    };
    const writer = new ReplayLogWriter(this.parts.branchSink(newRecording), header);
    core.recording = old.branch(core.logPos, writer, header);
    core.store.dropAfter(branchAt);
    core.traps.branch(branchAt);
    this.hits.dropAfter(branchAt);
    core.frontier = branchAt;
    core.store.cursor = undefined;
  }

  /** Closes the recording at its live edge (final checkpoint, END); the session then replays it. */
  close(): void {
    this.core.closeRecording();
  }

  /** The snapshots as a file to keep next to the log; `tag` binds it to that log (see openReplay). */
  snapshotFile(tag: string): Uint8Array {
    return writeSnapshotFile(this.core.store, tag);
  }

  // ---- timeline ----

  noteStop(stop: EngineStop): void {
    this.hits.note(stop, this.core.icount);
  }

  /**
   * Paged timeline: log events, traps and interrupts, the stops the user
   * saw (kind 'breakpoint'), snapshots. Traps are listed over the stretch
   * executed so far from the start (see trapIndex.ts), so the total grows
   * as the replay goes further; entries keep their places as it grows,
   * except that later entries are inserted at their icount.
   */
  timeline(start: number, count: number): { readonly events: readonly TimelineEvent[]; readonly total: number } {
    const core = this.core;
    return this.pager.page({ recording: core.recording, traps: core.traps, hits: this.hits, snapshots: core.store.list() }, start, count);
  }
}
