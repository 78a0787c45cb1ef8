// A TimeTravelEngine (emulator/timetravel/api.ts) over one Machine, used by
// the adapter until the time-travel engine lands. It records every
// nondeterministic input (UART bytes, RTC wall-clock reads, debugger writes)
// with the icount where it was applied, and moves backwards by re-executing
// from power-on, which is exact because the machine is deterministic
// (ARCHITECTURE.md: the time-travel engine, without snapshots). Going back
// therefore costs a replay of the whole prefix: fine for the examples and
// tests, slow for long recordings; the real engine replaces this file.
import { Machine, MachineState, PAGE_SIZE, Watchpoint } from '../../emulator/index';
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
} from '../../emulator/timetravel/api';
import { RecordedInputs } from './recording';
import { machineView } from './view';

/** Instructions per slice of a Task: a few ms of guest execution. */
const SLICE = 100_000;
/** First window of a backward scan; each further window is 4 times longer. */
const FIRST_WINDOW = 2048;
const ZERO_PAGE = new Uint8Array(PAGE_SIZE);

export interface InterimEngineOptions {
  readonly elf: Uint8Array;
  readonly ramSizeMiB: number;
  readonly icountShift: number;
  /** Host wall-clock time for the RTC (recorded on first read, replayed after). */
  readonly wallClockNs: () => bigint;
  /** Replay mode: the recording to replay (its machine settings win over ramSizeMiB and icountShift). */
  readonly recorded?: RecordedInputs;
}

/** Something that changed guest state from outside, at an instruction boundary. */
type LoggedInput =
  | { readonly icount: number; readonly kind: 'uart'; readonly bytes: Uint8Array }
  | { readonly icount: number; readonly kind: 'memory'; readonly address: number; readonly bytes: Uint8Array }
  | { readonly icount: number; readonly kind: 'register'; readonly index: number; readonly value: number };

/** A breakpoint, watchpoint or trap stop seen during a scan, with where it happened. */
interface Hit {
  readonly icount: number;
  readonly stop: EngineStop;
}

type ForwardStops = { breakpoints: boolean; watchpoints: boolean; traps: boolean };
const NO_STOPS: ForwardStops = { breakpoints: false, watchpoints: false, traps: false };
const ALL_STOPS: ForwardStops = { breakpoints: true, watchpoints: true, traps: true };

export class InterimEngine implements TimeTravelEngine {
  readonly breakpoints = new Set<number>();
  private readonly machine: Machine;
  private readonly inputs: LoggedInput[] = [];
  private nextInput = 0;
  private readonly clockReads: Array<{ icount: number; value: bigint }> = [];
  private nextClockRead = 0;
  /** How far execution has ever reached (output before it was already delivered). */
  private reached = 0;
  /** Replay: where the recording ends; undefined while recording (the live edge is `reached`). */
  private end: number | undefined;
  private mode: 'record' | 'replay' = 'record';
  private exitAt: { icount: number; code: number; pass: boolean } | undefined;
  private readonly pending: Uint8Array[] = [];
  private watchpoints: readonly Watchpoint[] = [];
  private trapFilter: TrapFilter = { exceptions: new Set(), interrupts: false };
  private readonly outputListeners: Array<(bytes: Uint8Array) => void> = [];
  private outputBuffer: number[] = [];

  /** The machine right after loading: its state and the RAM pages the loader wrote. */
  private initial: { machine: Machine; state: MachineState; pages: Map<number, Uint8Array> } | undefined;

  constructor(private readonly options: InterimEngineOptions) {
    const recorded = options.recorded;
    if (recorded) {
      this.mode = 'replay';
      this.end = recorded.end;
      for (const u of recorded.uart) this.inputs.push({ icount: u.icount, kind: 'uart', bytes: u.bytes });
      this.clockReads.push(...recorded.clockReads);
    }
    this.machine = this.powerOn();
  }

  /** How far the recording reaches: its end in replay, the live edge while recording. */
  private get length(): number {
    return this.end ?? this.reached;
  }

