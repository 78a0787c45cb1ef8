// Finding programs and recordings in the workspace and letting the user
// pick one: the ELF search behind the dynamic configurations and "Record
// Program…", and the recording search behind "Replay Recording…".
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  checkRiscv32Elf, ELF_GLOB, ELF_HEADER_BYTES, EXCLUDE_GLOB, isInExcludedFolder, MAX_PROGRAMS,
  ProgramCandidate, programName, RECORDING_GLOB, sortCandidates,
} from './elfDiscovery';

async function readHeader(uri: vscode.Uri): Promise<Uint8Array> {
  if (uri.scheme === 'file') {
    const handle = await fs.promises.open(uri.fsPath, 'r');
    try {
      const buffer = Buffer.alloc(ELF_HEADER_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, ELF_HEADER_BYTES, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }
  return (await vscode.workspace.fs.readFile(uri)).subarray(0, ELF_HEADER_BYTES);
}

function candidate(uri: vscode.Uri): ProgramCandidate {
  return { path: uri.fsPath, relativePath: vscode.workspace.asRelativePath(uri, false) };
}

async function search(glob: string, folder: vscode.WorkspaceFolder | undefined): Promise<vscode.Uri[]> {
  const include = folder ? new vscode.RelativePattern(folder, glob) : glob;
  const found = await vscode.workspace.findFiles(include, EXCLUDE_GLOB, MAX_PROGRAMS * 2);
  return found.filter((u) => !isInExcludedFolder(vscode.workspace.asRelativePath(u, false)));
}

/** The RV32 executables of the workspace (or of one folder), shallow paths first. */
export async function findPrograms(folder?: vscode.WorkspaceFolder): Promise<ProgramCandidate[]> {
  const uris = await search(ELF_GLOB, folder);
  const checked = await Promise.all(
    uris.map(async (uri) => {
      try {
        return checkRiscv32Elf(await readHeader(uri)).ok ? candidate(uri) : undefined;
      } catch {
        return undefined; // unreadable: not offered, like any non-ELF
      }
    }),
  );
  return sortCandidates(checked.filter((c): c is ProgramCandidate => c !== undefined)).slice(0, MAX_PROGRAMS);
}

/** The .rwnd recordings of the workspace (or of one folder). */
export async function findRecordings(folder?: vscode.WorkspaceFolder): Promise<ProgramCandidate[]> {
  return sortCandidates((await search(RECORDING_GLOB, folder)).map(candidate)).slice(0, MAX_PROGRAMS);
}

interface PathItem extends vscode.QuickPickItem {
  path: string | undefined;
}

async function pickPath(
  candidates: readonly ProgramCandidate[],
  title: string,
  filters: Record<string, string[]>,
): Promise<string | undefined> {
  const items: PathItem[] = candidates.map((c) => ({ label: programName(c.path), description: c.relativePath, path: c.path }));
  items.push({ label: '$(folder-opened) Browse…', description: 'choose a file', path: undefined, alwaysShow: true });
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: title, matchOnDescription: true });
  if (!picked) return undefined;
  if (picked.path !== undefined) return picked.path;
  const chosen = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Select', title, filters });
  return chosen?.[0]?.fsPath;
}

export async function pickProgram(candidates?: readonly ProgramCandidate[]): Promise<string | undefined> {
  const list = candidates ?? (await findPrograms());
  return pickPath(list, 'Select the RISC-V ELF program', { 'RISC-V ELF': ['elf'], 'All files': ['*'] });
}

export async function pickRecording(candidates?: readonly ProgramCandidate[]): Promise<string | undefined> {
  const list = candidates ?? (await findRecordings());
  return pickPath(list, 'Select a Rewind recording', { 'Rewind recording': ['rwnd'] });
}

/** The workspace folder a file belongs to (for `${workspaceFolder}` paths), if any. */
export function folderOf(file: string): vscode.WorkspaceFolder | undefined {
  return vscode.workspace.getWorkspaceFolder(vscode.Uri.file(path.resolve(file)));
}
