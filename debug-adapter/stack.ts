// Threads, stack trace and scopes (DAP threads, stackTrace, scopes). One
// thread per hart (the virt board here has one). Frames come from the
// unwinder with inlined calls as frames of their own, as gdb's backtrace
// shows them; a frame without source still has its instruction pointer, so
// VS Code shows its disassembly.
import { DebugProtocol } from '@vscode/debugprotocol';
import { hex } from './breakpoints';
import { AdapterContext } from './context';
import { ErrorCode, UserError } from './errors';
import { ScopeKind } from './handles';

export const HART_THREAD_ID = 1;

export function threads(): DebugProtocol.Thread[] {
  return [{ id: HART_THREAD_ID, name: 'hart 0' }];
}

export function checkThread(threadId: number | undefined): void {
  if (threadId !== undefined && threadId !== HART_THREAD_ID) {
    throw new UserError(ErrorCode.UnknownReference, `thread ${JSON.stringify(threadId)} does not exist: the machine has one hart (thread ${HART_THREAD_ID}).`);
  }
}

export function stackTrace(ctx: AdapterContext, args: DebugProtocol.StackTraceArguments): DebugProtocol.StackTraceResponse['body'] {
  const state = ctx.stopped();
  const runtime = ctx.runtime;
  const frames = state.stack.frames;
  const start = Math.max(0, args.startFrame ?? 0);
  const end = args.levels ? Math.min(frames.length, start + args.levels) : frames.length;
  const out: DebugProtocol.StackFrame[] = [];
  for (let i = start; i < end; i++) {
    const f = frames[i];
    let name = f.functionName ?? `?? (${hex(f.pc)})`;
    if (args.format?.parameters) name += `(${state.stack.frameArgs(i).join(', ')})`;
    if (f.inlined) name += ' [inlined]';
    const frame: DebugProtocol.StackFrame = {
      id: ctx.handles.frameId(i),
      name,
      line: f.line ?? 0,
      column: f.column && f.column > 0 ? f.column : 1,
      instructionPointerReference: hex(f.pc),
    };
    if (f.file !== undefined && f.line !== undefined) frame.source = runtime.sources.source(f.file);
    else frame.presentationHint = 'subtle';
    out.push(frame);
  }
  if (frames.length === 0) {
    // No unwind information at all: the pc alone, shown as disassembly.
    out.push({ id: ctx.handles.frameId(0), name: `?? (${hex(state.view.pc)})`, line: 0, column: 0, instructionPointerReference: hex(state.view.pc), presentationHint: 'subtle' });
  }
  return { stackFrames: out, totalFrames: Math.max(frames.length, 1) };
}

const SCOPES: ReadonlyArray<{ name: string; kind: ScopeKind; hint?: string; expensive: boolean }> = [
  { name: 'Locals', kind: 'locals', hint: 'locals', expensive: false },
  { name: 'Globals', kind: 'globals', expensive: false },
  { name: 'Registers', kind: 'registers', hint: 'registers', expensive: false },
  { name: 'CSRs', kind: 'csrs', expensive: false },
  { name: 'Devices', kind: 'devices', expensive: true },
  { name: 'Time', kind: 'time', expensive: false },
];

export function scopes(ctx: AdapterContext, args: DebugProtocol.ScopesArguments): DebugProtocol.ScopesResponse['body'] {
  ctx.stopped();
  const frameIndex = ctx.handles.frameIndex(args.frameId);
  return {
    scopes: SCOPES.map((s) => ({
      name: s.name,
      presentationHint: s.hint,
      variablesReference: ctx.handles.add({ kind: 'scope', scope: s.kind, frameIndex }),
      expensive: s.expensive,
    })),
  };
}
