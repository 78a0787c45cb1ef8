// Stepping backwards as gdb does it on a recording (gdb/infrun.c in
// reverse): reverse-next, reverse-step, reverse-stepi and reverse-finish.
// - reverse-next leaves the current line backwards in this frame; a callee
//   met on the way (it returned into this line) is skipped whole by going
//   back to its call instruction, with a breakpoint there and a reverse
//   continue (as gdb's step-resume breakpoint), not one instruction at a
//   time; then it goes back to the start of the line it landed in. At the
//   first line of a function (its prologue counts as part of that line) it
//   leaves into the caller and stops at the start of the call's line;
//   with no earlier line at all it stops at the start of the recording.
// - reverse-step also enters a callee that returned just before and stops
//   at the start of its last line.
// - reverse-finish goes back to the call instruction in the caller.
// The backward scans test every instruction boundary (the engine's
// runUntil), so their predicates look at the pc first and work out the
// frame (frameId.ts) only for a pc inside the line being left.
import { FrameId, compareFrames } from './frameId';
import { DONE, NoCallerError, Operation, RA, Range, SP, StepEnv, StepProgress, afterPrologue, backward, callLength, filtered, here, inRange, runToReturn } from './stepBasics';
import { EngineStop } from '../emulator/timetravel/api';

/**
 * The last boundary before the cursor where `predicate` holds; breakpoints
 * met on the way back stop first when the user wants them.
 */
function back(env: StepEnv, predicate: (pc: number, sp: number) => boolean): Operation {
  return backward(env, () => env.engine.runUntil('backward', predicate));
}

/** Whether (pc, sp) is a boundary of `frame` itself: its function, its CFA. */
function inFrame(env: StepEnv, frame: FrameId, pc: number, sp: number): boolean {
  return ((sp + env.frames.spOffset(pc)) >>> 0) === frame.cfa && env.frames.functionStart(pc) === frame.function;
}

/**
 * How the boundary just before one of `frame`'s (in time) relates to it.
 * Equal CFAs in different functions are a frameless callee that returned,
 * or a caller without a frame of its own (a start file's `_start`, which
 * has no call frame information) whose call instruction entered `frame`:
 * the instruction there tells them apart.
 */
function relationBefore(env: StepEnv, frame: FrameId, pc: number, sp: number): 'same' | 'inner' | 'outer' {
  const at = env.frames.frameAt(pc, sp);
  const rel = compareFrames(at, frame);
  if (rel === 'inner' && at.cfa === frame.cfa && callLength(env.read(pc, 4) ?? env.read(pc, 2)) > 0) return 'outer';
  return rel;
}

/** The call instruction that returns to `returnPc`: 4 or 2 bytes before it. */
function callSiteBefore(env: StepEnv, returnPc: number): number | undefined {
  if (callLength(env.read(returnPc - 4, 4)) === 4) return returnPc - 4;
  if (callLength(env.read(returnPc - 2, 2)) === 2) return returnPc - 2;
  return undefined;
}

/** Whether the instruction is a return: `jalr x0, 0(ra)` or `c.jr ra`. */
function isReturn(bytes: Uint8Array | undefined): boolean {
  if (!bytes || bytes.length < 2) return false;
  const half = bytes[0] | (bytes[1] << 8);
  if (half === 0x8082) return true;
  return bytes.length >= 4 && (half | (bytes[2] << 16) | (bytes[3] << 24)) >>> 0 === 0x00008067;
}

/**
 * The cursor is on the last instruction of something that returned into
 * `frame` other than by `ret` to a call (a trap handler's mret): back to the
 * last boundary of `frame` (or an outer one) before it.
 */
function* backOutOf(env: StepEnv, frame: FrameId): Generator<StepProgress, EngineStop | undefined, void> {
  const stop = yield* back(env, (pc, sp) => relationBefore(env, frame, pc, sp) !== 'inner');
  return stop.kind === 'condition' ? undefined : stop;
}

/** Steps forward onto the next boundary: the first instruction of a line entered there. */
function* forwardOne(env: StepEnv): Operation {
  const s = yield* env.engine.stepForward(1);
  return s.kind === 'breakpoint' ? DONE : s;
}

function prologueOf(env: StepEnv, pc: number): Range | undefined {
  const fn = env.symbols.program.functionAt(pc);
  if (!fn) return undefined;
  const start = fn.ranges[0].start;
  return { start, end: afterPrologue(env, start) };
}

function inPrologueOf(env: StepEnv, pc: number): boolean {
  const prologue = prologueOf(env, pc);
  return prologue !== undefined && inRange(prologue, pc);
}

