// Follows the `rewind` debug sessions: which one is active, where its cursor
// is (from the adapter's `rewind/position` events), and its UART output.
// The status bar, the Timeline view, the UART terminals and the commands
// all read from here instead of each listening to the debug API.
import * as vscode from 'vscode';
import { DEBUG_TYPE, Events, parsePositionEvent, PositionEventBody, UartOutputEventBody } from './protocol';

export interface TrackedSession {
  readonly session: vscode.DebugSession;
  /** The last position the adapter reported; undefined until the first stop. */
  position: PositionEventBody | undefined;
}

export class SessionTracker implements vscode.Disposable {
  private readonly sessions = new Map<string, TrackedSession>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<TrackedSession | undefined>();
  private readonly started = new vscode.EventEmitter<vscode.DebugSession>();
  private readonly ended = new vscode.EventEmitter<vscode.DebugSession>();
  private readonly uart = new vscode.EventEmitter<{ session: vscode.DebugSession; data: string }>();

  /** Fires with the active Rewind session (or undefined) when it or its position changes. */
  readonly onDidChange = this.changed.event;
  readonly onDidStart = this.started.event;
  readonly onDidEnd = this.ended.event;
  readonly onUartOutput = this.uart.event;

  constructor() {
    this.disposables.push(
      this.changed,
      this.started,
      this.ended,
      this.uart,
      vscode.debug.onDidStartDebugSession((s) => {
        if (s.type !== DEBUG_TYPE) return;
        this.sessions.set(s.id, { session: s, position: undefined });
        this.started.fire(s);
        this.fireActive();
      }),
      vscode.debug.onDidTerminateDebugSession((s) => {
        if (!this.sessions.delete(s.id)) return;
        this.ended.fire(s);
        this.fireActive();
      }),
      vscode.debug.onDidChangeActiveDebugSession(() => this.fireActive()),
      vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => this.onCustomEvent(e)),
    );
  }

  /** The Rewind session the user is looking at: the active debug session when it is one of ours. */
  get active(): TrackedSession | undefined {
    const s = vscode.debug.activeDebugSession;
    return s === undefined ? undefined : this.sessions.get(s.id);
  }

  get(session: vscode.DebugSession): TrackedSession | undefined {
    return this.sessions.get(session.id);
  }

  private onCustomEvent(e: vscode.DebugSessionCustomEvent): void {
    const tracked = this.sessions.get(e.session.id);
    if (!tracked) return;
    if (e.event === Events.position) {
      const position = parsePositionEvent(e.body);
      if (!position) return;
      tracked.position = position;
      if (this.active === tracked) this.changed.fire(tracked);
    } else if (e.event === Events.uartOutput) {
      const body = e.body as Partial<UartOutputEventBody> | undefined;
      if (typeof body?.data === 'string') this.uart.fire({ session: e.session, data: body.data });
    }
  }

  private fireActive(): void {
    this.changed.fire(this.active);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/**
 * Publishes the active session's state as context keys for `when` clauses in
 * package.json: `rewind.mode` ('record' | 'replay' | ''), `rewind.live`.
 */
export function bindContextKeys(tracker: SessionTracker): vscode.Disposable {
  const update = (t: TrackedSession | undefined): void => {
    void vscode.commands.executeCommand('setContext', 'rewind.mode', t?.position?.mode ?? '');
    void vscode.commands.executeCommand('setContext', 'rewind.live', t?.position?.live ?? false);
  };
  update(tracker.active);
  return tracker.onDidChange(update);
}
