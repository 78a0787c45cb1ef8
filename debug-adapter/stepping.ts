// Execution control as the runtime runs it: continue, next, step, finish
// and their reverse forms, at source-line or instruction granularity, built
// from the engine's primitives as gdb builds them (gdb/infrun.c behaviour):
// - next/step leave the current line's address range within the same
//   frame; a call is stepped over with a breakpoint at its return address
//   (or, for step, entered and stopped after the callee's prologue);
//   landing mid-line keeps going to the start of a line; returning into the
//   caller stops there, mid-line;
// - finish runs to the return address in the caller's frame;
// - reverse-next goes back to the start of the previous line run in this
//   frame, stepping back over calls (two backward scans); reverse-step also
//   enters a callee that returned just before and stops at the start of its
//   last line; reverse-finish goes back to the call instruction.
// Frames are told apart by their CFA (frameId.ts). Every operation is a
// Task composed with yield*, so pause and cancel work inside it.
import { EngineStop, Task, TaskProgress, TimeTravelEngine } from '../emulator/timetravel/api';
import { FrameId, FrameLocator, compareFrames } from './frameId';
import { StopContext, Symbols } from './symbols/index';

const RA = 1;
const SP = 2;

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

interface Range {
  readonly start: number;
  readonly end: number;
}

const inRange = (r: Range, pc: number): boolean => pc >= r.start && pc < r.end;

function here(env: StepEnv): { pc: number; sp: number; frame: FrameId } {
  const view = env.engine.view();
  const pc = view.pc >>> 0;
  const sp = view.regs[SP] >>> 0;
  return { pc, sp, frame: env.frames.frameAt(pc, sp) };
}

