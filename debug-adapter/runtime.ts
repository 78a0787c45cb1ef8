// The runtime: one debugged program on the time-travel engine, with its
// symbols and breakpoints. It knows nothing of DAP (vscode-mock-debug's
// runtime/session split): it runs operations and emits events the session
// maps to DAP. Every operation is a Task driven one slice at a time with
// setImmediate in between, so pause, cancel and disconnect are noticed
// within a slice, even in the middle of a long reverse scan.
import { EventEmitter } from 'events';
import * as fs from 'fs';
import * as path from 'path';
import { EngineStatus, EngineStop } from '../emulator/timetravel/api';
import { BreakpointTable, HitDecision } from './breakpoints';
import { DataBreakpointTable } from './dataBreakpoints';
import { Engine, EngineHost } from './engineFactory';
import { ErrorCode, UserError, wrongState } from './errors';
import { DEFAULT_FILTER_IDS, trapFilterFor, trapName } from './exceptions';
import { FrameLocator } from './frameId';
import { LaunchSettings } from './launchConfig';
import { SourceMap } from './sources';
import { Operation, StepEnv } from './stepping';
import { StopState, readVirtual } from './stopState';
import { Symbols, loadSymbols } from './symbols/index';
import { ScriptedInput } from './uart';

export type RuntimeState = 'stopped' | 'running' | 'waitingForInput' | 'terminated';

/** A stop as the session reports it. */
export interface RuntimeStop {
  /** DAP stop reason: 'entry', 'step', 'breakpoint', 'data breakpoint', 'exception', 'pause', 'goto', 'start of recording', ... */
  readonly reason: string;
  /** A sentence for the user (call stack, status). */
  readonly description: string;
  readonly text?: string;
  readonly hitBreakpointIds?: number[];
  /** Set for trap stops (exceptionInfo). */
  readonly trap?: { readonly cause: number; readonly interrupt: boolean; readonly tval: number; readonly epc: number | undefined };
}

export interface RuntimeEvents {
  stopped: [RuntimeStop];
  running: [];
  waitingForInput: [];
  output: [text: string, category: 'console' | 'stdout' | 'important'];
  uartOutput: [bytes: Uint8Array];
  progress: [icount: number];
}

const immediate = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
/** Host time between writes of the recording to its file while running. */
const FLUSH_EVERY_NS = 100_000_000n;

export class RewindRuntime extends EventEmitter<RuntimeEvents> {
  readonly frames: FrameLocator;
  readonly sources: SourceMap;
  readonly breakpoints: BreakpointTable;
  readonly dataBreakpoints = new DataBreakpointTable();
  private trapFilterIds: readonly string[] = DEFAULT_FILTER_IDS;
  private readonly temporary = new Map<number, number>();
  private runState: RuntimeState = 'stopped';
  private generation = 0;
  private stopState: StopState | undefined;
  private cancelRequested = false;
  private inputWaiter: (() => void) | undefined;
  private lastDecision: (HitDecision & { description?: string }) | undefined;
  private running: Promise<RuntimeStop> | undefined;
  private lastStopInfo: RuntimeStop | undefined;
  private script: ScriptedInput | undefined;
  private rearmRequested = false;
  private lastFlush = 0n;

  private constructor(
    readonly settings: LaunchSettings,
    readonly engine: Engine,
    readonly symbols: Symbols,
    private readonly host: EngineHost,
  ) {
    super();
    // Only the stops the user sees go on the timeline (not false conditions, log points or stepping's own breakpoints).
    engine.stopHits = 'frontEnd';
    this.frames = new FrameLocator(symbols);
    this.sources = new SourceMap(path.dirname(settings.program), symbols);
    this.breakpoints = new BreakpointTable(symbols, this.sources);
    engine.onUartOutput((bytes) => {
      this.script?.output(bytes, engine.icount);
      this.emit('uartOutput', bytes);
    });
    engine.setTrapFilter(trapFilterFor(this.trapFilterIds));
  }

  /** Loads the program and its symbols and builds the engine. Errors are UserErrors naming the file. */
  static create(settings: LaunchSettings): RewindRuntime {
    let elf: Uint8Array;
    try {
      elf = fs.readFileSync(settings.program);
    } catch (e) {
      throw new UserError(ErrorCode.ProgramLoadFailed, `Cannot read the program ${settings.program}: ${(e as Error).message}`);
    }
    let symbols: Symbols;
    try {
      symbols = loadSymbols(elf);
    } catch (e) {
      throw new UserError(ErrorCode.ProgramLoadFailed, `${settings.program} is not a RISC-V RV32 ELF program: ${(e as Error).message}`);
    }
    const host = new EngineHost(settings, elf);
    const runtime = new RewindRuntime(settings, host.engine, symbols, host);
    if (settings.uartInput.kind === 'file' && settings.mode === 'record') {
      runtime.script = new ScriptedInput(fs.readFileSync(settings.uartInput.path));
    }
    return runtime;
  }

