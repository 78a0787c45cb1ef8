// The DAP session: maps requests to the runtime and runtime events to DAP
// events (the runtime/session split of vscode-mock-debug). Every request
// goes through one dispatcher and one error path (errors.ts), so a bad or
// ill-timed request gets a clear error response and never takes the
// adapter down. Handlers are thin: each feature area lives in its own file.
import { ContinuedEvent, DebugSession, Event, InitializedEvent, InvalidatedEvent, OutputEvent, ProgressEndEvent, ProgressStartEvent, ProgressUpdateEvent, Response, StoppedEvent, TerminatedEvent } from '@vscode/debugadapter';
import { DebugProtocol } from '@vscode/debugprotocol';
import { CAPABILITIES } from './capabilities';
import { AdapterContext } from './context';
import { dataBreakpointInfo } from './dataBreakpoints';
import { disassemble } from './disassembly';
import { ErrorCode, UserError, toErrorMessage, wrongState } from './errors';
import { evaluate, setExpression } from './evaluate';
import { trapFilterId, trapName } from './exceptions';
import { parseLaunchArguments } from './launchConfig';
import { readMemory, writeMemory } from './memory';
import { checkArguments } from './requestChecks';
import { RewindRuntime, RuntimeStop } from './runtime';
import { HART_THREAD_ID, checkThread, scopes, stackTrace, threads } from './stack';
import { Granularity, NoCallerError, Operation, StepEnv, continueForward, reverseContinue, reverseStepLine, reverseStepInstruction, reverseStepOut, stepBack, stepInstruction, stepLine, stepOut } from './stepping';
import { goLive, lastWrite, seek, status, timeline } from './timeTravel';
import { UartOutput, uartInputBytes } from './uart';
import { setVariable, variables } from './variables';

type Handler = (args: never, request: DebugProtocol.Request) => unknown;

/** Long operations show a progress notification once they take this long. */
const PROGRESS_AFTER_MS = 300;

export class RewindSession extends DebugSession {
  private readonly ctx = new AdapterContext();
  private clientCaps: DebugProtocol.InitializeRequestArguments = { adapterID: 'rewind' };
  private initialized = false;
  private configurationDone = false;
  private configurationWaiters: Array<() => void> = [];
  private uart = new UartOutput();
  /** The DAP configuration requests, replayed onto a restarted runtime. */
  private readonly config = new Map<string, unknown>();
  private readonly sourceBreakpoints = new Map<string, DebugProtocol.SetBreakpointsArguments>();
  private progress: { id: string; started: number; shown: boolean; lastUpdate: number } | undefined;
  private progressCount = 0;
  /** Request seq numbers VS Code cancelled. */
  private readonly cancelled = new Set<number>();
  private runningRequest: number | undefined;

