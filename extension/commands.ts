// The commands of the palette, the debug toolbar and the context menus:
// Record Program…, Replay Recording…, Go to Instruction Count…, Reverse Step
// Into / Out, Who Wrote This?, Go Live From Here, Show Timeline. Each one
// sends the matching custom DAP request of protocol.ts to the active
// Rewind session; errors from the adapter are shown as they come.
import * as path from 'path';
import * as vscode from 'vscode';
import { CommandIds, TIMELINE_VIEW_ID } from './commandIds';
import { formatIcount, parseIcountInput } from './format';
import { LastWritePlan, planForSelection, planForVariable, planFromDataId, VariableContext } from './lastWriteTarget';
import { programFor, recordConfiguration, replayConfiguration } from './launchDefaults';
import { findPrograms, folderOf, pickProgram, pickRecording } from './pickers';
import { LastWriteArguments, parseLastWriteBody, Requests } from './protocol';
import type { SessionTracker, TrackedSession } from './sessionTracker';

function requireSession(tracker: SessionTracker): TrackedSession {
  const t = tracker.active;
  if (t === undefined) throw new Error('No Rewind debug session is active: start one with "Rewind: Record Program…" or "Rewind: Replay Recording…".');
  return t;
}

/** The thread and frame the user selected in the Call Stack view, if any. */
function selection(): { threadId: number | undefined; frameId: number | undefined } {
  const item = vscode.debug.activeStackItem;
  if (item instanceof vscode.DebugStackFrame) return { threadId: item.threadId, frameId: item.frameId };
  if (item instanceof vscode.DebugThread) return { threadId: item.threadId, frameId: undefined };
  return { threadId: undefined, frameId: undefined };
}

async function threadIdOf(session: vscode.DebugSession): Promise<number> {
  const selected = selection().threadId;
  if (selected !== undefined) return selected;
  // A RISC-V hart is one thread; ask for it when nothing is selected yet.
  const reply = (await session.customRequest('threads')) as { threads?: { id: number }[] };
  const first = reply.threads?.[0];
  if (!first) throw new Error('The Rewind session reports no thread.');
  return first.id;
}

/**
 * The selected frame, or the top frame of the hart's thread when VS Code has
 * not yet told us of a selection (right after a stop), so a variable's
 * expression is evaluated where the Variables view shows it.
 */
async function frameIdOf(session: vscode.DebugSession): Promise<number | undefined> {
  const selected = selection().frameId;
  if (selected !== undefined) return selected;
  const reply = (await session.customRequest('stackTrace', { threadId: await threadIdOf(session), startFrame: 0, levels: 1 })) as {
    stackFrames?: { id: number }[];
  };
  return reply.stackFrames?.[0]?.id;
}

async function startRecord(program: string): Promise<void> {
  const folder = folderOf(program);
  const configuration = { ...recordConfiguration(program), cwd: folder?.uri.fsPath ?? path.dirname(program) };
  if (!(await vscode.debug.startDebugging(folder, configuration))) throw new Error(`Could not start recording ${program}.`);
}

async function recordProgram(uri?: vscode.Uri): Promise<void> {
  const program = uri?.fsPath ?? (await pickProgram());
  if (program !== undefined) await startRecord(program);
}

async function replayRecording(uri?: vscode.Uri): Promise<void> {
  const recording = uri?.fsPath ?? (await pickRecording());
  if (recording === undefined) return;
  const programs = (await findPrograms()).map((p) => p.path);
  const program = programFor(recording, programs) ?? (await pickProgram());
  if (program === undefined) return;
  const folder = folderOf(recording) ?? folderOf(program);
  const configuration = { ...replayConfiguration(recording, program), cwd: folder?.uri.fsPath ?? path.dirname(recording) };
  if (!(await vscode.debug.startDebugging(folder, configuration))) throw new Error(`Could not replay ${recording}.`);
}

async function goToInstructionCount(tracker: SessionTracker, target?: number): Promise<void> {
  const t = requireSession(tracker);
  let icount = target;
  if (icount === undefined) {
    const current = t.position?.icount ?? 0;
    const length = t.position?.length ?? 0;
    const text = await vscode.window.showInputBox({
      title: 'Rewind: Go to Instruction Count',
      prompt: `An instruction count from 0 to ${formatIcount(length)}, +N / -N relative to ${formatIcount(current)}, or "end"`,
      value: String(current),
      validateInput: (v) => {
        const parsed = parseIcountInput(v, current, length);
        return 'error' in parsed ? parsed.error : undefined;
      },
    });
    if (text === undefined) return;
    const parsed = parseIcountInput(text, current, length);
    if ('error' in parsed) throw new Error(parsed.error);
    icount = parsed.icount;
  }
  await t.session.customRequest(Requests.seek, { icount });
}