  get state(): RuntimeState {
    return this.runState;
  }

  get lastStop(): RuntimeStop | undefined {
    return this.lastStopInfo;
  }

  status(): EngineStatus {
    return this.engine.status();
  }

  /** The cursor's state; only while stopped. */
  stopped(): StopState {
    this.requireStopped();
    this.stopState ??= new StopState(this.engine.view(), this.symbols, this.generation);
    return this.stopState;
  }

  requireStopped(): void {
    if (this.runState === 'terminated') throw wrongState('The debug session has ended.');
    if (this.runState !== 'stopped') throw wrongState('The program is running: pause it first.');
  }

  // ---- changing the present ----

  /** Values can change only at the live edge of a recording: elsewhere the recording already says what happens next. */
  requireWritable(): void {
    this.requireStopped();
    const status = this.engine.status();
    if (status.mode === 'replay' && !status.live) {
      throw new UserError(ErrorCode.RecordedPastIsReadOnly, `This session replays a recording: changing a value would contradict what the recording says happens next. Go live from here first (this branches a new future), then change it.`);
    }
    if (!status.live) {
      throw new UserError(ErrorCode.RecordedPastIsReadOnly, `The cursor is at instruction ${status.icount}, in the recorded past (the recording goes on to ${status.length}): changing a value here would contradict what the program did next. Go live from here first (this drops the recorded future and records a new one), then change it.`);
    }
  }

  /**
   * Writes guest memory at a virtual address. Every page is translated
   * before anything is written, so an unmapped page changes nothing; the
   * engine records the change so replays repeat it.
   */
  writeMemory(address: number, bytes: Uint8Array): void {
    this.requireWritable();
    const view = this.engine.view();
    const pieces: { va: number; pa: number; bytes: Uint8Array }[] = [];
    for (let done = 0; done < bytes.length; ) {
      const va = (address + done) >>> 0;
      const chunk = Math.min(bytes.length - done, 4096 - (va % 4096));
      const pa = view.translate(va, 'write');
      if (pa === undefined) throw new UserError(ErrorCode.UnknownReference, `Cannot write memory at 0x${va.toString(16)}: the address is not mapped.`);
      pieces.push({ va, pa, bytes: bytes.subarray(done, done + chunk) });
      done += chunk;
    }
    try {
      for (const p of pieces) {
        try {
          this.engine.writeMemory(p.pa, p.bytes);
        } catch (e) {
          throw new UserError(ErrorCode.UnknownReference, `Cannot write memory at 0x${p.va.toString(16)}: ${(e as Error).message}`);
        }
      }
    } finally {
      this.stopState = undefined;
    }
  }

  /** x1..x31 by number, 32 for the pc; recorded by the engine so replays repeat it. */
  writeRegister(index: number, value: number): void {
    this.requireWritable();
    try {
      this.engine.writeRegister(index, value);
    } catch (e) {
      throw new UserError(ErrorCode.Unsupported, `${(e as Error).message}.`);
    } finally {
      this.stopState = undefined;
    }
  }

  // ---- breakpoints ----

  /**
   * The user changed breakpoints, watchpoints or trap filters: push them to
   * the engine. A running forward continue is restarted from where it is,
   * so they apply at once (the engine arms them when an operation starts).
   */
  breakpointsChanged(): void {
    this.syncBreakpoints();
    if (this.runState === 'stopped' || this.runState === 'terminated') this.syncWatchpoints();
    else this.rearmRequested = true;
  }

  /** Pushes code breakpoints (user and stepping ones) to the engine. */
  syncBreakpoints(): void {
    const set = this.engine.breakpoints;
    set.clear();
    for (const a of this.breakpoints.addresses()) set.add(a);
    for (const a of this.temporary.keys()) set.add(a);
  }

  syncWatchpoints(): void {
    this.engine.setWatchpoints(this.dataBreakpoints.watchpoints(this.engine.view()));
  }

  setExceptionFilters(ids: readonly string[]): void {
    this.engine.setTrapFilter(trapFilterFor(ids));
    this.trapFilterIds = ids.slice();
    this.breakpointsChanged();
  }