/** Runs `make` until a stop the user wants: skips breakpoints whose conditions say no, and waits out idle guests. */
function* filtered(env: StepEnv, make: () => Task<EngineStop>): Operation {
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

export function continueForward(env: StepEnv): Operation {
  return filtered(env, () => env.engine.continueForward());
}

/**
 * Backwards, a watched write is shown at the writing instruction, before it
 * runs (the old value, the assignment's line), as gdb shows it on rr; the
 * engine leaves the cursor just after it, so step back over it.
 */
function* backward(env: StepEnv, make: () => Task<EngineStop>): Operation {
  const stop = yield* filtered(env, make);
  if (stop.kind === 'watchpoint' && env.engine.icount > 0) yield* env.engine.stepBackward(1);
  return stop;
}

export function reverseContinue(env: StepEnv): Operation {
  return backward(env, () => env.engine.reverseContinue());
}

/**
 * Runs forward to `returnPc` in `frame` or an outer frame (recursion is
 * told apart by the CFA). Undefined when it got there; otherwise the stop
 * that came first.
 */
function* runToReturn(env: StepEnv, returnPc: number, frame: FrameId, direction: 'forward' | 'backward' = 'forward'): Generator<StepProgress, EngineStop | undefined, void> {
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

function lineKey(env: StepEnv, pc: number): string | undefined {
  const span = env.symbols.program.lines.spanAt(pc);
  return span && `${span.file}:${span.line}`;
}

/** Where `step` stops in a function it entered: after the prologue, as `break FUNCTION` would. */
function afterPrologue(env: StepEnv, pc: number): number {
  const fn = env.symbols.program.functionAt(pc);
  if (!fn) return pc;
  const bp = env.symbols.functionAddress(fn.name)?.breakpoint;
  return bp !== undefined && fn.ranges.some((r) => bp >= r.start && bp < r.end) ? bp : pc;
}

const DONE: EngineStop = { kind: 'step' };

/** gdb's next (into = false) and step (into = true) by source line. */
export function* stepLine(env: StepEnv, into: boolean): Operation {
  let at = here(env);
  let range = env.symbols.lineRange(at.pc);
  if (!range) return yield* stepOut(env, true);
  const frame = at.frame;
  let line = lineKey(env, at.pc);
  for (;;) {
    const r = range;
    const stop = yield* filtered(env, () =>
      env.engine.runUntil('forward', (pc, sp) => !(inRange(r, pc) && compareFrames(env.frames.frameAt(pc, sp), frame) === 'same')),
    );
    if (stop.kind !== 'condition') return stop;
    at = here(env);
    const rel = compareFrames(at.frame, frame);
    if (rel === 'inner') {
      if (into && env.symbols.lineRange(at.pc) !== undefined) {
        const target = afterPrologue(env, at.pc);
        if (target === at.pc) return DONE;
        const entered = at.frame;
        const s = yield* filtered(env, () => env.engine.runUntil('forward', (pc, sp) => pc === target && compareFrames(env.frames.frameAt(pc, sp), entered) === 'same'));
        return s.kind === 'condition' ? DONE : s;
      }
      const ra = env.engine.view().regs[RA] >>> 0;
      const s = yield* runToReturn(env, ra, frame);
      if (s) return s;
      continue;
    }
    // Returned into the caller: gdb stops there, in the middle of the caller's line.
    if (rel === 'outer') return DONE;
    const span = env.symbols.program.lines.spanAt(at.pc);
    if (!span) return DONE;
    const key = `${span.file}:${span.line}`;
    if (at.pc === span.start && span.isStmt && key !== line) return DONE;
    // In the middle of a line (or back at this one): keep stepping through it.
    range = env.symbols.lineRange(at.pc) ?? { start: at.pc, end: at.pc + 2 };
    line = key;
  }
}

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

/** stepi (into) and nexti (over calls). */
export function* stepInstruction(env: StepEnv, into: boolean): Operation {
  const at = here(env);
  const length = into ? 0 : callLength(env.read(at.pc, 4) ?? env.read(at.pc, 2));
  if (length > 0) {
    const s = yield* runToReturn(env, (at.pc + length) >>> 0, at.frame);
    return s ?? DONE;
  }
  const stop = yield* filtered(env, () => env.engine.stepForward(1));
  return stop.kind === 'breakpoint' ? DONE : stop;
}

/** gdb's finish: to the return address in the caller's frame; from an inlined frame, to the end of the inlined call. */
export function* stepOut(env: StepEnv, allowNoCaller = false): Operation {
  const stack = env.stack();
  const top = stack.frames[0];
  if (top?.inlined && top.scope) {
    const scope = top.scope;
    const frame = here(env).frame;
    const stop = yield* filtered(env, () =>
      env.engine.runUntil('forward', (pc, sp) => !scope.ranges.some((r) => pc >= r.start && pc < r.end) && compareFrames(env.frames.frameAt(pc, sp), frame) !== 'inner'),
    );
    return stop.kind === 'condition' ? DONE : stop;
  }
  const caller = stack.frames.find((f) => f.physical.index === 1);
  const callerSp = caller?.physical.regs[SP];
  if (!caller || callerSp === undefined) {
    if (allowNoCaller) return yield* stepInstruction(env, true);
    throw new NoCallerError();
  }
  const s = yield* runToReturn(env, caller.pc >>> 0, env.frames.frameAt(caller.pc >>> 0, callerSp >>> 0));
  return s ?? DONE;
}

export class NoCallerError extends Error {
  constructor() {
    super('There is no caller to step out to: this is the outermost frame.');
  }
}

/**
 * The last boundary before the cursor where `predicate` holds; breakpoints
 * met on the way back stop first when the user wants them.
 */
function back(env: StepEnv, predicate: (pc: number, sp: number) => boolean): Operation {
  return backward(env, () => env.engine.runUntil('backward', predicate));
}

/** reverse-next (into = false) and reverse-step (into = true) by source line. */
export function* reverseStepLine(env: StepEnv, into: boolean): Operation {
  const start = here(env);
  const range0 = env.symbols.lineRange(start.pc);
  if (!range0) return yield* filtered(env, () => env.engine.stepBackward(1));
  const frame0 = start.frame;
  const fn = env.symbols.program.functionAt(start.pc);
  const prologue: Range | undefined = fn ? { start: fn.ranges[0].start, end: afterPrologue(env, fn.ranges[0].start) } : undefined;
  const hasLines = (pc: number): boolean => env.symbols.lineRange(pc) !== undefined;
  // Phase 1: the previous line run in this frame (or its caller), skipping calls unless stepping into them.
  let stop = yield* back(env, (pc, sp) => {
    const at = env.frames.frameAt(pc, sp);
    const rel = compareFrames(at, frame0);
    if (prologue && at.function === frame0.function && inRange(prologue, pc) && rel !== 'inner') return false;
    if (rel === 'inner') return into && hasLines(pc) && !inPrologueOf(env, pc);
    if (rel === 'same' && inRange(range0, pc)) return false;
    return true;
  });
  if (stop.kind !== 'condition') return stop;
  // Phase 2: back to where that line started, in the frame we landed in.
  for (;;) {
    const at = here(env);
    const range = env.symbols.lineRange(at.pc);
    if (!range || at.pc === range.start) return DONE;
    const frame = at.frame;
    stop = yield* back(env, (pc, sp) => {
      const rel = compareFrames(env.frames.frameAt(pc, sp), frame);
      if (rel === 'inner') return into && hasLines(pc) && !inPrologueOf(env, pc);
      return !(rel === 'same' && inRange(range, pc) && pc !== range.start);
    });
    if (stop.kind !== 'condition') return stop;
    const landed = here(env);
    const rel = compareFrames(landed.frame, frame);
    if (rel === 'inner') continue; // reverse-step entered a callee that returned here: go to the start of its last line
    if (rel === 'same' && landed.pc === range.start) return DONE;
    // One instruction before the line began: step forward onto its first instruction.
    const s = yield* filtered(env, () => env.engine.stepForward(1));
    return s.kind === 'breakpoint' ? DONE : s;
  }
}

function inPrologueOf(env: StepEnv, pc: number): boolean {
  const fn = env.symbols.program.functionAt(pc);
  if (!fn) return false;
  const start = fn.ranges[0].start;
  return pc >= start && pc < afterPrologue(env, start);
}

/** reverse-stepi: one instruction back. */
export function reverseStepInstruction(env: StepEnv): Operation {
  return backward(env, () => env.engine.stepBackward(1));
}

/** The call instruction that returns to `returnPc`: 4 or 2 bytes before it. */
function callSiteBefore(env: StepEnv, returnPc: number): number | undefined {
  if (callLength(env.read(returnPc - 4, 4)) === 4) return returnPc - 4;
  if (callLength(env.read(returnPc - 2, 2)) === 2) return returnPc - 2;
  return undefined;
}

/** reverse-finish: back to the call of the current function, in the caller. */
export function* reverseStepOut(env: StepEnv): Operation {
  const stack = env.stack();
  const top = stack.frames[0];
  if (top?.inlined && top.scope) {
    const scope = top.scope;
    const frame = here(env).frame;
    const stop = yield* back(env, (pc, sp) => !scope.ranges.some((r) => pc >= r.start && pc < r.end) && compareFrames(env.frames.frameAt(pc, sp), frame) !== 'inner');
    return stop.kind === 'condition' ? DONE : stop;
  }
  const caller = stack.frames.find((f) => f.physical.index === 1);
  const callerSp = caller?.physical.regs[SP];
  if (!caller || callerSp === undefined) throw new NoCallerError();
  const returnPc = caller.pc >>> 0;
  const callPc = callSiteBefore(env, returnPc);
  const callerFrame = env.frames.frameAt(returnPc, callerSp >>> 0);
  if (callPc === undefined) {
    // Not a call (e.g. a trap return address): go back to the last time the caller's frame was current.
    const stop = yield* back(env, (pc, sp) => compareFrames(env.frames.frameAt(pc, sp), callerFrame) !== 'inner');
    return stop.kind === 'condition' ? DONE : stop;
  }
  const s = yield* runToReturn(env, callPc, callerFrame, 'backward');
  return s ?? DONE;
}

/** Step back: reverse-next by line, reverse-stepi by instruction. */
export function stepBack(env: StepEnv, granularity: Granularity): Operation {
  return granularity === 'instruction' ? reverseStepInstruction(env) : reverseStepLine(env, false);
}