  private readonly handlers: Record<string, Handler> = {
    initialize: (args: DebugProtocol.InitializeRequestArguments) => {
      if (this.initialized) throw wrongState('The session is already initialized.');
      this.initialized = true;
      this.clientCaps = args ?? { adapterID: 'rewind' };
      return CAPABILITIES;
    },
    launch: (args: unknown) => this.launch(args),
    configurationDone: () => {
      this.configurationDone = true;
      for (const w of this.configurationWaiters.splice(0)) w();
      return undefined;
    },
    disconnect: async () => {
      if (this.ctx.launched) await this.ctx.runtime.terminate();
      return undefined;
    },
    terminate: async () => {
      if (this.ctx.launched) await this.ctx.runtime.terminate();
      this.sendEvent(new TerminatedEvent());
      return undefined;
    },
    restart: (args: DebugProtocol.RestartArguments) => this.restart(args),
    setBreakpoints: (args: DebugProtocol.SetBreakpointsArguments) => {
      const path = args.source.path;
      if (!path) throw new UserError(ErrorCode.UnknownReference, 'Breakpoints need a source with a path.');
      this.sourceBreakpoints.set(path, args);
      const breakpoints = this.ctx.runtime.breakpoints.setSourceBreakpoints(path, args.breakpoints ?? (args.lines ?? []).map((line) => ({ line })));
      this.ctx.runtime.breakpointsChanged();
      return { breakpoints };
    },
    setFunctionBreakpoints: (args: DebugProtocol.SetFunctionBreakpointsArguments) => {
      this.config.set('setFunctionBreakpoints', args);
      const breakpoints = this.ctx.runtime.breakpoints.setFunctionBreakpoints(args.breakpoints);
      this.ctx.runtime.breakpointsChanged();
      return { breakpoints };
    },
    setInstructionBreakpoints: (args: DebugProtocol.SetInstructionBreakpointsArguments) => {
      this.config.set('setInstructionBreakpoints', args);
      const breakpoints = this.ctx.runtime.breakpoints.setInstructionBreakpoints(args.breakpoints);
      this.ctx.runtime.breakpointsChanged();
      return { breakpoints };
    },
    setExceptionBreakpoints: (args: DebugProtocol.SetExceptionBreakpointsArguments) => {
      this.config.set('setExceptionBreakpoints', args);
      try {
        this.ctx.runtime.setExceptionFilters(args.filters);
      } catch (e) {
        throw new UserError(ErrorCode.UnknownReference, (e as Error).message);
      }
      return { breakpoints: args.filters.map(() => ({ verified: true })) };
    },
    setDataBreakpoints: (args: DebugProtocol.SetDataBreakpointsArguments) => {
      this.config.set('setDataBreakpoints', args);
      const runtime = this.ctx.runtime;
      const breakpoints = runtime.dataBreakpoints.set(args.breakpoints);
      runtime.breakpointsChanged();
      return { breakpoints };
    },
    dataBreakpointInfo: (args: DebugProtocol.DataBreakpointInfoArguments) => dataBreakpointInfo(this.ctx, args),
    breakpointLocations: (args: DebugProtocol.BreakpointLocationsArguments) => ({
      breakpoints: args.source.path ? this.ctx.runtime.breakpoints.locations(args.source.path, args.line, args.endLine) : [],
    }),
    threads: () => ({ threads: threads() }),
    stackTrace: (args: DebugProtocol.StackTraceArguments) => {
      checkThread(args.threadId);
      return stackTrace(this.ctx, args);
    },
    scopes: (args: DebugProtocol.ScopesArguments) => scopes(this.ctx, args),
    variables: (args: DebugProtocol.VariablesArguments) => ({ variables: variables(this.ctx, args) }),
    setVariable: (args: DebugProtocol.SetVariableArguments) => this.invalidating(() => setVariable(this.ctx, args)),
    setExpression: (args: DebugProtocol.SetExpressionArguments) => this.invalidating(() => setExpression(this.ctx, args)),
    evaluate: (args: DebugProtocol.EvaluateArguments) => evaluate(this.ctx, args),
    exceptionInfo: (args: DebugProtocol.ExceptionInfoArguments) => this.exceptionInfo(args),
    loadedSources: () => ({ sources: this.ctx.runtime.sources.all() }),
    source: () => {
      throw new UserError(ErrorCode.Unsupported, 'Sources are read from disk: this adapter has no sources by reference.');
    },
    disassemble: (args: DebugProtocol.DisassembleArguments) => disassemble(this.ctx, args),
    readMemory: (args: DebugProtocol.ReadMemoryArguments) => readMemory(this.ctx, args),
    writeMemory: (args: DebugProtocol.WriteMemoryArguments) => this.invalidating(() => writeMemory(this.ctx, args)),
    continue: (args: DebugProtocol.ContinueArguments) => this.startOperation(args.threadId, continueForward, 'step', { allThreadsContinued: true }, false, true),
    next: (args: DebugProtocol.NextArguments) => this.startOperation(args.threadId, (env) => (granularity(args) === 'instruction' ? stepInstruction(env, false) : stepLine(env, false)), 'step'),
    stepIn: (args: DebugProtocol.StepInArguments) => this.startOperation(args.threadId, (env) => (granularity(args) === 'instruction' ? stepInstruction(env, true) : stepLine(env, true)), 'step'),
    stepOut: (args: DebugProtocol.StepOutArguments) => {
      this.requireCaller();
      return this.startOperation(args.threadId, (env) => stepOut(env), 'step');
    },
    stepBack: (args: DebugProtocol.StepBackArguments) => this.startOperation(args.threadId, (env) => stepBack(env, granularity(args)), 'step'),
    reverseContinue: (args: DebugProtocol.ReverseContinueArguments) => this.startOperation(args.threadId, reverseContinue, 'step'),
    pause: async (args: DebugProtocol.PauseArguments) => {
      checkThread(args.threadId);
      const runtime = this.ctx.runtime;
      if (runtime.state === 'stopped') throw wrongState('The program is already paused.');
      if (runtime.state === 'terminated') throw wrongState('The debug session has ended.');
      await runtime.pause();
      return undefined;
    },
    cancel: async (args: DebugProtocol.CancelArguments) => {
      const matches = (args.requestId !== undefined && args.requestId === this.runningRequest) || (args.progressId !== undefined && args.progressId === this.progress?.id);
      if (args.requestId !== undefined) this.cancelled.add(args.requestId);
      if (matches && this.ctx.launched && this.ctx.runtime.state !== 'stopped') await this.ctx.runtime.pause();
      return undefined;
    },
    'rewind/reverseStepIn': (args: { threadId?: number; granularity?: Granularity }) =>
      this.startOperation(args?.threadId, (env) => (args?.granularity === 'instruction' ? reverseStepInstruction(env) : reverseStepLine(env, true)), 'step', undefined, true),
    'rewind/reverseStepOut': (args: { threadId?: number }) => {
      this.requireCaller();
      return this.startOperation(args?.threadId, reverseStepOut, 'step', undefined, true);
    },
    'rewind/seek': async (args: unknown, request) => this.answerAfterRun(request, () => seek(this.ctx, args), () => ({ icount: this.ctx.runtime.status().icount })),
    'rewind/lastWrite': async (args: unknown, request) => this.answerAfterRun(request, () => lastWrite(this.ctx, args), (v) => v),
    'rewind/timeline': (args: unknown) => timeline(this.ctx, args),
    'rewind/status': () => status(this.ctx),
    'rewind/goLive': (args: unknown) => {
      goLive(this.ctx, args);
      this.sendPosition();
      return status(this.ctx);
    },
    'rewind/uartInput': (args: unknown) => {
      this.ctx.runtime.uartInput(uartInputBytes(args));
      return undefined;
    },
  };

