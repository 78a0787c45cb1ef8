// Rewind's custom requests (the extension sends them with customRequest):
//   rewind/reverseStepIn {threadId, granularity?}  reverse-step (into the callee that just returned)
//   rewind/reverseStepOut {threadId}               reverse-finish: back to the call
//   rewind/seek {icount}                           go to an instruction count (answers {icount} once there)
//   rewind/lastWrite {address, size} | {expression, frameId}
//                                                  "who wrote this?": moves to the last instruction that
//                                                  wrote it before the cursor, before it runs; answers
//                                                  {icount, pc, file?, line?} of that instruction
//   rewind/timeline {start, count}                 -> {events: [{icount, kind, description}], total}
//                                                  kinds: input, clock, checkpoint, write, exit, reset,
//                                                  snapshot, interrupt, trap (taken over what has been
//                                                  executed so far: the total grows as a replay goes on),
//                                                  breakpoint (breakpoint, data and exception breakpoint
//                                                  stops seen)
//   rewind/status                                  -> {mode, icount, length, live, program}
//   rewind/goLive                                  branch: continue live from the cursor
//   rewind/uartInput {data}                        characters typed in the extension's terminal
// and events: rewind/position {icount, length, mode, live} after every
// stop, rewind/uartOutput {data} for guest output.
import { EngineStop, TimeTravelEngine, WriteSite } from '../emulator/timetravel/api';
import { hex } from './breakpoints';
import { AdapterContext } from './context';
import { ErrorCode, UserError } from './errors';
import { RuntimeStop } from './runtime';
import { Operation } from './stepping';
import { sizeOf } from './symbols/types';

function field(args: unknown, name: string): unknown {
  return typeof args === 'object' && args !== null ? (args as Record<string, unknown>)[name] : undefined;
}

function wholeNumber(args: unknown, name: string, request: string): number {
  const v = field(args, name);
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new UserError(ErrorCode.UnknownReference, `${request} needs '${name}': a whole number >= 0 (got ${JSON.stringify(v)}).`);
  return v;
}

export function status(ctx: AdapterContext): { mode: string; icount: number; length: number; live: boolean; program: string } {
  const s = ctx.runtime.status();
  return { mode: s.mode, icount: s.icount, length: s.length, live: s.live, program: ctx.runtime.settings.program };
}

export function timeline(ctx: AdapterContext, args: unknown): { events: unknown[]; total: number } {
  const start = field(args, 'start') === undefined ? 0 : wholeNumber(args, 'start', 'rewind/timeline');
  const count = field(args, 'count') === undefined ? 100 : wholeNumber(args, 'count', 'rewind/timeline');
  const t = ctx.runtime.engine.timeline(start, Math.min(count, 10_000));
  return { events: t.events.map((e) => ({ icount: e.icount, kind: e.kind, description: e.description })), total: t.total };
}

export function seek(ctx: AdapterContext, args: unknown): Promise<RuntimeStop> {
  const icount = wholeNumber(args, 'icount', 'rewind/seek');
  return ctx.runtime.run((env) => env.engine.seek(icount), 'goto');
}

/** The physical range to search and a name for it, from {address, size} or {expression, frameId}. */
function writeTarget(ctx: AdapterContext, args: unknown): { address: number; size: number; name: string } {
  const state = ctx.stopped();
  const expression = field(args, 'expression');
  let address: number;
  let size: number;
  let name: string;
  if (typeof expression === 'string') {
    const frameId = field(args, 'frameId');
    const frameIndex = ctx.handles.frameIndex(typeof frameId === 'number' ? frameId : undefined);
    const r = state.stack.evaluate(expression, frameIndex);
    if (!r.ok) throw new UserError(ErrorCode.EvaluationFailed, r.error);
    if (r.value.address === undefined) throw new UserError(ErrorCode.EvaluationFailed, `'${expression}' is not in memory, so it has no writes to find.`);
    address = r.value.address;
    size = Math.max(1, sizeOf(r.value.type));
    name = expression;
  } else {
    address = wholeNumber(args, 'address', 'rewind/lastWrite');
    size = field(args, 'size') === undefined ? 4 : wholeNumber(args, 'size', 'rewind/lastWrite');
    name = `${size} bytes at ${hex(address)}`;
  }
  if (size < 1 || size > 1 << 16) throw new UserError(ErrorCode.UnknownReference, 'size must be from 1 to 65536 bytes.');
  const pa = state.view.translate(address, 'write');
  if (pa === undefined) throw new UserError(ErrorCode.UnknownReference, `${hex(address)} is not mapped at this point.`);
  return { address: pa, size, name };
}

export async function lastWrite(ctx: AdapterContext, args: unknown): Promise<{ icount: number; pc: number; file?: string; line?: number }> {
  const target = writeTarget(ctx, args);
  let site: WriteSite | undefined;
  const op = function* (engine: TimeTravelEngine): Operation {
    site = yield* engine.lastWrite(target.address, target.size);
    // Stop at the writing instruction, before it runs: its line, and the value before the write.
    if (site) yield* engine.seek(site.icount - 1);
    const done: EngineStop = { kind: 'step' };
    return done;
  };
  await ctx.runtime.run((env) => op(env.engine), 'goto');
  const found = site as WriteSite | undefined;
  if (!found) throw new UserError(ErrorCode.EvaluationFailed, `Nothing wrote ${target.name} before this point of the recording: it still holds what the program was loaded with.`);
  const at = ctx.runtime.symbols.sourceAt(found.pc);
  const answer: { icount: number; pc: number; file?: string; line?: number } = { icount: found.icount - 1, pc: found.pc };
  if (at.file !== undefined && at.line !== undefined) {
    answer.file = ctx.runtime.sources.toDisk(at.file);
    answer.line = at.line;
  }
  return answer;
}

/** Branches from the cursor; {recording} names the file the new branch is saved to at the end. */
export function goLive(ctx: AdapterContext, args: unknown): void {
  const runtime = ctx.runtime;
  runtime.requireStopped();
  const s = runtime.status();
  if (s.live) throw new UserError(ErrorCode.WrongState, 'The cursor is already at the live edge: new input and changes are recorded from here.');
  const recording = field(args, 'recording');
  if (recording !== undefined && (typeof recording !== 'string' || recording.trim() === '')) throw new UserError(ErrorCode.InvalidLaunchConfiguration, "rewind/goLive: 'recording' must be the path of the file to save the new branch to.");
  try {
    runtime.goLive(typeof recording === 'string' ? recording : undefined);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(ErrorCode.WrongState, `Cannot go live here: ${(e as Error).message}`);
  }
}
