// The VS Code side of Rewind: wires the `rewind` debug type (adapter
// process, launch configurations), the commands, the status bar, the
// Timeline view, the UART terminals and the .rwnd editor. It talks to the
// adapter only through DAP (ARCHITECTURE.md: layers); each job lives in
// its own file.
import * as vscode from 'vscode';
import { registerAdapterFactory } from './adapterFactory';
import { registerCommands } from './commands';
import { TIMELINE_VIEW_ID } from './commandIds';
import { registerConfigurationProviders } from './configurationProvider';
import { registerRecordingEditor } from './rwndOpener';
import { bindContextKeys, SessionTracker } from './sessionTracker';
import { createStatusBar } from './statusBar';
import { registerTimelineView } from './timelineView';
import { registerUartTerminals } from './uartTerminal';

export function activate(context: vscode.ExtensionContext): void {
  const tracker = new SessionTracker();
  context.subscriptions.push(
    tracker,
    registerAdapterFactory(context),
    registerConfigurationProviders(),
    registerCommands(tracker),
    bindContextKeys(tracker),
    createStatusBar(tracker),
    registerTimelineView(context, tracker, TIMELINE_VIEW_ID),
    registerUartTerminals(tracker),
    registerRecordingEditor(),
  );
  // Shows the Timeline view in Run and Debug once Rewind is in use.
  void vscode.commands.executeCommand('setContext', 'rewind.activated', true);
}

export function deactivate(): void {
  // Sessions end with their adapter processes; the subscriptions release the rest.
}