  /** One dispatcher, one error path: every request is answered, success or error. */
  protected override dispatchRequest(request: DebugProtocol.Request): void {
    const response: DebugProtocol.Response = new Response(request);
    const handler = Object.prototype.hasOwnProperty.call(this.handlers, request.command) ? this.handlers[request.command] : undefined;
    const fail = (err: unknown): void => {
      this.cancelled.delete(request.seq);
      if (err instanceof CancelledError) {
        response.success = false;
        response.message = 'cancelled';
        this.sendResponse(response);
        return;
      }
      this.sendErrorResponse(response, toErrorMessage(err));
    };
    if (!handler) {
      fail(new UserError(ErrorCode.Unsupported, `Rewind does not support the '${request.command}' request.`));
      return;
    }
    let result: unknown;
    try {
      checkArguments(request.command, request.arguments);
      result = handler(request.arguments as never, request);
    } catch (e) {
      fail(e);
      return;
    }
    Promise.resolve(result).then(
      (body) => {
        if (body !== undefined) response.body = body;
        this.sendResponse(response);
        if (request.command === 'disconnect') this.shutdown();
      },
      fail,
    );
  }

  // ---- launch, restart ----

  private async launch(args: unknown): Promise<undefined> {
    if (this.ctx.launched) throw wrongState('A program is already being debugged in this session.');
    const settings = parseLaunchArguments(args);
    this.attach(RewindRuntime.create(settings));
    this.sendEvent(new InitializedEvent());
    await this.waitForConfiguration();
    this.begin(settings.stopOnEntry);
    return undefined;
  }

