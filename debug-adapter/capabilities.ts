// What the adapter tells VS Code it can do (DAP Capabilities). Each flag
// is real: the comment says what it turns on in VS Code.
import { DebugProtocol } from '@vscode/debugprotocol';
import { EXCEPTION_FILTERS } from './exceptions';

export const CAPABILITIES: DebugProtocol.Capabilities = {
  // VS Code sends configurationDone after the breakpoints, so the program starts with them in place.
  supportsConfigurationDoneRequest: true,
  // Shows Step Back and Reverse (continue backwards) in the debug toolbar.
  supportsStepBack: true,
  // Breakpoints on function names (Breakpoints view: "+" Function Breakpoint).
  supportsFunctionBreakpoints: true,
  // "Edit Condition" on breakpoints: a C expression evaluated at the hit, in either direction.
  supportsConditionalBreakpoints: true,
  // "Hit Count" on breakpoints: N, ==N, >=N, >N, <N, <=N, %N.
  supportsHitConditionalBreakpoints: true,
  // Log points: print a message with {expressions} instead of stopping.
  supportsLogPoints: true,
  // "Break on Value Change/Read/Access" on variables and members (data breakpoints).
  supportsDataBreakpoints: true,
  // Data breakpoints on raw address ranges ("Add Data Breakpoint at Address").
  supportsDataBreakpointBytes: true,
  // Breakpoints in the Disassembly view.
  supportsInstructionBreakpoints: true,
  // The Disassembly view ("Open Disassembly View", frames without source).
  supportsDisassembleRequest: true,
  // The memory/hex view of variables and addresses.
  supportsReadMemoryRequest: true,
  // Editing bytes in the memory view (only at the live edge of a recording).
  supportsWriteMemoryRequest: true,
  // Instruction-granularity stepping while the Disassembly view has focus.
  supportsSteppingGranularity: true,
  // "Set Value" in the Variables view (only where the future is not yet recorded).
  supportsSetVariable: true,
  // "Set Value" on watch expressions and evaluateName-based edits.
  supportsSetExpression: true,
  // Hover values in the editor.
  supportsEvaluateForHovers: true,
  // The exception widget with the trap's name, address and tval.
  supportsExceptionInfoRequest: true,
  // The guest trap filters in the Breakpoints view.
  exceptionBreakpointFilters: EXCEPTION_FILTERS,
  // Breakpoint hints (the lines in the gutter where a breakpoint can go).
  supportsBreakpointLocationsRequest: true,
  // The Loaded Scripts view: every source file of the program.
  supportsLoadedSourcesRequest: true,
  // The Restart button restarts in place, keeping breakpoints, instead of a new session.
  supportsRestartRequest: true,
  // Stop asks the adapter to end the program gracefully first (the recording is closed properly).
  supportsTerminateRequest: true,
  // Cancelling long requests and progress notifications (e.g. a long reverse continue).
  supportsCancelRequest: true,
  // "Hex" display of values in the Variables and Watch views.
  supportsValueFormattingOptions: true,
  // The call stack loads in pages for deep stacks.
  supportsDelayedStackTraceLoading: true,
};
