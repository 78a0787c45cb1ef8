// Opening a .rwnd recording: a read-only editor page that names the
// recording and the program it most likely belongs to, with a link to replay
// it (the "Replay Recording…" command). The page has no script at all:
// command links only, under a CSP that forbids everything else.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { CommandIds, RECORDING_EDITOR_ID } from './commandIds';
import { formatIcount } from './format';
import { programFor } from './launchDefaults';
import { findPrograms } from './pickers';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function commandLink(command: string, args: unknown[], label: string): string {
  return `<a class="button" href="command:${command}?${encodeURIComponent(JSON.stringify(args))}">${escapeHtml(label)}</a>`;
}

class RecordingEditor implements vscode.CustomReadonlyEditorProvider {
  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  async resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): Promise<void> {
    panel.webview.options = { enableScripts: false, enableCommandUris: [CommandIds.replayRecording, CommandIds.recordProgram], localResourceRoots: [] };
    const file = document.uri.fsPath;
    let size = '';
    try {
      size = `${formatIcount((await fs.promises.stat(file)).size)} bytes`;
    } catch (e) {
      size = `cannot read: ${e instanceof Error ? e.message : String(e)}`;
    }
    const program = programFor(file, (await findPrograms()).map((p) => p.path));
    const programLine = program
      ? `Program: <code>${escapeHtml(vscode.workspace.asRelativePath(program, false))}</code> (the adapter checks the recording's ELF hash)`
      : 'Program: not found next to the recording; you will be asked for the ELF.';
    panel.webview.html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline';">
<style>
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 16px; }
code { font-family: var(--vscode-editor-font-family); }
.button { display: inline-block; margin-top: 12px; padding: 6px 14px; text-decoration: none;
  color: var(--vscode-button-foreground); background: var(--vscode-button-background); }
.button:hover { background: var(--vscode-button-hoverBackground); }
</style></head>
<body>
<h2>Rewind recording: ${escapeHtml(path.basename(file))}</h2>
<p>${escapeHtml(size)}</p>
<p>${programLine}</p>
<p>A recording holds the program's inputs (UART bytes, clock reads) with the instruction count at which each arrived; replaying it re-runs the program exactly as recorded, and you can step backwards and forwards through it.</p>
${commandLink(CommandIds.replayRecording, [document.uri], 'Replay this recording')}
</body></html>`;
  }
}

export function registerRecordingEditor(): vscode.Disposable {
  return vscode.window.registerCustomEditorProvider(RECORDING_EDITOR_ID, new RecordingEditor(), {
    supportsMultipleEditorsPerDocument: true,
  });
}