  /** For breakpoint and watchpoint stops inside operations: the user's breakpoints decide. */
  private accept(stop: EngineStop): boolean {
    const state = (): StopState => new StopState(this.engine.view(), this.symbols, this.generation);
    let decision: (HitDecision & { description?: string }) | undefined;
    if (stop.kind === 'breakpoint') {
      if (this.temporary.has(stop.pc) && !this.breakpoints.has(stop.pc)) return true;
      decision = this.breakpoints.hit(stop.pc, state);
    } else if (stop.kind === 'watchpoint') {
      decision = this.dataBreakpoints.hit(stop.address, stop.size, stop.access, state);
    } else return true;
    for (const m of decision.messages) this.emit('output', m + '\n', 'console');
    if (decision.stop) this.lastDecision = decision;
    return decision.stop;
  }

  stepEnv(): StepEnv {
    return {
      engine: this.engine,
      symbols: this.symbols,
      frames: this.frames,
      accept: (stop) => this.accept(stop),
      addTemporary: (pc) => {
        this.temporary.set(pc, (this.temporary.get(pc) ?? 0) + 1);
        this.syncBreakpoints();
      },
      removeTemporary: (pc) => {
        const n = (this.temporary.get(pc) ?? 1) - 1;
        if (n <= 0) this.temporary.delete(pc);
        else this.temporary.set(pc, n);
        this.syncBreakpoints();
      },
      stack: () => new StopState(this.engine.view(), this.symbols, this.generation).stack,
      read: (address, size) => readVirtual(this.engine.view(), address, size),
    };
  }

  // ---- running ----

  /**
   * Starts an operation; resolves with the stop once it ends (the session
   * answers most requests at once and reports the stop as an event).
   * `reason` names a plain completion ('step', 'goto', ...).
   */
  run(make: (env: StepEnv) => Operation, reason: string, restartable = false): Promise<RuntimeStop> {
    this.requireStopped();
    this.syncWatchpoints();
    this.rearmRequested = false;
    const op = make(this.stepEnv());
    this.runState = 'running';
    this.generation++;
    this.stopState = undefined;
    this.lastDecision = undefined;
    this.cancelRequested = false;
    this.emit('running');
    this.running = this.drive(op, reason, restartable ? make : undefined);
    return this.running;
  }

  private async drive(first: Operation, reason: string, restart: ((env: StepEnv) => Operation) | undefined): Promise<RuntimeStop> {
    let stop: EngineStop;
    let op = first;
    try {
      // DAP: the response to continue/next/stepBack/... goes out before the stop it leads to. A short
      // step would otherwise stop within this call, before the session answers; VS Code then sees
      // no continuation and keeps showing the previous stop's reason in the Call Stack view.
      await immediate();
      for (;;) {
        if (this.rearmRequested && restart && this.runState === 'running') {
          // Breakpoints changed under a forward continue: start it again from here with them armed.
          this.rearmRequested = false;
          op.return({ kind: 'cancelled' });
          this.syncWatchpoints();
          op = restart(this.stepEnv());
        }
        if (this.cancelRequested) {
          op.return({ kind: 'cancelled' });
          stop = { kind: 'cancelled' };
          break;
        }
        const r = op.next();
        if (r.done) {
          stop = r.value;
          break;
        }
        if (this.script?.pending && this.engine.status().live) {
          const typed = this.script.take(r.value.icount, r.value.waitingForInput === true);
          if (typed) {
            this.engine.uartInput(typed);
            continue;
          }
        }
        if (r.value.waitingForInput) {
          this.runState = 'waitingForInput';
          this.emit('waitingForInput');
          this.engine.flushLog();
          const waitStart = process.hrtime.bigint();
          await new Promise<void>((resolve) => (this.inputWaiter = resolve));
          this.inputWaiter = undefined;
          if (this.runState === 'waitingForInput') {
            this.runState = 'running';
            // Time passed for the guest while it waited, as it does on QEMU (the engine logs it).
            if (!this.cancelRequested) this.engine.idleWarp(Number(process.hrtime.bigint() - waitStart));
          }
          continue;
        }
        const now = process.hrtime.bigint();
        if (now - this.lastFlush >= FLUSH_EVERY_NS) {
          this.engine.flushLog();
          this.lastFlush = now;
        }
        this.emit('progress', r.value.icount);
        await immediate();
      }
    } catch (e) {
      stop = { kind: 'cancelled' };
      this.emit('output', `Rewind internal error while running: ${(e as Error).stack ?? String(e)}\n`, 'important');
    }
    this.engine.flushLog();
    if (stop.kind === 'breakpoint' || stop.kind === 'watchpoint' || stop.kind === 'trap') this.engine.noteStop(stop);
    const info = this.describe(stop, reason);
    this.running = undefined;
    if (this.runState !== 'terminated') {
      this.runState = 'stopped';
      this.lastStopInfo = info;
      this.emit('stopped', info);
    }
    return info;
  }