  /** The recording so far, for saving: inputs and clock reads up to the live edge, or up to the first debugger write (the log format has no event for those). */
  recording(): RecordedInputs & { readonly truncatedAt?: number } {
    const firstWrite = this.inputs.find((i) => i.kind !== 'uart');
    const end = firstWrite ? firstWrite.icount : this.length;
    const uart = this.inputs.filter((i): i is Extract<LoggedInput, { kind: 'uart' }> => i.kind === 'uart' && i.icount < end + (firstWrite ? 0 : 1));
    return {
      ramSizeMiB: this.options.recorded?.ramSizeMiB ?? this.options.ramSizeMiB,
      icountShift: this.options.recorded?.icountShift ?? this.options.icountShift,
      uart,
      clockReads: this.clockReads.filter((c) => c.icount <= end),
      end,
      truncatedAt: firstWrite?.icount,
    };
  }

  /** Back to the state right after loading the program: the first time by building the machine, then by restoring what changed. */
  private powerOn(): Machine {
    this.nextInput = 0;
    this.nextClockRead = 0;
    if (this.initial) {
      const { machine, state, pages } = this.initial;
      const dirty = machine.ram.dirtyPages;
      for (let i = 0; i < dirty.length; i++) {
        if (dirty[i]) machine.restoreRamPage(i, pages.get(i) ?? ZERO_PAGE);
      }
      dirty.fill(0);
      machine.loadState(state);
      return machine;
    }
    const machine = new Machine({
      ramSizeMiB: this.options.recorded?.ramSizeMiB ?? this.options.ramSizeMiB,
      icountShift: this.options.recorded?.icountShift ?? this.options.icountShift,
      hostInputs: { wallClockNs: () => this.wallClock() },
      uartSink: (byte) => {
        // Output before the live edge was already delivered when it was first produced.
        if (machine.icount >= this.reached) this.outputBuffer.push(byte);
      },
    });
    machine.loadElf(this.options.elf);
    const pages = new Map<number, Uint8Array>();
    const dirty = machine.ram.dirtyPages;
    for (let i = 0; i < dirty.length; i++) if (dirty[i]) pages.set(i, machine.copyRamPage(i));
    dirty.fill(0);
    this.initial = { machine, state: machine.saveState(), pages };
    return machine;
  }

  private wallClock(): bigint {
    if (this.nextClockRead < this.clockReads.length) return this.clockReads[this.nextClockRead++].value;
    const value = this.options.wallClockNs();
    this.clockReads.push({ icount: this.machine.icount, value });
    this.nextClockRead++;
    return value;
  }

  get icount(): number {
    return this.machine.icount;
  }

  status(): EngineStatus {
    const icount = this.machine.icount;
    return { mode: this.mode, icount, length: this.length, live: this.end === undefined && icount >= this.reached, snapshots: 0, snapshotBytes: 0 };
  }

  view(): MachineView {
    return machineView(this.machine);
  }

  setWatchpoints(list: readonly Watchpoint[]): void {
    this.watchpoints = list.slice();
  }

  setTrapFilter(filter: TrapFilter): void {
    this.trapFilter = { exceptions: new Set(filter.exceptions), interrupts: filter.interrupts };
  }

  onUartOutput(listener: (bytes: Uint8Array) => void): void {
    this.outputListeners.push(listener);
  }

  private flushOutput(): void {
    if (this.outputBuffer.length === 0) return;
    const bytes = Uint8Array.from(this.outputBuffer);
    this.outputBuffer = [];
    for (const l of this.outputListeners) l(bytes);
  }

  // ---- inputs ----

  uartInput(bytes: Uint8Array): void {
    if (this.end !== undefined) throw new Error('a replay takes its input from the recording; go live first');
    if (this.machine.icount < this.length) {
      throw new Error('input can only be typed at the live edge of the recording; go live from here first');
    }
    if (bytes.length > 0) this.pending.push(bytes.slice());
  }

  /** Writes guest RAM at the live edge, logged so re-execution repeats it. */
  writeMemory(paddr: number, bytes: Uint8Array): void {
    this.requireLive('memory');
    this.machine.writeMemory(paddr, bytes);
    this.log({ icount: this.machine.icount, kind: 'memory', address: paddr, bytes: bytes.slice() });
  }

  /** Writes x1..x31 (index) or the pc (index 32) at the live edge, logged so re-execution repeats it. */
  writeRegister(index: number, value: number): void {
    this.requireLive('registers');
    this.applyRegister(index, value);
    this.log({ icount: this.machine.icount, kind: 'register', index, value });
  }

  private requireLive(what: string): void {
    if (this.end !== undefined || this.machine.icount < this.length) throw new Error(`${what} can only be changed at the live edge of the recording`);
  }

