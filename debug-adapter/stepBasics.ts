// The pieces every stepping operation is made of (stepping.ts forwards,
// reverseStepping.ts backwards): the environment the runtime gives them,
// the cursor's frame, runs that skip breakpoints the user does not want,
// running to a return address in a frame, and where a function's prologue
// ends (gdb/infrun.c behaviour).
import { EngineStop, Task, TaskProgress, TimeTravelEngine } from '../emulator/timetravel/api';
import { FrameId, FrameLocator, compareFrames } from './frameId';
import { StopContext, Symbols } from './symbols/index';

export const RA = 1;
export const SP = 2;

/** Progress that tells the driver the guest waits for input and the operation resumes once some arrives. */
export interface StepProgress extends TaskProgress {
  readonly waitingForInput?: boolean;
}

export type Operation = Generator<StepProgress, EngineStop, void>;

export interface StepEnv {
  readonly engine: TimeTravelEngine;
  readonly symbols: Symbols;
  readonly frames: FrameLocator;
  /** For a breakpoint or watchpoint stop: do the user's breakpoints there want to stop (conditions, hit counts, log points)? */
  accept(stop: EngineStop): boolean;
  /** Stepping's own breakpoints, kept apart from the user's. */
  addTemporary(pc: number): void;
  removeTemporary(pc: number): void;
  /** The unwound stack at the cursor. */
  stack(): StopContext;
  /** Reads guest memory at a virtual address. */
  read(address: number, size: number): Uint8Array | undefined;
}

export type Granularity = 'line' | 'instruction';

export interface Range {
  readonly start: number;
  readonly end: number;
}

export const inRange = (r: Range, pc: number): boolean => pc >= r.start && pc < r.end;

export function here(env: StepEnv): { pc: number; sp: number; frame: FrameId } {
  const view = env.engine.view();
  const pc = view.pc >>> 0;
  const sp = view.regs[SP] >>> 0;
  return { pc, sp, frame: env.frames.frameAt(pc, sp) };
}

/** Runs `make` until a stop the user wants: skips breakpoints whose conditions say no, and waits out idle guests. */
export function* filtered(env: StepEnv, make: () => Task<EngineStop>): Operation {
  for (;;) {
    const stop = yield* make();
    if (stop.kind === 'idle') {
      yield { icount: env.engine.icount, waitingForInput: true };
      continue;
    }
    if ((stop.kind === 'breakpoint' || stop.kind === 'watchpoint') && !env.accept(stop)) continue;
    return stop;
  }
}

/**
 * Backwards, a watched write is shown at the writing instruction, before it
 * runs (the old value, the assignment's line), as gdb shows it on rr; the
 * engine leaves the cursor just after it, so step back over it.
 */
export function* backward(env: StepEnv, make: () => Task<EngineStop>): Operation {
  const stop = yield* filtered(env, make);
  if (stop.kind === 'watchpoint' && env.engine.icount > 0) yield* env.engine.stepBackward(1);
  return stop;
}

/**
 * Runs forward to `returnPc` in `frame` or an outer frame (recursion is
 * told apart by the CFA). Undefined when it got there; otherwise the stop
 * that came first.
 */
export function* runToReturn(env: StepEnv, returnPc: number, frame: FrameId, direction: 'forward' | 'backward' = 'forward'): Generator<StepProgress, EngineStop | undefined, void> {
  env.addTemporary(returnPc);
  try {
    for (;;) {
      const stop = direction === 'forward' ? yield* filtered(env, () => env.engine.continueForward()) : yield* backward(env, () => env.engine.reverseContinue());
      if (stop.kind !== 'breakpoint' || stop.pc !== returnPc) return stop;
      const at = here(env);
      const rel = compareFrames(at.frame, frame);
      if (direction === 'forward' ? rel !== 'inner' : rel === 'same') return undefined;
    }
  } finally {
    env.removeTemporary(returnPc);
  }
}

/** Where `step` stops in a function it entered: after the prologue, as `break FUNCTION` would. */
export function afterPrologue(env: StepEnv, pc: number): number {
  const fn = env.symbols.program.functionAt(pc);
  if (!fn) return pc;
  const bp = env.symbols.functionAddress(fn.name)?.breakpoint;
  return bp !== undefined && fn.ranges.some((r) => bp >= r.start && bp < r.end) ? bp : pc;
}

export const DONE: EngineStop = { kind: 'step' };

/** Length of the instruction at pc if it is a call (jal/jalr/c.jal/c.jalr writing a link register), else 0. */
export function callLength(bytes: Uint8Array | undefined): number {
  if (!bytes || bytes.length < 2) return 0;
  const half = bytes[0] | (bytes[1] << 8);
  if ((half & 3) !== 3) {
    const op = half & 3;
    const funct3 = half >>> 13;
    if (op === 1 && funct3 === 1) return 2; // c.jal (RV32)
    if (op === 2 && funct3 === 4 && ((half >>> 12) & 1) === 1 && ((half >>> 7) & 31) !== 0 && ((half >>> 2) & 31) === 0) return 2; // c.jalr
    return 0;
  }
  if (bytes.length < 4) return 0;
  const word = (half | (bytes[2] << 16) | (bytes[3] << 24)) >>> 0;
  const opcode = word & 0x7f;
  const rd = (word >>> 7) & 31;
  return (opcode === 0x6f || opcode === 0x67) && rd !== 0 ? 4 : 0;
}

export class NoCallerError extends Error {
  constructor() {
    super('There is no caller to step out to: this is the outermost frame.');
  }
}

