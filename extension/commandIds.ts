// The command identifiers Rewind contributes (package.json `contributes.commands`),
// in one place so the code and the tests use the same names.
export const CommandIds = {
  recordProgram: 'rewind.recordProgram',
  replayRecording: 'rewind.replayRecording',
  goToInstructionCount: 'rewind.goToInstructionCount',
  reverseStepIn: 'rewind.reverseStepIn',
  reverseStepOut: 'rewind.reverseStepOut',
  whoWroteThis: 'rewind.whoWroteThis',
  goLive: 'rewind.goLive',
  showTimeline: 'rewind.showTimeline',
} as const;

/** The Timeline webview view (package.json `contributes.views.debug`). */
export const TIMELINE_VIEW_ID = 'rewind.timeline';
/** The custom editor for .rwnd recordings. */
export const RECORDING_EDITOR_ID = 'rewind.recording';
