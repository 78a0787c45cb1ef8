// The VS Code side of Rewind: registers the `rewind` debug type and starts
// the debug adapter as its own process on VS Code's own Node runtime, so a
// long replay never blocks the editor and no `node` on PATH is needed.
// It talks to the adapter only through DAP (ARCHITECTURE.md: layers).
import * as path from 'path';
import * as vscode from 'vscode';

/** Set to a port number to attach to an adapter started with `--server=PORT` (development). */
const ADAPTER_PORT_ENV = 'REWIND_DEBUG_ADAPTER_PORT';

class AdapterProcessFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly extensionPath: string) {}

  createDebugAdapterDescriptor(): vscode.DebugAdapterDescriptor {
    const port = Number(process.env[ADAPTER_PORT_ENV]);
    if (Number.isInteger(port) && port > 0) {
      return new vscode.DebugAdapterServer(port, '127.0.0.1');
    }
    const adapter = path.join(this.extensionPath, 'dist', 'debugAdapter.js');
    // process.execPath is the editor's own runtime; ELECTRON_RUN_AS_NODE makes
    // an Electron binary behave as plain Node (and is ignored by real Node).
    return new vscode.DebugAdapterExecutable(process.execPath, [adapter], {
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
  }
}

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.debug.registerDebugAdapterDescriptorFactory('rewind', new AdapterProcessFactory(context.extensionPath)),
  );
}

export function deactivate(): void {
  // Sessions end with their adapter processes; nothing else to release.
}
