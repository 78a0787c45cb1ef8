// The contract between the time-travel engine (emulator/timetravel) and its
// front ends (the debug adapter, the gdb stub, the CLI). The engine records
// or replays one program on one Machine and moves its cursor to any icount
// of the recording (ARCHITECTURE.md: the time-travel engine). It knows
// nothing of DAP or gdb: front ends map these stops and events onto their
// protocol.
//
// Long operations are Tasks: generators the front end drives one slice at a
// time (`next()`), yielding to its event loop in between, so pause, cancel
// and disconnect take effect within a slice (~10 ms of guest execution).
// The emulator itself never reads host timers; pacing is the caller's.

import { WatchKind, Watchpoint } from '../contracts';

/** A long operation, driven slice by slice. Each `next()` runs one slice. */
export type Task<T> = Generator<TaskProgress, T, void>;

export interface TaskProgress {
  /** Where the machine is now (the scan position, not yet the cursor). */
  readonly icount: number;
}

/**
 * Why the cursor stopped. Every stop is at an instruction boundary; after it
 * `engine.icount` is the cursor.
 */
export type EngineStop =
  /** The requested step count or seek target was reached. */
  | { readonly kind: 'step' }
  /** A breakpoint: pc is there and the instruction has not run. */
  | { readonly kind: 'breakpoint'; readonly pc: number }
  /** A watched access; forwards: the accessing instruction has run; backwards: the cursor is just after it too (gdb/rr convention). */
  | { readonly kind: 'watchpoint'; readonly address: number; readonly size: number; readonly access: WatchKind; readonly pc: number }
  /** A trap or interrupt matching the trap filter was taken; the cursor is at the handler's first instruction. */
  | { readonly kind: 'trap'; readonly cause: number; readonly interrupt: boolean; readonly tval: number; readonly pc: number }
  /** A predicate given to runUntil matched. */
  | { readonly kind: 'condition' }
  /** Going backwards reached icount 0. */
  | { readonly kind: 'startOfRecording' }
  /** Replay (or a past position of a recording) reached the end of what is recorded; goLive continues from there. */
  | { readonly kind: 'endOfRecording' }
  /** Recording live: the guest sleeps with no timer and waits for UART input. */
  | { readonly kind: 'idle' }
  /** The guest wrote the finisher. */
  | { readonly kind: 'exit'; readonly code: number; readonly pass: boolean }
  /** The front end cancelled the task; the cursor is at a consistent position (see each operation). */
  | { readonly kind: 'cancelled' }
  /** Replay differs from the recording: first checkpoint that disagrees. */
  | {
      readonly kind: 'divergence';
      readonly icount: number;
      /** Hex SHA-256 hashes of the machine state; empty when the difference is not a checkpoint's (a missing clock read, input the guest no longer takes). */
      readonly expectedHash: string;
      readonly actualHash: string;
      readonly nearestEvent: string;
      /** What differed, in words. */
      readonly reason: string;
    };

/** Traps and interrupts that stop execution (the adapter's exception filters). */
export interface TrapFilter {
  /** Synchronous exception causes (mcause values without the interrupt bit) that stop. */
  readonly exceptions: ReadonlySet<number>;
  /** Stop on every interrupt taken. */
  readonly interrupts: boolean;
}

/** One entry of the timeline: what happened at an icount. */
export interface TimelineEvent {
  readonly icount: number;
  /** 'write': a change made by hand in the debugger (recorded, replayed). */
  readonly kind: 'input' | 'clock' | 'interrupt' | 'trap' | 'breakpoint' | 'snapshot' | 'exit' | 'reset' | 'checkpoint' | 'write';
  readonly description: string;
}

/** Where a memory location was last written, or next written. */
export interface WriteSite {
  /** The cursor position just after the writing instruction. */
  readonly icount: number;
  /** The writing instruction's pc. */
  readonly pc: number;
}

export interface EngineStatus {
  readonly mode: 'record' | 'replay';
  /** The cursor. */
  readonly icount: number;
  /** How far the recording reaches (the live edge while recording). */
  readonly length: number;
  /** True when the cursor is at the live edge of a recording (new input is accepted). */
  readonly live: boolean;
  /** Snapshots held and their memory. */
  readonly snapshots: number;
  readonly snapshotBytes: number;
}