  private applyRegister(index: number, value: number): void {
    if (index === 32) this.machine.hart.pc = value | 0;
    else if (index >= 1 && index < 32) this.machine.hart.regs[index] = value | 0;
  }

  private log(input: LoggedInput): void {
    this.inputs.splice(this.nextInput, this.inputs.length - this.nextInput, input);
    this.nextInput = this.inputs.length;
    this.reached = Math.max(this.reached, this.machine.icount);
  }

  /** Applies logged inputs due at the current icount (re-execution of the past). */
  private applyDueInputs(): void {
    const icount = this.machine.icount;
    while (this.nextInput < this.inputs.length && this.inputs[this.nextInput].icount === icount) {
      const input = this.inputs[this.nextInput++];
      if (input.kind === 'uart') this.machine.uartReceive(input.bytes);
      else if (input.kind === 'memory') this.machine.writeMemory(input.address, input.bytes);
      else this.applyRegister(input.index, input.value);
    }
  }

  /** At the live edge: hands typed bytes to the UART as far as it has room, logging what it took. */
  private applyPending(): void {
    while (this.pending.length > 0 && this.end === undefined && this.machine.icount >= this.reached && this.nextInput === this.inputs.length) {
      const chunk = this.pending[0];
      const taken = this.machine.uartReceive(chunk);
      if (taken === 0) return;
      this.inputs.push({ icount: this.machine.icount, kind: 'uart', bytes: chunk.slice(0, taken) });
      this.nextInput = this.inputs.length;
      if (taken === chunk.length) this.pending.shift();
      else this.pending[0] = chunk.subarray(taken);
    }
  }

  goLive(): void {
    // Branch: forget the recorded future; what happens from here is recorded anew.
    this.inputs.length = this.nextInput;
    this.clockReads.length = this.nextClockRead;
    this.end = undefined;
    this.mode = 'record';
    this.reached = this.machine.icount;
    if (this.exitAt && this.exitAt.icount > this.reached) this.exitAt = undefined;
  }

  // ---- the forward executor ----

  /**
   * Runs forward until `limit` (exclusive of nothing: stops exactly there),
   * a stop allowed by `stops`, the exit, or idleness at the live edge.
   * `resume` steps over a breakpoint at the starting pc.
   */
  private *forward(limit: number, stops: ForwardStops, resume: boolean): Generator<TaskProgress, EngineStop, void> {
    const machine = this.machine;
    const hartBreakpoints = machine.breakpoints;
    hartBreakpoints.clear();
    if (stops.breakpoints) for (const b of this.breakpoints) hartBreakpoints.add(b);
    machine.setWatchpoints(stops.watchpoints ? this.watchpoints : []);
    const filter = this.trapFilter;
    machine.stopOnTrap = stops.traps && (filter.exceptions.size > 0 || filter.interrupts);
    let resumeFromBreakpoint = resume;
    try {
      for (;;) {
        this.applyDueInputs();
        this.applyPending();
        const icount = machine.icount;
        if (icount >= limit) return { kind: 'step' };
        if (this.end !== undefined && icount >= this.end) {
          // The recording may end with the guest's exit: a zero-instruction run reports it.
          const last = machine.run(0);
          return last.kind === 'exit' ? last : { kind: 'endOfRecording' };
        }
        let budget = Math.min(SLICE, limit - icount, (this.end ?? Infinity) - icount);
        if (this.nextInput < this.inputs.length) budget = Math.min(budget, this.inputs[this.nextInput].icount - icount);
        if (budget <= 0) continue;
        const atLiveEdge = this.end === undefined && icount >= this.reached;
        const stop = machine.run(budget, { resumeFromBreakpoint, hostInputPending: atLiveEdge && this.pending.length > 0 });
        resumeFromBreakpoint = false;
        this.reached = Math.max(this.reached, machine.icount);
        this.flushOutput();
        switch (stop.kind) {
          case 'budget':
            if (machine.icount < limit) yield { icount: machine.icount };
            break;
          case 'breakpoint':
          case 'watchpoint':
            return stop;
          case 'trap':
            if (stop.interrupt ? filter.interrupts : filter.exceptions.has(stop.cause)) return stop;
            break;
          case 'inputReady':
            break;
          case 'reset':
            machine.reset();
            break;
          case 'exit':
            this.exitAt ??= { icount: machine.icount, code: stop.code, pass: stop.pass };
            return stop;
          case 'idle':
            if (this.nextInput < this.inputs.length && this.inputs[this.nextInput].icount === machine.icount) break;
            if (this.end === undefined && machine.icount >= this.reached && this.pending.length > 0 && machine.uartRxCapacity() > 0) break;
            if (machine.icount < this.length) return { kind: 'endOfRecording' };
            return { kind: 'idle' };
          case 'timeLimit':
            throw new Error('interim engine: unexpected time limit without pacing');
        }
      }
    } finally {
      hartBreakpoints.clear();
      machine.setWatchpoints([]);
      machine.stopOnTrap = false;
    }
  }

