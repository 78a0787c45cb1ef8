// Data breakpoints (DAP dataBreakpointInfo, setDataBreakpoints): watch a
// variable, a member, any C lvalue or a raw address range for reads,
// writes or both. A dataId is "0xADDRESS/SIZE" (virtual address, bytes),
// so it stays meaningful across stops. The engine watches physical
// addresses; the translation is made when the breakpoints are set.
import { DebugProtocol } from '@vscode/debugprotocol';
import { WatchKind, Watchpoint } from '../emulator/index';
import { MachineView } from '../emulator/timetravel/api';
import { HitCondition, HitDecision, hex, hitMatches, isTrue, parseAddress, parseHitCondition } from './breakpoints';
import type { AdapterContext } from './context';
import { StopState } from './stopState';
import { sizeOf } from './symbols/types';
import { childrenOf } from './valueView';

/** Largest range one data breakpoint may cover. */
export const MAX_WATCH_BYTES = 1 << 16;

interface DataBreakpoint {
  readonly id: number;
  readonly address: number;
  readonly size: number;
  readonly kind: WatchKind;
  readonly description: string;
  readonly condition: string | undefined;
  readonly hitCondition: HitCondition | undefined;
  hits: number;
}

export function dataId(address: number, size: number): string {
  return `0x${(address >>> 0).toString(16)}/${size}`;
}

export function parseDataId(id: string): { address: number; size: number } | undefined {
  const m = /^0x([0-9a-f]{1,8})\/(\d+)$/i.exec(id.trim());
  if (!m) return undefined;
  const size = Number(m[2]);
  if (size < 1 || size > MAX_WATCH_BYTES) return undefined;
  return { address: parseInt(m[1], 16), size };
}

const KIND_OF: Readonly<Record<DebugProtocol.DataBreakpointAccessType, WatchKind>> = { read: 'read', write: 'write', readWrite: 'access' };
const VERB: Readonly<Record<WatchKind, string>> = { read: 'read', write: 'written', access: 'accessed' };

export class DataBreakpointTable {
  private nextId = 100_000;
  private list: DataBreakpoint[] = [];
  /** What the user called each dataId (the expression), for stop messages. */
  private readonly names = new Map<string, string>();

  remember(id: string, name: string): void {
    this.names.set(id, name);
  }

  /** Replaces all data breakpoints; answers one DAP breakpoint each. */
  set(requested: readonly DebugProtocol.DataBreakpoint[]): DebugProtocol.Breakpoint[] {
    this.list = [];
    return requested.map((r): DebugProtocol.Breakpoint => {
      const range = parseDataId(r.dataId);
      if (!range) return { verified: false, message: `'${r.dataId}' is not a data breakpoint this adapter made (expected 0xADDRESS/SIZE).`, reason: 'failed' };
      const hitCondition = r.hitCondition?.trim() ? parseHitCondition(r.hitCondition) : undefined;
      if (r.hitCondition?.trim() && !hitCondition) return { verified: false, message: `Hit condition '${r.hitCondition}' is not understood: use N, ==N, >=N, >N, <N, <=N or %N.`, reason: 'failed' };
      const kind = KIND_OF[r.accessType ?? 'write'] ?? 'write';
      const name = this.names.get(r.dataId) ?? `${range.size} bytes at 0x${range.address.toString(16)}`;
      const bp: DataBreakpoint = { id: this.nextId++, ...range, kind, description: name, condition: r.condition?.trim() || undefined, hitCondition, hits: 0 };
      this.list.push(bp);
      return { id: bp.id, verified: true, message: `${name} (${kind})` };
    });
  }

  /** The engine's watchpoints: physical ranges, page by page where translation splits them. */
  watchpoints(view: MachineView): Watchpoint[] {
    const out: Watchpoint[] = [];
    for (const bp of this.list) {
      let done = 0;
      while (done < bp.size) {
        const va = (bp.address + done) >>> 0;
        const chunk = Math.min(bp.size - done, 4096 - (va % 4096));
        const pa = view.translate(va, 'write') ?? view.translate(va, 'read');
        if (pa !== undefined) out.push({ address: pa, size: chunk, kind: bp.kind });
        done += chunk;
      }
    }
    return out;
  }

  get size(): number {
    return this.list.length;
  }

