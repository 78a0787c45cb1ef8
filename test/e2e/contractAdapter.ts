// A scripted debug adapter that follows the DAP contract of
// extension/protocol.ts, for the contract suite: it lets the e2e tests
// check the extension's side (status bar, Timeline view, UART terminal,
// commands and toolbar buttons) in a real VS Code before the real adapter
// can launch programs. It is a test double, never shipped and never used by
// the scenarios that need the real adapter. It runs in the e2e runner's
// process on a 127.0.0.1 port; the extension reaches it through
// REWIND_DEBUG_ADAPTER_PORT (its development switch). Every request it gets
// is logged so the tests can assert on what the extension sent.
import * as net from 'net';
import { DebugSession, Event, InitializedEvent, Scope, Source, StackFrame, StoppedEvent, TerminatedEvent, Thread } from '@vscode/debugadapter';
import { DebugProtocol } from '@vscode/debugprotocol';

/** The scripted recording: its length and its events. */
export const SCRIPT = {
  length: 1000,
  events: [
    { icount: 0, kind: 'snapshot', description: 'snapshot at the start' },
    { icount: 300, kind: 'input', description: "UART input '1'" },
    // A second event at the same instruction: the Timeline marks both as current.
    { icount: 300, kind: 'snapshot', description: 'snapshot 1' },
    { icount: 620, kind: 'interrupt', description: 'machine timer interrupt' },
    { icount: 800, kind: 'trap', description: 'ecall from M-mode' },
  ],
  greeting: 'contract adapter: ready\n',
  lastWrite: { icount: 123, pc: 0x80000123, line: 33 },
};

export interface ReceivedRequest {
  command: string;
  arguments: unknown;
}

class ScriptedSession extends DebugSession {
  private icount = 0;
  private live = false;

  constructor(
    private readonly received: ReceivedRequest[],
    private readonly sourcePath: () => string,
  ) {
    super();
  }

  protected override dispatchRequest(request: DebugProtocol.Request): void {
    this.received.push({ command: request.command, arguments: request.arguments });
    super.dispatchRequest(request);
  }

  private stopAt(reason: string): void {
    this.sendEvent(new StoppedEvent(reason, 1));
    this.sendEvent(new Event('rewind/position', { icount: this.icount, length: SCRIPT.length, mode: 'record', live: this.live }));
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = { supportsConfigurationDoneRequest: true, supportsStepBack: true, supportsDataBreakpoints: true };
    this.sendResponse(response);
    this.sendEvent(new InitializedEvent());
  }

  protected override launchRequest(response: DebugProtocol.LaunchResponse): void {
    this.sendResponse(response);
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.sendResponse(response);
    this.sendEvent(new Event('rewind/uartOutput', { data: SCRIPT.greeting }));
    this.stopAt('entry');
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: [new Thread(1, 'hart 0')] };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse): void {
    // The line follows the cursor so a seek shows as a move in the editor.
    const line = 20 + Math.floor(this.icount / 100);
    response.body = { stackFrames: [new StackFrame(1, 'main', new Source('heisenbug.c', this.sourcePath()), line)], totalFrames: 1 };
    this.sendResponse(response);
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse): void {
    response.body = { scopes: [new Scope('Globals', 1, false)] };
    this.sendResponse(response);
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse): void {
    response.body = { variables: [{ name: 'total', value: String(this.icount), type: 'int', evaluateName: 'ledger.total', variablesReference: 0 }] };
    this.sendResponse(response);
  }

  protected override stepBackRequest(response: DebugProtocol.StepBackResponse): void {
    this.sendResponse(response);
    this.icount = Math.max(0, this.icount - 1);
    this.live = false;
    this.stopAt('step');
  }

  protected override disconnectRequest(response: DebugProtocol.DisconnectResponse): void {
    this.sendResponse(response);
    this.sendEvent(new TerminatedEvent());
  }

  protected override customRequest(command: string, response: DebugProtocol.Response, args: Record<string, unknown> | undefined): void {
    const moveTo = (icount: number, reason: string): void => {
      this.sendResponse(response);
      this.icount = icount;
      this.live = icount === SCRIPT.length;
      this.stopAt(reason);
    };
    switch (command) {
      case 'rewind/status':
        response.body = { mode: 'record', icount: this.icount, length: SCRIPT.length, live: this.live, program: '/scripted/heisenbug.elf' };
        this.sendResponse(response);
        return;
      case 'rewind/timeline': {
        const start = Number(args?.start ?? 0);
        const count = Number(args?.count ?? 0);
        response.body = { events: SCRIPT.events.slice(start, start + count), total: SCRIPT.events.length };
        this.sendResponse(response);
        return;
      }
      case 'rewind/seek':
        moveTo(Number(args?.icount), 'goto');
        return;
      case 'rewind/reverseStepIn':
      case 'rewind/reverseStepOut':
        moveTo(Math.max(0, this.icount - 1), 'step');
        return;
      case 'rewind/goLive':
        moveTo(SCRIPT.length, 'goto');
        return;
      case 'rewind/lastWrite':
        response.body = { ...SCRIPT.lastWrite, file: this.sourcePath() };
        moveTo(SCRIPT.lastWrite.icount, 'data breakpoint');
        return;
      case 'rewind/uartInput':
        this.sendResponse(response);
        this.sendEvent(new Event('rewind/uartOutput', { data: `[got ${JSON.stringify(String(args?.data))}]` }));
        return;
      default:
        this.sendErrorResponse(response, 9999, `scripted adapter: no '${command}'`);
    }
  }
}

export interface ContractAdapter {
  port: number;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startContractAdapter(sourcePath: string): Promise<ContractAdapter> {
  const received: ReceivedRequest[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const session = new ScriptedSession(received, () => sourcePath);
    session.setRunAsServer(true);
    session.start(socket, socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('the scripted adapter has no port');
  return {
    port: address.port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
