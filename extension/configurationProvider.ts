// Launch configurations of the `rewind` debug type: the initial launch.json
// (one record configuration per ELF found), the dynamic list in the Run and
// Debug drop-down (record each ELF, replay each recording), and the
// resolution of an empty or partial configuration (F5 without a launch.json:
// the active editor's ELF, else a pick list). The rules are in
// launchDefaults.ts; this file does the searching and asking.
import * as vscode from 'vscode';
import { DEBUG_TYPE } from './protocol';
import { recordConfiguration, replayConfiguration, resolveConfiguration, templateConfiguration, programFor } from './launchDefaults';
import { findPrograms, findRecordings, pickProgram, pickRecording } from './pickers';

/** At most this many configurations go into a new launch.json. */
const MAX_INITIAL = 8;

class InitialConfigurations implements vscode.DebugConfigurationProvider {
  async provideDebugConfigurations(folder: vscode.WorkspaceFolder | undefined): Promise<vscode.DebugConfiguration[]> {
    const programs = await findPrograms(folder);
    if (programs.length === 0) return [templateConfiguration()];
    return programs.slice(0, MAX_INITIAL).map((p) => recordConfiguration(p.path, folder?.uri.fsPath));
  }

  async resolveDebugConfiguration(
    folder: vscode.WorkspaceFolder | undefined,
    configuration: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration | undefined | null> {
    const programs = await findPrograms(folder);
    const activeUri = vscode.window.activeTextEditor?.document.uri ?? activeCustomEditorUri();
    const resolution = resolveConfiguration(configuration, {
      activeFile: activeUri?.scheme === 'file' ? activeUri.fsPath : undefined,
      elfs: programs.map((p) => p.path),
      workspaceFolder: folder?.uri.fsPath,
    });
    switch (resolution.kind) {
      case 'launch':
        return resolution.configuration;
      case 'error':
        // undefined stops the launch silently; null opens launch.json. Say why first.
        void vscode.window.showErrorMessage(resolution.message);
        return undefined;
      case 'pickProgram': {
        const program = await pickProgram(programs);
        return program === undefined ? undefined : { ...resolution.configuration, program };
      }
      case 'pickRecording': {
        const recording = await pickRecording(await findRecordings(folder));
        if (recording === undefined) return undefined;
        const withRecording = { ...resolution.configuration, recording };
        if (typeof withRecording.program === 'string' && withRecording.program !== '') return withRecording;
        const program = programFor(recording, programs.map((p) => p.path)) ?? (await pickProgram(programs));
        return program === undefined ? undefined : { ...withRecording, program };
      }
    }
  }
}

class DynamicConfigurations implements vscode.DebugConfigurationProvider {
  async provideDebugConfigurations(folder: vscode.WorkspaceFolder | undefined): Promise<vscode.DebugConfiguration[]> {
    // VS Code asks once per folder and once more for user settings (no folder): offer each program once.
    if (folder === undefined) return [];
    const programs = await findPrograms(folder);
    const elfs = programs.map((p) => p.path);
    const base = folder?.uri.fsPath;
    const records = programs.map((p) => recordConfiguration(p.path, base));
    const replays = (await findRecordings(folder)).flatMap((r) => {
      const program = programFor(r.path, elfs);
      return program === undefined ? [] : [replayConfiguration(r.path, program, base)];
    });
    return [...records, ...replays];
  }
}

/** The .rwnd open in Rewind's custom editor, when that is the active tab. */
function activeCustomEditorUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputCustom ? input.uri : undefined;
}

export function registerConfigurationProviders(): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new InitialConfigurations(), vscode.DebugConfigurationProviderTriggerKind.Initial),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new DynamicConfigurations(), vscode.DebugConfigurationProviderTriggerKind.Dynamic),
  );
}