  private waitForConfiguration(): Promise<void> {
    if (this.configurationDone) return Promise.resolve();
    return new Promise((resolve) => this.configurationWaiters.push(resolve));
  }

  private attach(runtime: RewindRuntime): void {
    this.ctx.runtime = runtime;
    this.uart = new UartOutput();
    runtime.on('stopped', (stop) => this.onStopped(stop));
    runtime.on('output', (text, category) => this.sendEvent(new OutputEvent(text, category)));
    runtime.on('uartOutput', (bytes) => {
      const data = this.uart.decode(bytes);
      if (data === '') return;
      this.sendEvent(new OutputEvent(data, 'stdout'));
      this.sendEvent(new Event('rewind/uartOutput', { data }));
    });
    runtime.on('waitingForInput', () =>
      this.sendEvent(new OutputEvent("The guest is waiting for input: type in the Rewind terminal, or '>text' in the Debug Console.\n", 'console')),
    );
    runtime.on('progress', (icount) => this.onProgress(icount));
  }

  /** After configurationDone: stop at the entry, or run. */
  private begin(stopOnEntry: boolean): void {
    const runtime = this.ctx.runtime;
    if (stopOnEntry) this.onStopped({ reason: 'entry', description: `Paused at the program's entry (0x${(runtime.engine.view().pc >>> 0).toString(16)})` });
    else void runtime.run(continueForward, 'step', true);
  }

  private async restart(args: DebugProtocol.RestartArguments): Promise<undefined> {
    const old = this.ctx.runtime;
    const settings = args?.arguments ? parseLaunchArguments(args.arguments) : old.settings;
    const fresh = RewindRuntime.create(settings);
    await old.terminate();
    old.removeAllListeners();
    this.attach(fresh);
    this.applyConfiguration();
    this.begin(settings.stopOnEntry);
    return undefined;
  }

  /** Re-applies breakpoints and filters to a restarted runtime. */
  private applyConfiguration(): void {
    const runtime = this.ctx.runtime;
    for (const [path, a] of this.sourceBreakpoints) runtime.breakpoints.setSourceBreakpoints(path, a.breakpoints ?? (a.lines ?? []).map((line) => ({ line })));
    const fn = this.config.get('setFunctionBreakpoints') as DebugProtocol.SetFunctionBreakpointsArguments | undefined;
    if (fn) runtime.breakpoints.setFunctionBreakpoints(fn.breakpoints);
    const ins = this.config.get('setInstructionBreakpoints') as DebugProtocol.SetInstructionBreakpointsArguments | undefined;
    if (ins) runtime.breakpoints.setInstructionBreakpoints(ins.breakpoints);
    const ex = this.config.get('setExceptionBreakpoints') as DebugProtocol.SetExceptionBreakpointsArguments | undefined;
    if (ex) runtime.setExceptionFilters(ex.filters);
    const data = this.config.get('setDataBreakpoints') as DebugProtocol.SetDataBreakpointsArguments | undefined;
    if (data) runtime.dataBreakpoints.set(data.breakpoints);
    runtime.syncBreakpoints();
    runtime.syncWatchpoints();
  }

  // ---- running ----

  /** Starts an operation and answers at once; the stop comes as an event. */
  private startOperation(threadId: number | undefined, make: (env: StepEnv) => Operation, reason: string, body?: unknown, custom = false, restartable = false): unknown {
    checkThread(threadId);
    const runtime = this.ctx.runtime;
    runtime.requireStopped();
    void runtime.run(make, reason, restartable);
    if (custom) this.sendEvent(new ContinuedEvent(HART_THREAD_ID, true));
    return body;
  }

  /** Stepping out needs a caller (or an inlined frame to leave): checked before anything runs, so the request itself fails. */
  private requireCaller(): void {
    const stack = this.ctx.stopped().stack;
    if (stack.frames[0]?.inlined) return;
    const caller = stack.frames.find((f) => f.physical.index === 1);
    if (!caller || caller.physical.regs[2] === undefined) throw new UserError(ErrorCode.WrongState, new NoCallerError().message);
  }