  /** Stops the running operation at the next slice; resolves once stopped. */
  async pause(): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.cancelRequested = true;
    this.inputWaiter?.();
    await running;
  }

  /** Ends the session: stops whatever runs and closes the recording (it is complete on disk). */
  async terminate(): Promise<void> {
    if (this.runState === 'terminated') return;
    await this.pause();
    this.runState = 'terminated';
    try {
      const file = this.host.close();
      if (file !== undefined) this.emit('output', `Recording saved to ${file}.\n`, 'console');
    } catch (e) {
      this.emit('output', `Could not finish the recording: ${(e as Error).message}\n`, 'important');
    }
  }

  /** Branches from the cursor into a new recording; says where it goes. */
  goLive(recording: string | undefined): void {
    this.requireStopped();
    this.engine.goLive(recording);
    const target = this.host.branchTarget;
    this.emit('output', target ? `Live from instruction ${this.engine.icount}: the new branch is recorded to ${target}.\n` : `Live from instruction ${this.engine.icount}: the new branch is kept in memory only.\n`, 'console');
  }

  /** Typed UART bytes: refused in replay and in the recorded past, with the reason. */
  uartInput(bytes: Uint8Array): void {
    if (this.runState === 'terminated') throw wrongState('The debug session has ended.');
    const status = this.engine.status();
    if (status.mode === 'replay' && !status.live) {
      throw new UserError(ErrorCode.RecordedPastIsReadOnly, 'This session replays a recording: the guest reads the recorded input, so typed input is refused. Go live from a point of the replay to type into a new future.');
    }
    if (!status.live) {
      throw new UserError(ErrorCode.RecordedPastIsReadOnly, `The cursor is in the recorded past (instruction ${status.icount} of ${status.length}): input can only be typed at the live edge. Continue to the end of the recording, or go live from here (this drops the recorded future).`);
    }
    this.engine.uartInput(bytes);
    this.inputWaiter?.();
  }

  private describe(stop: EngineStop, reason: string): RuntimeStop {
    const decision = this.lastDecision;
    const at = (): string => `0x${(this.engine.view().pc >>> 0).toString(16)}`;
    switch (stop.kind) {
      case 'step':
      case 'condition':
        return { reason, description: reason === 'goto' ? `Moved to instruction ${this.engine.icount}` : 'Paused after a step' };
      case 'breakpoint': {
        const kind = decision?.kind ?? 'source';
        const dapReason = kind === 'function' ? 'function breakpoint' : kind === 'instruction' ? 'instruction breakpoint' : 'breakpoint';
        return { reason: dapReason, description: `Paused on ${dapReason} at ${at()}`, hitBreakpointIds: decision?.ids };
      }
      case 'watchpoint':
        return { reason: 'data breakpoint', description: `Paused: ${decision?.description || `watched memory at 0x${stop.address.toString(16)} ${stop.access}`} (by the instruction at 0x${stop.pc.toString(16)})`, hitBreakpointIds: decision?.ids };
      case 'trap': {
        const view = this.engine.view();
        const epc = view.csr(view.privilege === 1 ? 0x141 : 0x341);
        const name = trapName(stop.cause, stop.interrupt);
        const where = epc !== undefined ? ` at 0x${epc.toString(16)}` : '';
        return { reason: 'exception', description: `${name}${where}`, text: `${name}${where} (tval 0x${(stop.tval >>> 0).toString(16)}); the hart is at the trap handler`, trap: { cause: stop.cause, interrupt: stop.interrupt, tval: stop.tval, epc } };
      }
      case 'startOfRecording':
        return { reason: 'start of recording', description: 'Reached the start of the recording (instruction 0): nothing happened before this.', text: 'Start of recording' };
      case 'endOfRecording':
        return { reason: 'end of recording', description: `Reached the end of the recording (instruction ${this.engine.icount}). Go live to continue executing from here into a new recording.`, text: 'End of recording' };
      case 'exit':
        return { reason: 'exited', description: `The program exited ${stop.pass ? 'with success' : `with failure code ${stop.code}`} at instruction ${this.engine.icount}. Step back or reverse-continue to look at its past.`, text: stop.pass ? 'Exited (pass)' : `Exited (code ${stop.code})` };
      case 'cancelled':
        return { reason: 'pause', description: `Paused at instruction ${this.engine.icount}` };
      case 'idle':
        return { reason: 'pause', description: 'The guest waits for input' };
      case 'divergence':
        return { reason: 'exception', description: `The replay diverged from the recording at instruction ${stop.icount} (near ${stop.nearestEvent}).`, text: 'Replay divergence' };
    }
  }
}