/**
 * Every address range of the source line at pc within its function (a
 * `for` line's condition and increment are apart, as is code the compiler
 * moved): going back through a line goes through all of them, as going
 * forward over it does. Undefined where pc has no line.
 */
function lineRanges(env: StepEnv, pc: number): Range[] | undefined {
  const lines = env.symbols.program.lines;
  const span = lines.spanAt(pc);
  if (!span) return undefined;
  const fn = env.symbols.program.functionAt(pc);
  const out: Range[] = [];
  for (const s of lines.spans) {
    if (s.line !== span.line || s.file !== span.file) continue;
    if (fn && !fn.ranges.some((r) => s.start >= r.start && s.start < r.end)) continue;
    const last = out[out.length - 1];
    if (last && last.end === s.start) out[out.length - 1] = { start: last.start, end: s.end };
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

const inAny = (ranges: readonly Range[], pc: number): boolean => {
  for (const r of ranges) if (pc >= r.start && pc < r.end) return true;
  return false;
};

/** reverse-next (into = false) and reverse-step (into = true) by source line. */
export function* reverseStepLine(env: StepEnv, into: boolean): Operation {
  const start = here(env);
  let line = lineRanges(env, start.pc);
  if (!line) return yield* filtered(env, () => env.engine.stepBackward(1));
  // Leaving the first line of a function backwards goes on through its prologue, to the caller.
  const prologue = prologueOf(env, start.pc);
  if (prologue && prologue.end > prologue.start) line = [...line, prologue];
  let frame = start.frame;
  const startSpan = env.symbols.program.lines.spanAt(start.pc);
  let lineKey = startSpan && `${startSpan.file}:${startSpan.line}`;
  // First leave the current line (leaving); then go back through the line landed in, to where it began.
  let leaving = true;
  for (;;) {
    const ranges = line;
    const f = frame;
    const stop = yield* back(env, (pc, sp) => !inAny(ranges, pc) || !inFrame(env, f, pc, sp));
    if (stop.kind !== 'condition') return stop;
    const at = here(env);
    const rel = relationBefore(env, f, at.pc, at.sp);
    let entered = false;
    if (rel === 'inner') {
      // A callee that returned here: the call that made it, from its return address.
      const ret = isReturn(env.read(at.pc, 4) ?? env.read(at.pc, 2)) ? env.engine.view().regs[RA] >>> 0 : undefined;
      const callPc = ret === undefined ? undefined : callSiteBefore(env, ret);
      // Going back through a line: a call made before it began means the line began where the callee returned to.
      if (!leaving && callPc !== undefined && !inAny(ranges, callPc)) return yield* forwardOne(env);
      // reverse-step goes into the callee, back to where its last line began; otherwise skip it.
      entered = into && env.symbols.lineRange(at.pc) !== undefined && !inPrologueOf(env, at.pc);
      if (!entered) {
        const s = callPc !== undefined ? yield* runToReturn(env, callPc, f, 'backward') : yield* backOutOf(env, f);
        if (s) return s;
        // The call is part of the line being gone through: keep going.
        if (inAny(ranges, here(env).pc)) continue;
      }
    } else if (!leaving) {
      // A boundary of another line (or of the caller): the line began at the next one.
      return yield* forwardOne(env);
    }
    // Now in the line to stop in: the previous one in this frame, the caller's call line, or a callee's last line.
    const now = here(env);
    const next = lineRanges(env, now.pc);
    if (!next) return DONE;
    // Landed on the first instruction of a line-table row: gdb stops there when it is a statement of
    // another line, or in a callee entered backwards (handle_step_into_function_backward).
    const span = env.symbols.program.lines.spanAt(now.pc);
    const key = span && `${span.file}:${span.line}`;
    if (span && now.pc === span.start && (entered || (span.isStmt && key !== lineKey))) return DONE;
    line = next;
    lineKey = key;
    frame = now.frame;
    leaving = false;
  }
}

/** reverse-stepi: one instruction back. */
export function reverseStepInstruction(env: StepEnv): Operation {
  return backward(env, () => env.engine.stepBackward(1));
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
  // The caller's frame as seen at its call: after a call that never returns, the return address may be past the caller's end.
  const callerFrame = env.frames.frameAt(callPc ?? returnPc, callerSp >>> 0);
  if (callPc === undefined) {
    // Not a call (e.g. a trap return address): go back to the last time the caller's frame was current.
    const stop = yield* back(env, (pc, sp) => compareFrames(env.frames.frameAt(pc, sp), callerFrame) !== 'inner');
    return stop.kind === 'condition' ? DONE : stop;
  }
  const s = yield* runToReturn(env, callPc, callerFrame, 'backward');
  return s ?? DONE;
}