  /** A watched access at physical [address, address + size): which data breakpoints stop (conditions and hit counts applied). */
  hit(address: number, size: number, access: WatchKind, state: () => StopState): HitDecision & { description: string } {
    const view = state().view;
    const ids: number[] = [];
    const messages: string[] = [];
    const names: string[] = [];
    for (const bp of this.list) {
      const pa = view.translate(bp.address, 'read') ?? bp.address;
      if (!(pa < address + size && address < pa + bp.size)) continue;
      if (bp.kind !== 'access' && access !== 'access' && bp.kind !== access) continue;
      if (bp.condition !== undefined) {
        const r = state().stack.evaluate(bp.condition, 0);
        if (!r.ok) messages.push(`Data breakpoint on ${bp.description}: could not evaluate the condition '${bp.condition}': ${r.error}. Stopping here.`);
        else if (!isTrue(r)) continue;
      }
      bp.hits++;
      if (bp.hitCondition && !hitMatches(bp.hitCondition, bp.hits)) continue;
      ids.push(bp.id);
      names.push(`${bp.description} ${VERB[access === 'access' ? bp.kind : access]}`);
    }
    return { stop: ids.length > 0, ids, kind: undefined, messages, description: names.join(', ') };
  }
}

/** DAP dataBreakpointInfo: can `name` be watched, and under which dataId. */
export function dataBreakpointInfo(ctx: AdapterContext, args: DebugProtocol.DataBreakpointInfoArguments): DebugProtocol.DataBreakpointInfoResponse['body'] {
  const accessTypes: DebugProtocol.DataBreakpointAccessType[] = ['write', 'read', 'readWrite'];
  const no = (description: string): DebugProtocol.DataBreakpointInfoResponse['body'] => ({ dataId: null, description });
  if (args.asAddress) {
    const address = parseAddress(args.name);
    if (address === undefined) return no(`'${args.name}' is not an address.`);
    const size = args.bytes ?? 4;
    if (!Number.isInteger(size) || size < 1 || size > MAX_WATCH_BYTES) return no(`A data breakpoint covers 1 to ${MAX_WATCH_BYTES} bytes.`);
    const id = dataId(address, size);
    ctx.runtime.dataBreakpoints.remember(id, `${size} bytes at ${hex(address)}`);
    return { dataId: id, description: `${size} bytes at ${hex(address)}`, accessTypes, canPersist: true };
  }
  const state = ctx.stopped();
  let expression: string | undefined = args.name;
  let frameIndex = args.frameId !== undefined ? ctx.handles.frameIndex(args.frameId) : 0;
  if (args.variablesReference !== undefined && args.variablesReference !== 0) {
    const container = ctx.handles.container(args.variablesReference);
    if (container.kind === 'list' || (container.kind === 'scope' && container.scope !== 'locals' && container.scope !== 'globals')) {
      return no(`${args.name} is not in memory (registers and device fields cannot be watched; watch an address instead).`);
    }
    frameIndex = container.frameIndex;
    if (container.kind === 'value') {
      const vctx = { handles: ctx.handles, env: state.stack.formatEnv, frameIndex, hex: false };
      expression = childrenOf(container.value, container.evaluateName, vctx, (a, s) => state.memory.read(a, s)).find((v) => v.name === args.name)?.evaluateName;
    }
  }
  if (expression === undefined) return no(`${args.name} cannot be named as a C expression, so it cannot be watched.`);
  const r = state.stack.evaluate(expression, frameIndex);
  if (!r.ok) return no(`Cannot watch ${args.name}: ${r.error}`);
  if (r.value.address === undefined || r.value.bitSize !== undefined) return no(`${args.name} is not in memory (it lives in a register or is computed), so it cannot be watched.`);
  const size = sizeOf(r.value.type);
  if (!(size >= 1 && size <= MAX_WATCH_BYTES)) return no(`${args.name} is ${size} bytes: a data breakpoint covers 1 to ${MAX_WATCH_BYTES} bytes.`);
  const id = dataId(r.value.address, size);
  ctx.runtime.dataBreakpoints.remember(id, expression);
  return { dataId: id, description: `${expression} (${size} bytes at ${hex(r.value.address)})`, accessTypes, canPersist: false };
}