async function reverseStep(tracker: SessionTracker, request: string): Promise<void> {
  const t = requireSession(tracker);
  await t.session.customRequest(request, { threadId: await threadIdOf(t.session) });
}

async function lastWrite(session: vscode.DebugSession, plan: LastWritePlan): Promise<void> {
  let resolved = plan;
  if (resolved.kind === 'dataBreakpointInfo') {
    const info = (await session.customRequest('dataBreakpointInfo', { variablesReference: resolved.variablesReference, name: resolved.name })) as {
      dataId?: string | null;
    };
    resolved = planFromDataId(info.dataId, resolved.sizeHint, resolved.what);
  }
  if (resolved.kind === 'error') throw new Error(resolved.message);
  if (resolved.kind !== 'request') throw new Error('Who Wrote This?: unexpected plan');
  const args: LastWriteArguments = resolved.args;
  const body = parseLastWriteBody(await session.customRequest(Requests.lastWrite, args));
  const where = body.file !== undefined && body.line !== undefined ? ` in ${path.basename(body.file)}:${body.line}` : '';
  vscode.window.setStatusBarMessage(
    `Rewind: "${resolved.what}" was last written at icount ${formatIcount(body.icount)} by pc 0x${body.pc.toString(16).padStart(8, '0')}${where}`,
    15000,
  );
}

async function whoWroteThis(tracker: SessionTracker, ctx?: VariableContext): Promise<void> {
  const t = requireSession(tracker);
  const frameId = await frameIdOf(t.session);
  if (ctx?.variable !== undefined) {
    await lastWrite(t.session, planForVariable(ctx, frameId));
    return;
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor) throw new Error('Who Wrote This? works on a variable in the Variables view or on text selected in an editor.');
  const range = editor.selection.isEmpty ? editor.document.getWordRangeAtPosition(editor.selection.active) : editor.selection;
  await lastWrite(t.session, planForSelection(range ? editor.document.getText(range) : '', frameId));
}

async function goLive(tracker: SessionTracker): Promise<void> {
  await requireSession(tracker).session.customRequest(Requests.goLive);
}

/** Runs a command body and shows its failure (an adapter error or ours) as an error message. */
function guarded<A extends unknown[]>(body: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await body(...args);
    } catch (e) {
      void vscode.window.showErrorMessage(e instanceof Error ? e.message : String(e));
    }
  };
}

export function registerCommands(tracker: SessionTracker): vscode.Disposable {
  const reg = <A extends unknown[]>(id: string, body: (...args: A) => Promise<void>): vscode.Disposable =>
    vscode.commands.registerCommand(id, guarded(body));
  return vscode.Disposable.from(
    reg(CommandIds.recordProgram, (uri?: vscode.Uri) => recordProgram(uri instanceof vscode.Uri ? uri : undefined)),
    reg(CommandIds.replayRecording, (uri?: vscode.Uri) => replayRecording(uri instanceof vscode.Uri ? uri : undefined)),
    reg(CommandIds.goToInstructionCount, (icount?: number) => goToInstructionCount(tracker, typeof icount === 'number' ? icount : undefined)),
    reg(CommandIds.reverseStepIn, () => reverseStep(tracker, Requests.reverseStepIn)),
    reg(CommandIds.reverseStepOut, () => reverseStep(tracker, Requests.reverseStepOut)),
    reg(CommandIds.whoWroteThis, (ctx?: VariableContext) => whoWroteThis(tracker, isVariableContext(ctx) ? ctx : undefined)),
    reg(CommandIds.goLive, () => goLive(tracker)),
    reg(CommandIds.showTimeline, async () => {
      // The view's `when` clause needs this key; activation sets it too, but asynchronously.
      await vscode.commands.executeCommand('setContext', 'rewind.activated', true);
      await vscode.commands.executeCommand(`${TIMELINE_VIEW_ID}.focus`);
    }),
  );
}

/** The editor context menu passes a Uri; the Variables view passes `{container, variable}`. */
function isVariableContext(x: unknown): x is VariableContext {
  return typeof x === 'object' && x !== null && 'variable' in x;
}
