// Records every DAP message between VS Code and the Rewind adapter through a
// DebugAdapterTracker, so extension-host tests can check what was asked and
// answered (requests, responses, stopped and rewind/* events) and wait for
// the next one.
import * as vscode from 'vscode';
import { waitFor } from './harness';

export interface DapMessage {
  dir: 'toAdapter' | 'fromAdapter';
  sessionId: string;
  type: string;
  command?: string;
  event?: string;
  success?: boolean;
  message?: string;
  body?: Record<string, unknown>;
  arguments?: Record<string, unknown>;
}

export class DapLog implements vscode.Disposable {
  readonly messages: DapMessage[] = [];
  /** Transport errors, each with the session and how many messages had been logged when it came. */
  private readonly transport: { message: string; sessionId: string; afterMessages: number }[] = [];
  private readonly registration: vscode.Disposable;

  constructor(debugType: string) {
    this.registration = vscode.debug.registerDebugAdapterTrackerFactory(debugType, {
      createDebugAdapterTracker: (session) => ({
        onWillReceiveMessage: (m: unknown) => this.push('toAdapter', session, m),
        onDidSendMessage: (m: unknown) => this.push('fromAdapter', session, m),
        onError: (e: Error) => {
          this.transport.push({ message: e.message, sessionId: session.id, afterMessages: this.messages.length });
        },
      }),
    });
  }

  private push(dir: DapMessage['dir'], session: vscode.DebugSession, m: unknown): void {
    const msg = m as Omit<DapMessage, 'dir' | 'sessionId'>;
    this.messages.push({ ...msg, dir, sessionId: session.id });
  }

  /**
   * Transport errors of the adapter connection. VS Code reports the adapter
   * process closing its stdout as 'read error' even when that is the process
   * ending because its disconnect was answered (it exits on its own shortly
   * after, and may beat VS Code's own kill): that one is not an error.
   */
  get errors(): string[] {
    return this.transport
      .filter((e) => !(e.message === 'read error' && this.messages.slice(0, e.afterMessages).some((m) => m.sessionId === e.sessionId && m.dir === 'fromAdapter' && m.type === 'response' && m.command === 'disconnect')))
      .map((e) => e.message);
  }

  /** A mark to pass to `next`: only messages after it count. */
  mark(): number {
    return this.messages.length;
  }

  /** Waits for the first message after `from` that matches. */
  next(what: string, from: number, match: (m: DapMessage) => boolean, ms = 20_000): Promise<DapMessage> {
    return waitFor(what, () => this.messages.slice(from).find(match), ms);
  }

  response(command: string, from: number, ms?: number): Promise<DapMessage> {
    return this.next(`the ${command} response`, from, (m) => m.dir === 'fromAdapter' && m.type === 'response' && m.command === command, ms);
  }

  event(event: string, from: number, ms?: number): Promise<DapMessage> {
    return this.next(`a ${event} event`, from, (m) => m.dir === 'fromAdapter' && m.type === 'event' && m.event === event, ms);
  }

  /** The whole log as text, for failure messages. */
  dump(): string {
    return this.messages
      .map((m) => `${m.dir === 'toAdapter' ? '->' : '<-'} ${m.type} ${m.command ?? m.event ?? ''}${m.success === false ? ` FAILED: ${m.message}` : ''}`)
      .join('\n');
  }

  dispose(): void {
    this.registration.dispose();
  }
}