  /** Executes one instruction (or applies input to an idle hart); false when nothing could run. */
  private stepOne(): boolean {
    const machine = this.machine;
    this.applyDueInputs();
    const before = machine.icount;
    for (let tries = 0; tries < 4 && machine.icount === before; tries++) {
      if (this.end !== undefined && machine.icount >= this.end) break;
      const stop = machine.run(1, { resumeFromBreakpoint: true });
      this.reached = Math.max(this.reached, machine.icount);
      if (stop.kind === 'reset') machine.reset();
      else if (stop.kind === 'exit' || stop.kind === 'idle') break;
    }
    this.flushOutput();
    return machine.icount > before;
  }

  /** Moves to exactly `target` (<= length) by re-executing from power-on when it lies behind. */
  private *moveTo(target: number): Generator<TaskProgress, void, void> {
    if (target < this.machine.icount) this.powerOn();
    yield* this.forward(target, NO_STOPS, true);
  }

  // ---- operations ----

  continueForward(): Task<EngineStop> {
    return this.forward(Infinity, ALL_STOPS, true);
  }

  *stepForward(count: number): Task<EngineStop> {
    const target = this.machine.icount + Math.max(0, Math.floor(count));
    const stop = yield* this.forward(target, ALL_STOPS, true);
    return stop;
  }

  *seek(icount: number): Task<EngineStop> {
    const target = Math.max(0, Math.min(Math.floor(icount), this.length));
    yield* this.moveTo(target);
    return this.machine.icount < target ? { kind: 'endOfRecording' } : { kind: 'step' };
  }

  *reverseContinue(): Task<EngineStop> {
    const cursor = this.machine.icount;
    const hits = yield* this.scanHits(0, cursor, ALL_STOPS);
    const last = hits[hits.length - 1];
    yield* this.moveTo(last ? last.icount : 0);
    return last ? last.stop : { kind: 'startOfRecording' };
  }

  *stepBackward(count: number): Task<EngineStop> {
    const cursor = this.machine.icount;
    const target = Math.max(0, cursor - Math.max(0, Math.floor(count)));
    const hits = count > 1 ? (yield* this.scanHits(target, cursor, { breakpoints: true, watchpoints: true, traps: false })) : [];
    const last = hits.filter((h) => h.icount > target).pop();
    yield* this.moveTo(last ? last.icount : target);
    if (last) return last.stop;
    return cursor === 0 ? { kind: 'startOfRecording' } : { kind: 'step' };
  }

  /** Every stop in [from, to) (watchpoints: those whose access ends at or before `to` - 1), re-executing from power-on. */
  private *scanHits(from: number, to: number, stops: ForwardStops): Generator<TaskProgress, Hit[], void> {
    this.powerOn();
    yield* this.forward(from, NO_STOPS, true);
    const hits: Hit[] = [];
    for (;;) {
      const stop = yield* this.forward(to, stops, true);
      if (stop.kind === 'step' || stop.kind === 'exit' || stop.kind === 'idle' || stop.kind === 'endOfRecording') break;
      if (this.machine.icount >= to) break;
      hits.push({ icount: this.machine.icount, stop });
    }
    return hits;
  }

  *runUntil(direction: 'forward' | 'backward', predicate: (pc: number, sp: number) => boolean): Task<EngineStop> {
    return direction === 'forward' ? yield* this.untilForward(predicate) : yield* this.untilBackward(predicate);
  }