  /** Custom requests that answer once their operation has stopped (seek, lastWrite). */
  private async answerAfterRun<T, R>(request: DebugProtocol.Request, run: () => Promise<T>, answer: (value: T) => R): Promise<R> {
    this.ctx.runtime.requireStopped();
    this.runningRequest = request.seq;
    this.sendEvent(new ContinuedEvent(HART_THREAD_ID, true));
    try {
      let value: T;
      try {
        value = await run();
      } catch (e) {
        if (this.wasCancelled(request)) throw new CancelledError();
        throw e;
      }
      if (this.wasCancelled(request)) throw new CancelledError();
      return answer(value);
    } finally {
      this.runningRequest = undefined;
    }
  }

  /** The request was cancelled, or the operation it started was paused (cancel by progress id, pause). */
  private wasCancelled(request: DebugProtocol.Request): boolean {
    return this.cancelled.has(request.seq) || this.ctx.runtime.lastStop?.reason === 'pause';
  }

  private onStopped(stop: RuntimeStop): void {
    this.endProgress();
    const event = new StoppedEvent(stop.reason, HART_THREAD_ID, stop.text) as DebugProtocol.StoppedEvent;
    event.body.description = stop.description;
    event.body.allThreadsStopped = true;
    if (stop.hitBreakpointIds?.length) event.body.hitBreakpointIds = stop.hitBreakpointIds;
    this.sendEvent(event);
    this.sendPosition();
  }

  private sendPosition(): void {
    const s = this.ctx.runtime.status();
    this.sendEvent(new Event('rewind/position', { icount: s.icount, length: s.length, mode: s.mode, live: s.live }));
  }

  private onProgress(icount: number): void {
    if (!this.clientCaps.supportsProgressReporting) return;
    const now = Date.now();
    if (!this.progress) this.progress = { id: `rewind-${++this.progressCount}`, started: now, shown: false, lastUpdate: now };
    const p = this.progress;
    if (!p.shown && now - p.started >= PROGRESS_AFTER_MS) {
      p.shown = true;
      const start = new ProgressStartEvent(p.id, 'Rewind', `at instruction ${icount}`) as DebugProtocol.ProgressStartEvent;
      start.body.cancellable = true;
      this.sendEvent(start);
    } else if (p.shown && now - p.lastUpdate >= 200) {
      p.lastUpdate = now;
      this.sendEvent(new ProgressUpdateEvent(p.id, `at instruction ${icount}`));
    }
  }

  private endProgress(): void {
    if (this.progress?.shown) this.sendEvent(new ProgressEndEvent(this.progress.id));
    this.progress = undefined;
  }

  // ---- misc ----

  private exceptionInfo(args: DebugProtocol.ExceptionInfoArguments): DebugProtocol.ExceptionInfoResponse['body'] {
    checkThread(args.threadId);
    this.ctx.runtime.requireStopped();
    const trap = this.ctx.runtime.lastStop?.trap;
    if (!trap) throw wrongState('The program did not stop on a trap.');
    const name = trapName(trap.cause, trap.interrupt);
    const where = trap.epc !== undefined ? ` at 0x${trap.epc.toString(16)}` : '';
    return {
      exceptionId: trapFilterId(trap.cause, trap.interrupt),
      description: `${name}${where} (tval 0x${(trap.tval >>> 0).toString(16)})`,
      breakMode: 'always',
      details: { message: `${name}${where}`, typeName: `${trap.interrupt ? 'interrupt' : 'exception'} ${trap.cause}` },
    };
  }

  /** Runs a state change and tells VS Code to refetch what it shows. */
  private invalidating<T>(change: () => T): T {
    const result = change();
    if (this.clientCaps.supportsInvalidatedEvent) this.sendEvent(new InvalidatedEvent(['variables'], HART_THREAD_ID));
    return result;
  }
}

class CancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}

function granularity(args: { granularity?: DebugProtocol.SteppingGranularity }): Granularity {
  return args.granularity === 'instruction' ? 'instruction' : 'line';
}
