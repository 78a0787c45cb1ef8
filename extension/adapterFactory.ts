// Starts the Rewind debug adapter for each `rewind` session: its own process
// on the editor's own Node runtime (no `node` on PATH needed, and a long
// replay never blocks the editor). For developing the adapter, setting
// REWIND_DEBUG_ADAPTER_PORT attaches to one started with `--server=PORT`.
import * as path from 'path';
import * as vscode from 'vscode';
import { DEBUG_TYPE } from './protocol';

/** Set to a port number to attach to an adapter started with `--server=PORT` (development). */
export const ADAPTER_PORT_ENV = 'REWIND_DEBUG_ADAPTER_PORT';

/** The adapter server port from the environment, or undefined when the adapter runs as a child process. */
export function adapterPort(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env[ADAPTER_PORT_ENV];
  if (raw === undefined || raw === '') return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(`${ADAPTER_PORT_ENV} must be a TCP port number (1-65535), got '${raw}'`);
  }
  return port;
}

class AdapterProcessFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly extensionPath: string) {}

  createDebugAdapterDescriptor(): vscode.DebugAdapterDescriptor {
    const port = adapterPort(process.env);
    if (port !== undefined) return new vscode.DebugAdapterServer(port, '127.0.0.1');
    const adapter = path.join(this.extensionPath, 'dist', 'debugAdapter.js');
    // process.execPath is the editor's own runtime; ELECTRON_RUN_AS_NODE makes
    // an Electron binary behave as plain Node (and is ignored by real Node).
    return new vscode.DebugAdapterExecutable(process.execPath, [adapter], {
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
  }
}

export function registerAdapterFactory(context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new AdapterProcessFactory(context.extensionPath));
}