/** A read-only view of the machine at the cursor, for variables, registers and memory. */
export interface MachineView {
  readonly pc: number;
  /** x0..x31 as unsigned 32-bit values. */
  readonly regs: ReadonlyArray<number>;
  readonly privilege: number;
  /** CSR by number; undefined when it does not exist. */
  csr(number: number): number | undefined;
  /** Physical memory (RAM/ROM); throws a typed error for other addresses. */
  readMemory(paddr: number, length: number): Uint8Array;
  /** Translates a virtual address with the current satp/privilege; undefined when unmapped. */
  translate(vaddr: number, access: 'read' | 'write' | 'execute'): number | undefined;
  /** Device registers by device (named fields), for the Devices scope. */
  devices(): Readonly<Record<string, Readonly<Record<string, number | string | boolean>>>>;
  /** Virtual time in ns. */
  readonly virtualNs: number;
}

/**
 * The engine. One per debugging session. Breakpoints, watchpoints and the
 * trap filter apply in both directions. Operations other than the getters
 * may only be called while no Task is being driven (the front end
 * serialises them); a Task abandoned with `return()` leaves the cursor where
 * its `cancelled` stop says.
 */
export interface TimeTravelEngine {
  status(): EngineStatus;
  readonly icount: number;
  /** The machine at the cursor. Valid until the next operation. */
  view(): MachineView;

  readonly breakpoints: Set<number>;
  setWatchpoints(list: readonly Watchpoint[]): void;
  setTrapFilter(filter: TrapFilter): void;

  /** Forward until a stop; replaying up to the live edge, then (recording) running live. */
  continueForward(): Task<EngineStop>;
  /** Backward until the last breakpoint / watchpoint / trap hit before the cursor, or the start. */
  reverseContinue(): Task<EngineStop>;
  /** `count` instructions forward (stops early at breakpoints, watchpoints, filtered traps, exit). */
  stepForward(count: number): Task<EngineStop>;
  /** `count` instructions back (reverse stepi); stops early at watchpoints and breakpoints passed. */
  stepBackward(count: number): Task<EngineStop>;
  /** Moves the cursor to exactly `icount` (clamped to [0, length]); ignores breakpoints. */
  seek(icount: number): Task<EngineStop>;
  /**
   * Forward or backward to the nearest instruction boundary where
   * `predicate(pc, sp)` holds (the adapter builds next/step/finish and their
   * reverse forms on it); breakpoints and watchpoints still stop it.
   * Backward: the LAST boundary before the cursor where it holds.
   */
  runUntil(direction: 'forward' | 'backward', predicate: (pc: number, sp: number) => boolean): Task<EngineStop>;
  /** The last write to [address, address + size) before the cursor (physical addresses). */
  lastWrite(address: number, size: number): Task<WriteSite | undefined>;
  /** The next write after the cursor, within the recording. */
  nextWrite(address: number, size: number): Task<WriteSite | undefined>;

  /** Record mode at the live edge: UART bytes typed by the user, recorded as input events. Throws in replay / in the past. */
  uartInput(bytes: Uint8Array): void;
  /** Branch: from the cursor, continue live into a new recording (the old one stays intact). */
  goLive(newRecording?: string): void;

  /**
   * Paged events of the recording, in icount order: logged events, traps
   * and interrupts taken (over the stretch executed so far), the
   * breakpoint / watchpoint / trap stops seen (kind 'breakpoint'), snapshots.
   */
  timeline(start: number, count: number): { readonly events: readonly TimelineEvent[]; readonly total: number };

  /**
   * Who says which stops the timeline lists as hits. 'engine' (the
   * default): every breakpoint, watchpoint and trap stop a task ends with.
   * 'frontEnd': only the stops given to noteStop (a front end that
   * passes over some stops itself, such as false breakpoint conditions or
   * its own temporary breakpoints, lists only those it showed).
   */
  stopHits: 'engine' | 'frontEnd';
  /** Lists `stop` at the cursor on the timeline, if it is a breakpoint, watchpoint or trap stop (each icount and kind once). */
  noteStop(stop: EngineStop): void;

  /**
   * Asks the task being driven to stop at its next slice: it then completes
   * with a `cancelled` stop (forward operations stay where they got to;
   * backward ones and lastWrite/nextWrite put the cursor back at their
   * origin). A no-op when no task runs.
   */
  cancel(): void;

  /** Guest UART output, in guest order, as it is produced (also during replay, for the part re-executed for the first time). */
  onUartOutput(listener: (bytes: Uint8Array) => void): void;
}
