// The custom part of the DAP contract between this extension and the Rewind
// debug adapter: request names, their arguments and bodies, and the custom
// events. The standard parts (stepBack, reverseContinue, dataBreakpointInfo)
// are plain DAP. Kept free of `vscode` imports so tests can use it.

export const DEBUG_TYPE = 'rewind';

export type RewindMode = 'record' | 'replay';

/** Custom request names, as sent with `DebugSession.customRequest`. */
export const Requests = {
  reverseStepIn: 'rewind/reverseStepIn',
  reverseStepOut: 'rewind/reverseStepOut',
  seek: 'rewind/seek',
  lastWrite: 'rewind/lastWrite',
  timeline: 'rewind/timeline',
  status: 'rewind/status',
  goLive: 'rewind/goLive',
  uartInput: 'rewind/uartInput',
} as const;

/** Custom event names, as seen in `onDidReceiveDebugSessionCustomEvent`. */
export const Events = {
  position: 'rewind/position',
  uartOutput: 'rewind/uartOutput',
} as const;

export interface ThreadArguments {
  threadId: number;
}

export interface SeekArguments {
  icount: number;
}

/** Who wrote this: by expression in a frame (a variable) or by raw memory. */
export type LastWriteArguments = { expression: string; frameId: number } | { address: number; size: number };

export interface LastWriteBody {
  icount: number;
  pc: number;
  file?: string;
  line?: number;
}

/** Event kinds the views know how to draw; the adapter may send others. */
export const KNOWN_EVENT_KINDS = ['input', 'interrupt', 'trap', 'breakpoint', 'snapshot'] as const;
export type TimelineEventKind = string;

export interface TimelineEvent {
  icount: number;
  kind: TimelineEventKind;
  description: string;
}

export interface TimelineArguments {
  /** Index of the first event wanted (events are ordered by icount). */
  start: number;
  count: number;
}

export interface TimelineBody {
  events: TimelineEvent[];
  /** How many events the recording holds in all. */
  total: number;
}

export interface StatusBody {
  mode: RewindMode;
  icount: number;
  length: number;
  live: boolean;
  program: string;
}

export interface UartInputArguments {
  data: string;
}

/** Body of `rewind/position`, sent after every stop. */
export interface PositionEventBody {
  icount: number;
  length: number;
  mode: RewindMode;
  live: boolean;
}

export interface UartOutputEventBody {
  data: string;
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** Checks an event body from the adapter; undefined when it is malformed. */
export function parsePositionEvent(body: unknown): PositionEventBody | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as Record<string, unknown>;
  if (!isCount(b.icount) || !isCount(b.length)) return undefined;
  if (b.mode !== 'record' && b.mode !== 'replay') return undefined;
  if (typeof b.live !== 'boolean') return undefined;
  return { icount: b.icount, length: Math.max(b.length, b.icount), mode: b.mode, live: b.live };
}

/** Checks a `rewind/timeline` response body; throws with what is wrong. */
export function parseTimelineBody(body: unknown): TimelineBody {
  if (typeof body !== 'object' || body === null) throw new Error('rewind/timeline: the response has no body');
  const b = body as Record<string, unknown>;
  if (!Array.isArray(b.events)) throw new Error('rewind/timeline: "events" must be a list');
  if (!isCount(b.total)) throw new Error('rewind/timeline: "total" must be a count');
  const events = b.events.map((e: unknown, i: number) => {
    const ev = (typeof e === 'object' && e !== null ? e : {}) as Record<string, unknown>;
    if (!isCount(ev.icount) || typeof ev.kind !== 'string' || typeof ev.description !== 'string') {
      throw new Error(`rewind/timeline: event ${i} needs icount, kind and description`);
    }
    return { icount: ev.icount, kind: ev.kind, description: ev.description };
  });
  return { events, total: b.total };
}

/** Checks a `rewind/lastWrite` response body. */
export function parseLastWriteBody(body: unknown): LastWriteBody {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (!isCount(b.icount) || !isCount(b.pc)) throw new Error('rewind/lastWrite: the response needs icount and pc');
  return {
    icount: b.icount,
    pc: b.pc,
    file: typeof b.file === 'string' ? b.file : undefined,
    line: isCount(b.line) ? b.line : undefined,
  };
}

/** Checks a `rewind/status` response body. */
export function parseStatusBody(body: unknown): StatusBody {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (b.mode !== 'record' && b.mode !== 'replay') throw new Error('rewind/status: "mode" must be record or replay');
  if (!isCount(b.icount) || !isCount(b.length) || typeof b.live !== 'boolean' || typeof b.program !== 'string') {
    throw new Error('rewind/status: the response needs icount, length, live and program');
  }
  return { mode: b.mode, icount: b.icount, length: Math.max(b.length, b.icount), live: b.live, program: b.program };
}