  private *untilForward(predicate: (pc: number, sp: number) => boolean): Generator<TaskProgress, EngineStop, void> {
    const machine = this.machine;
    machine.setWatchpoints(this.watchpoints);
    try {
      for (let n = 1; ; n++) {
        if (!this.stepOne()) {
          if (this.exitAt) return { kind: 'exit', code: this.exitAt.code, pass: this.exitAt.pass };
          return this.end !== undefined && machine.icount >= this.end ? { kind: 'endOfRecording' } : { kind: 'idle' };
        }
        const last = machine.hart.lastStop;
        if (last.kind === 'watchpoint') return last;
        const pc = machine.hart.pc >>> 0;
        if (predicate(pc, machine.hart.regs[2] >>> 0)) return { kind: 'condition' };
        if (this.breakpoints.has(pc)) return { kind: 'breakpoint', pc };
        if (n % 4096 === 0) yield { icount: machine.icount };
      }
    } finally {
      machine.setWatchpoints([]);
    }
  }

  /** The last boundary before the cursor where the predicate holds (or a breakpoint/watchpoint hit), scanning windows back to front. */
  private *untilBackward(predicate: (pc: number, sp: number) => boolean): Generator<TaskProgress, EngineStop, void> {
    const cursor = this.machine.icount;
    let hi = cursor;
    let window = FIRST_WINDOW;
    while (hi > 0) {
      const lo = Math.max(0, hi - window);
      this.powerOn();
      yield* this.forward(lo, NO_STOPS, true);
      let found: Hit | undefined;
      const machine = this.machine;
      machine.setWatchpoints(this.watchpoints);
      try {
        while (machine.icount < hi) {
          const pc = machine.hart.pc >>> 0;
          if (predicate(pc, machine.hart.regs[2] >>> 0)) found = { icount: machine.icount, stop: { kind: 'condition' } };
          else if (this.breakpoints.has(pc)) found = { icount: machine.icount, stop: { kind: 'breakpoint', pc } };
          if (!this.stepOne()) break;
          const last = machine.hart.lastStop;
          if (last.kind === 'watchpoint' && machine.icount < cursor) found = { icount: machine.icount, stop: last };
          if ((machine.icount - lo) % 4096 === 0) yield { icount: machine.icount };
        }
      } finally {
        machine.setWatchpoints([]);
      }
      if (found) {
        yield* this.moveTo(found.icount);
        return found.stop;
      }
      hi = lo;
      window *= 4;
    }
    yield* this.moveTo(0);
    return { kind: 'startOfRecording' };
  }

  *lastWrite(address: number, size: number): Task<WriteSite | undefined> {
    const cursor = this.machine.icount;
    const saved = this.watchpoints;
    this.watchpoints = [{ address, size, kind: 'write' }];
    try {
      const hits = yield* this.scanHits(0, cursor + 1, { breakpoints: false, watchpoints: true, traps: false });
      const last = hits.filter((h) => h.icount <= cursor).pop();
      yield* this.moveTo(cursor);
      return last && last.stop.kind === 'watchpoint' ? { icount: last.icount, pc: last.stop.pc } : undefined;
    } finally {
      this.watchpoints = saved;
    }
  }

  *nextWrite(address: number, size: number): Task<WriteSite | undefined> {
    const cursor = this.machine.icount;
    const saved = this.watchpoints;
    this.watchpoints = [{ address, size, kind: 'write' }];
    try {
      const stop = yield* this.forward(this.length, { breakpoints: false, watchpoints: true, traps: false }, true);
      const site = stop.kind === 'watchpoint' ? { icount: this.machine.icount, pc: stop.pc } : undefined;
      yield* this.moveTo(cursor);
      return site;
    } finally {
      this.watchpoints = saved;
    }
  }

  timeline(start: number, count: number): { readonly events: readonly TimelineEvent[]; readonly total: number } {
    const all: TimelineEvent[] = this.inputs.map((i) => ({
      icount: i.icount,
      kind: 'input' as const,
      description: i.kind === 'uart' ? `UART input ${JSON.stringify(Buffer.from(i.bytes).toString('latin1'))}` : i.kind === 'memory' ? `debugger wrote ${i.bytes.length} bytes at 0x${i.address.toString(16)}` : `debugger set ${i.index === 32 ? 'pc' : `x${i.index}`}`,
    }));
    if (this.exitAt) all.push({ icount: this.exitAt.icount, kind: 'exit', description: this.exitAt.pass ? 'exit: pass' : `exit: fail (code ${this.exitAt.code})` });
    const from = Math.max(0, Math.floor(start));
    return { events: all.slice(from, from + Math.max(0, Math.floor(count))), total: all.length };
  }
}
