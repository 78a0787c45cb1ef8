// The guest's serial console: a terminal per Rewind session, named after the
// program. Output appears as the guest writes it (`rewind/uartOutput`);
// typed keys go to the guest with `rewind/uartInput` and are recorded. In
// replay (or whenever the adapter refuses input) typing prints a one-line
// notice instead. Sessions whose input comes from the Debug Console get no
// terminal.
import * as vscode from 'vscode';
import { programName } from './elfDiscovery';
import { Requests } from './protocol';
import type { SessionTracker } from './sessionTracker';
import { NoticeGate, noticeLine, REPLAY_INPUT_NOTICE, UartToTerminal } from './uartText';

class UartConsole implements vscode.Pseudoterminal {
  private readonly writer = new vscode.EventEmitter<string>();
  readonly onDidWrite = this.writer.event;
  private readonly text = new UartToTerminal();
  private readonly notices = new NoticeGate();
  /** Text written before VS Code opened the terminal; a Pseudoterminal drops writes until then. */
  private pending: string[] | undefined = [];
  private ended = false;

  constructor(
    private readonly session: vscode.DebugSession,
    private readonly tracker: SessionTracker,
    private readonly scriptedInput: string | undefined,
  ) {}

  open(): void {
    const pending = this.pending ?? [];
    this.pending = undefined;
    for (const chunk of pending) this.writer.fire(chunk);
  }

  close(): void {
    // The user closed the terminal: the session goes on; output is dropped.
    this.pending = undefined;
    this.ended = true;
  }

  private write(chunk: string): void {
    if (this.pending) this.pending.push(chunk);
    else if (!this.ended) this.writer.fire(chunk);
  }

  guestOutput(data: string): void {
    this.notices.outputArrived();
    this.write(this.text.translate(data));
  }

  private notice(reason: string): void {
    const line = this.notices.refuse(reason);
    if (line === undefined) return;
    this.write(noticeLine(line, this.text.atLineStart));
    this.text.wroteLine();
  }

  sessionEnded(): void {
    this.notice('The debug session ended.');
    this.ended = true;
  }

  handleInput(data: string): void {
    if (this.ended) return;
    if (this.scriptedInput !== undefined) {
      this.notice(`Input comes from ${this.scriptedInput}; typing is not sent.`);
      return;
    }
    if (this.tracker.get(this.session)?.position?.mode === 'replay') {
      this.notice(REPLAY_INPUT_NOTICE);
      return;
    }
    this.session.customRequest(Requests.uartInput, { data }).then(undefined, (e: unknown) => {
      this.notice(e instanceof Error ? e.message : String(e));
    });
  }
}

/** Where a session's UART input comes from, per its `uartInput` attribute. */
function inputSource(configuration: vscode.DebugConfiguration): { kind: 'terminal' } | { kind: 'debugConsole' } | { kind: 'file'; path: string } {
  const v: unknown = configuration.uartInput;
  if (v === undefined || v === 'terminal') return { kind: 'terminal' };
  if (v === 'debugConsole') return { kind: 'debugConsole' };
  return { kind: 'file', path: String(v) };
}

export function registerUartTerminals(tracker: SessionTracker): vscode.Disposable {
  const consoles = new Map<string, { pty: UartConsole; terminal: vscode.Terminal }>();
  /** Terminals of ended sessions, by name: replaced when the same program runs again. */
  const finished = new Map<string, vscode.Terminal>();
  return vscode.Disposable.from(
    tracker.onDidStart((session) => {
      const source = inputSource(session.configuration);
      if (source.kind === 'debugConsole') return;
      const program = typeof session.configuration.program === 'string' ? session.configuration.program : session.name;
      const name = `Rewind UART: ${programName(program)}`;
      finished.get(name)?.dispose();
      finished.delete(name);
      const pty = new UartConsole(session, tracker, source.kind === 'file' ? source.path : undefined);
      const terminal = vscode.window.createTerminal({ name, pty, iconPath: new vscode.ThemeIcon('plug') });
      consoles.set(session.id, { pty, terminal });
      terminal.show(true);
    }),
    tracker.onUartOutput(({ session, data }) => consoles.get(session.id)?.pty.guestOutput(data)),
    tracker.onDidEnd((session) => {
      const c = consoles.get(session.id);
      if (!c) return;
      c.pty.sessionEnded();
      consoles.delete(session.id);
      finished.set(c.terminal.name, c.terminal);
    }),
  );
}
