// The status bar item of a Rewind session: `REC` or `REPLAY` and
// `icount 1,234,567 / 9,876,543`; a click opens "Go to Instruction Count…".
// Hidden when the active debug session is not a Rewind one.
import * as vscode from 'vscode';
import { statusBarText, statusBarTooltip } from './format';
import type { SessionTracker, TrackedSession } from './sessionTracker';
import { CommandIds } from './commandIds';

export function createStatusBar(tracker: SessionTracker): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('rewind.position', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Rewind position';
  item.command = CommandIds.goToInstructionCount;

  const show = (t: TrackedSession | undefined): void => {
    if (t === undefined) {
      item.hide();
      return;
    }
    if (t.position === undefined) {
      item.text = '$(loading~spin) Rewind';
      item.tooltip = 'Rewind: starting the session';
    } else {
      const icon = t.position.mode === 'record' ? '$(record)' : '$(history)';
      item.text = `${icon} ${statusBarText(t.position)}`;
      item.tooltip = statusBarTooltip(t.position);
    }
    item.show();
  };
  show(tracker.active);
  return vscode.Disposable.from(item, tracker.onDidChange(show));
}
