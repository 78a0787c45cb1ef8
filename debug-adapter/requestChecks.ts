// Shape checks for request arguments, made before any handler runs: a
// client that sends a number where DAP says string gets an error naming the
// argument, not an internal error. Only what handlers rely on is checked.
import { ErrorCode, UserError } from './errors';

type Check = (value: unknown, at: string) => string | undefined;

const type =
  (name: string, ok: (v: unknown) => boolean): Check =>
  (v, at) =>
    ok(v) ? undefined : `${at} must be ${name} (got ${JSON.stringify(v) ?? 'undefined'})`;

const str = type('a string', (v) => typeof v === 'string');
const int = type('a whole number', (v) => typeof v === 'number' && Number.isSafeInteger(v));
const num = type('a number', (v) => typeof v === 'number' && Number.isFinite(v));
const bool = type('true or false', (v) => typeof v === 'boolean');

const opt =
  (check: Check): Check =>
  (v, at) =>
    v === undefined || v === null ? undefined : check(v, at);

function obj(fields: Record<string, Check>): Check {
  return (v, at) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return `${at} must be an object`;
    for (const [name, check] of Object.entries(fields)) {
      const problem = check((v as Record<string, unknown>)[name], `${at}.${name}`);
      if (problem) return problem;
    }
    return undefined;
  };
}

function arr(item: Check): Check {
  return (v, at) => {
    if (!Array.isArray(v)) return `${at} must be an array`;
    for (let i = 0; i < v.length; i++) {
      const problem = item(v[i], `${at}[${i}]`);
      if (problem) return problem;
    }
    return undefined;
  };
}

const format = opt(obj({ hex: opt(bool) }));
const thread = { threadId: opt(int) };
const step = obj({ ...thread, granularity: opt(str) });
const condition = { condition: opt(str), hitCondition: opt(str), logMessage: opt(str) };

const SCHEMAS: Record<string, Check> = {
  setBreakpoints: obj({ source: obj({ path: opt(str) }), breakpoints: opt(arr(obj({ line: int, column: opt(int), ...condition }))), lines: opt(arr(int)) }),
  setFunctionBreakpoints: obj({ breakpoints: arr(obj({ name: str, condition: opt(str), hitCondition: opt(str) })) }),
  setInstructionBreakpoints: obj({ breakpoints: arr(obj({ instructionReference: str, offset: opt(int), condition: opt(str), hitCondition: opt(str) })) }),
  setExceptionBreakpoints: obj({ filters: arr(str) }),
  setDataBreakpoints: obj({ breakpoints: arr(obj({ dataId: str, accessType: opt(str), condition: opt(str), hitCondition: opt(str) })) }),
  dataBreakpointInfo: obj({ name: str, variablesReference: opt(int), frameId: opt(int), bytes: opt(int), asAddress: opt(bool) }),
  breakpointLocations: obj({ source: obj({ path: opt(str) }), line: int, endLine: opt(int) }),
  stackTrace: obj({ ...thread, startFrame: opt(int), levels: opt(int), format: opt(obj({ parameters: opt(bool) })) }),
  scopes: obj({ frameId: int }),
  variables: obj({ variablesReference: int, start: opt(int), count: opt(int), format }),
  setVariable: obj({ variablesReference: int, name: str, value: str, format }),
  setExpression: obj({ expression: str, value: str, frameId: opt(int), format }),
  evaluate: obj({ expression: str, frameId: opt(int), context: opt(str), format }),
  exceptionInfo: obj(thread),
  disassemble: obj({ memoryReference: str, offset: opt(int), instructionOffset: opt(int), instructionCount: int, resolveSymbols: opt(bool) }),
  readMemory: obj({ memoryReference: str, offset: opt(int), count: int }),
  writeMemory: obj({ memoryReference: str, offset: opt(int), data: str, allowPartial: opt(bool) }),
  continue: obj(thread),
  next: step,
  stepIn: step,
  stepOut: step,
  stepBack: step,
  reverseContinue: obj(thread),
  pause: obj(thread),
  cancel: opt(obj({ requestId: opt(int), progressId: opt(str) })),
  'rewind/reverseStepIn': opt(step),
  'rewind/reverseStepOut': opt(step),
  'rewind/seek': obj({ icount: num }),
  'rewind/lastWrite': obj({ address: opt(num), size: opt(num), expression: opt(str), frameId: opt(int) }),
  'rewind/timeline': opt(obj({ start: opt(num), count: opt(num) })),
  'rewind/goLive': opt(obj({ recording: opt(str) })),
  'rewind/uartInput': obj({ data: str }),
};

/** Throws a UserError naming the first argument that has the wrong shape. */
export function checkArguments(command: string, args: unknown): void {
  const check = SCHEMAS[command];
  const problem = check?.(args, 'arguments');
  if (problem) throw new UserError(ErrorCode.BadArguments, `${command}: ${problem}.`);
}
