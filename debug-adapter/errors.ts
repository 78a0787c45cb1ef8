// The adapter's one error path (after vscode-js-debug's dap/errors): every
// failure a user can meet has a typed code and a message written for them;
// `toErrorResponse` is the single place that turns a thrown value into a DAP
// error response, so no request handler can take the adapter down.
import { DebugProtocol } from '@vscode/debugprotocol';

/** Stable error codes; DAP shows them in the `id` of the error message. */
export const enum ErrorCode {
  /** A launch attribute is missing, has the wrong type or an impossible value. */
  InvalidLaunchConfiguration = 2001,
  /** The ELF cannot be read or loaded. */
  ProgramLoadFailed = 2002,
  /** The recording cannot be read, or does not belong to this program. */
  RecordingUnreadable = 2003,
  /** The request is valid but not in the session's current state. */
  WrongState = 2004,
  /** The request names a thread, frame, variable or address that does not exist. */
  UnknownReference = 2005,
  /** Changing the past of a recording (it would contradict what was recorded). */
  RecordedPastIsReadOnly = 2006,
  /** An expression could not be parsed or evaluated. */
  EvaluationFailed = 2007,
  /** A request the adapter does not implement. */
  Unsupported = 2008,
  /** A request's arguments are missing or of the wrong type. */
  BadArguments = 2009,
  /** A bug in the adapter: shown to the user with a request to report it. */
  Internal = 2999,
}

/**
 * An error meant for the user. `silent` errors answer the request (so VS
 * Code stops waiting) without a popup: used for hovers and watch expressions,
 * where a failing evaluation is ordinary.
 */
export class UserError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly silent = false,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export function wrongState(message: string): UserError {
  return new UserError(ErrorCode.WrongState, message);
}

export function unknownReference(message: string): UserError {
  return new UserError(ErrorCode.UnknownReference, message);
}

/** The DAP message for any thrown value; internal errors keep their stack for the log. */
export function toErrorMessage(err: unknown): DebugProtocol.Message {
  if (err instanceof UserError) {
    return { id: err.code, format: literalFormat(err.message), showUser: !err.silent };
  }
  const detail = err instanceof Error ? err.message : String(err);
  return {
    id: ErrorCode.Internal,
    format: literalFormat(`Rewind internal error: ${detail}. Please report it with the debug adapter log.`),
    showUser: true,
  };
}

/** DAP expands `{name}` in `format`; our messages are literal text, so braces become parentheses. */
function literalFormat(message: string): string {
  return message.replace(/\{/g, '(').replace(/\}/g, ')');
}
