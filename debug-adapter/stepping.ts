// Execution control as the runtime runs it: continue, next, step, finish
// and their reverse forms, at source-line or instruction granularity, built
// from the engine's primitives as gdb builds them (gdb/infrun.c behaviour):
// - next/step leave the current line's address range within the same
//   frame; a call is stepped over with a breakpoint at its return address
//   (or, for step, entered and stopped after the callee's prologue);
//   landing mid-line keeps going to the start of a line; returning into the
//   caller stops there, mid-line;
// - finish runs to the return address in the caller's frame;
// - the reverse forms are in reverseStepping.ts, the shared pieces in
//   stepBasics.ts; this module is what the session imports.
// Frames are told apart by their CFA (frameId.ts); where a caller without
// a frame of its own (crt0's _start) has the same CFA as its callee, a
// callee is the one entered at its first instruction. Every operation is
// a Task composed with yield*, so pause and cancel work inside it.
import { compareFrames } from './frameId';
import { reverseStepInstruction, reverseStepLine } from './reverseStepping';
import { DONE, Granularity, NoCallerError, Operation, RA, SP, StepEnv, afterPrologue, backward, callLength, filtered, here, inRange, runToReturn } from './stepBasics';

export { Granularity, NoCallerError, Operation, StepEnv, StepProgress, callLength } from './stepBasics';
export { reverseStepInstruction, reverseStepLine, reverseStepOut } from './reverseStepping';

export function continueForward(env: StepEnv): Operation {
  return filtered(env, () => env.engine.continueForward());
}

export function reverseContinue(env: StepEnv): Operation {
  return backward(env, () => env.engine.reverseContinue());
}

function lineKey(env: StepEnv, pc: number): string | undefined {
  const span = env.symbols.program.lines.spanAt(pc);
  return span && `${span.file}:${span.line}`;
}

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
    let rel = compareFrames(at.frame, frame);
    // Equal CFAs in different functions: a callee is entered at its first instruction; anywhere else
    // it is a caller without a frame of its own (crt0's _start) that this frame returned into.
    if (rel === 'inner' && at.frame.cfa === frame.cfa && at.frame.function !== undefined && at.pc !== at.frame.function) rel = 'outer';
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
      // Back in this frame; a call that ended its line returns to the start of the next one.
      at = here(env);
      if (inRange(r, at.pc)) continue;
    } else if (rel === 'outer') {
      // Returned into the caller: gdb stops there, in the middle of the caller's line.
      return DONE;
    }
    const span = env.symbols.program.lines.spanAt(at.pc);
    if (!span) return DONE;
    const key = `${span.file}:${span.line}`;
    if (at.pc === span.start && span.isStmt && key !== line) return DONE;
    // In the middle of a line (or back at this one): keep stepping through it.
    range = env.symbols.lineRange(at.pc) ?? { start: at.pc, end: at.pc + 2 };
    line = key;
  }
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

/** Step back: reverse-next by line, reverse-stepi by instruction. */
export function stepBack(env: StepEnv, granularity: Granularity): Operation {
  return granularity === 'instruction' ? reverseStepInstruction(env) : reverseStepLine(env, false);
}
