// Code breakpoints (DAP setBreakpoints, setFunctionBreakpoints,
// setInstructionBreakpoints, breakpointLocations): where they go, as gdb
// places them (symbols layer), and what happens when the cursor reaches
// one in either direction: the condition is evaluated there, the hit count
// is compared with the hit condition, log points print their message and
// do not stop.
import { DebugProtocol } from '@vscode/debugprotocol';
import { SourceMap } from './sources';
import { StopState } from './stopState';
import { EvalResult, Symbols } from './symbols/index';
import { scalarOf } from './symbols/values';

export type CodeBreakpointKind = 'source' | 'function' | 'instruction';

export interface HitCondition {
  readonly op: '==' | '>=' | '>' | '<' | '<=' | '%';
  readonly count: number;
}

interface CodeBreakpoint {
  readonly id: number;
  readonly kind: CodeBreakpointKind;
  readonly addresses: readonly number[];
  readonly condition: string | undefined;
  readonly hitCondition: HitCondition | undefined;
  readonly logMessage: string | undefined;
  hits: number;
}

export interface BreakpointOptions {
  readonly condition?: string;
  readonly hitCondition?: string;
  readonly logMessage?: string;
}

/** What the breakpoints at one address decided. */
export interface HitDecision {
  readonly stop: boolean;
  /** The breakpoints that stop here (for the stopped event), or logged. */
  readonly ids: number[];
  readonly kind: CodeBreakpointKind | undefined;
  /** Messages for the Debug Console: log points, and conditions that could not be evaluated. */
  readonly messages: string[];
}

/** `N`, `==N`, `>=N`, `>N`, `<N`, `<=N`, `%N` (every Nth hit). */
export function parseHitCondition(text: string): HitCondition | undefined {
  const m = /^\s*(==|>=|<=|>|<|%)?\s*(\d+)\s*$/.exec(text);
  if (!m) return undefined;
  const count = Number(m[2]);
  const op = (m[1] ?? '==') as HitCondition['op'];
  if (op === '%' && count === 0) return undefined;
  return { op, count };
}

export function hitMatches(c: HitCondition, hits: number): boolean {
  switch (c.op) {
    case '==': return hits === c.count;
    case '>=': return hits >= c.count;
    case '>': return hits > c.count;
    case '<': return hits < c.count;
    case '<=': return hits <= c.count;
    case '%': return hits % c.count === 0;
  }
}

/** True when an evaluated condition is non-zero (C truth). */
export function isTrue(result: Extract<EvalResult, { ok: true }>): boolean {
  try {
    return scalarOf(result.value) !== 0n;
  } catch {
    return result.value.bytes.some((b) => b !== 0);
  }
}

export class BreakpointTable {
  private nextId = 1;
  private readonly bySource = new Map<string, CodeBreakpoint[]>();
  private functions: CodeBreakpoint[] = [];
  private instructions: CodeBreakpoint[] = [];

  constructor(
    private readonly symbols: Symbols,
    private readonly sources: SourceMap,
  ) {}

  private make(kind: CodeBreakpointKind, addresses: number[], options: BreakpointOptions): { bp: CodeBreakpoint; problem?: string } {
    let hitCondition: HitCondition | undefined;
    let problem: string | undefined;
    if (options.hitCondition !== undefined && options.hitCondition.trim() !== '') {
      hitCondition = parseHitCondition(options.hitCondition);
      if (!hitCondition) problem = `Hit condition '${options.hitCondition}' is not understood: use N, ==N, >=N, >N, <N, <=N or %N.`;
    }
    const condition = options.condition?.trim() ? options.condition.trim() : undefined;
    const logMessage = options.logMessage !== undefined && options.logMessage !== '' ? options.logMessage : undefined;
    const bp: CodeBreakpoint = { id: this.nextId++, kind, addresses: problem ? [] : addresses, condition, hitCondition, logMessage, hits: 0 };
    return { bp, problem };
  }

  setSourceBreakpoints(sourcePath: string, requested: readonly DebugProtocol.SourceBreakpoint[]): DebugProtocol.Breakpoint[] {
    const dwarf = this.sources.toDwarf(sourcePath);
    const installed: CodeBreakpoint[] = [];
    const answer = requested.map((r): DebugProtocol.Breakpoint => {
      if (dwarf === undefined) {
        return { verified: false, line: r.line, message: `${sourcePath} is not part of the program: it has no line information for this file.`, reason: 'failed' };
      }
      const placed = this.symbols.breakpointAddresses(dwarf, r.line);
      if (!placed || placed.addresses.length === 0) {
        return { verified: false, line: r.line, message: `No code at line ${r.line} or after it in ${dwarf}.`, reason: 'failed' };
      }
      const { bp, problem } = this.make('source', placed.addresses, r);
      if (problem) return { verified: false, line: r.line, message: problem, reason: 'failed' };
      installed.push(bp);
      return { id: bp.id, verified: true, line: placed.line, source: this.sources.source(dwarf), instructionReference: hex(placed.addresses[0]) };
    });
    this.bySource.set(sourcePath, installed);
    return answer;
  }

  setFunctionBreakpoints(requested: readonly DebugProtocol.FunctionBreakpoint[]): DebugProtocol.Breakpoint[] {
    this.functions = [];
    return requested.map((r): DebugProtocol.Breakpoint => {
      const fn = this.symbols.functionAddress(r.name.trim());
      if (!fn) return { verified: false, message: `No function named '${r.name}' in the program.`, reason: 'failed' };
      const { bp, problem } = this.make('function', [fn.breakpoint], r);
      if (problem) return { verified: false, message: problem, reason: 'failed' };
      this.functions.push(bp);
      return { id: bp.id, verified: true, ...this.location(fn.breakpoint) };
    });
  }

  setInstructionBreakpoints(requested: readonly DebugProtocol.InstructionBreakpoint[]): DebugProtocol.Breakpoint[] {
    this.instructions = [];
    return requested.map((r): DebugProtocol.Breakpoint => {
      const base = parseAddress(r.instructionReference);
      if (base === undefined) return { verified: false, message: `'${r.instructionReference}' is not an address.`, reason: 'failed' };
      const address = (base + (r.offset ?? 0)) >>> 0;
      if (address % 2 !== 0) return { verified: false, message: `0x${address.toString(16)} is not an instruction boundary (RISC-V instructions are 2-byte aligned).`, reason: 'failed' };
      const { bp, problem } = this.make('instruction', [address], r);
      if (problem) return { verified: false, message: problem, reason: 'failed' };
      this.instructions.push(bp);
      return { id: bp.id, verified: true, ...this.location(address) };
    });
  }

  private location(address: number): Partial<DebugProtocol.Breakpoint> {
    const at = this.symbols.sourceAt(address);
    const where: Partial<DebugProtocol.Breakpoint> = { instructionReference: hex(address) };
    if (at.file !== undefined && at.line !== undefined) return { ...where, source: this.sources.source(at.file), line: at.line };
    return where;
  }

  /** Lines of `sourcePath` in [line, endLine] where a breakpoint can go. */
  locations(sourcePath: string, line: number, endLine: number | undefined): DebugProtocol.BreakpointLocation[] {
    const dwarf = this.sources.toDwarf(sourcePath);
    if (dwarf === undefined) return [];
    const last = Math.min(endLine ?? line, line + 10000);
    const out: DebugProtocol.BreakpointLocation[] = [];
    for (let l = line; l <= last; l++) {
      if (this.symbols.program.lines.stmtAddresses(dwarf, l).length > 0) out.push({ line: l });
    }
    return out;
  }

  private all(): CodeBreakpoint[] {
    return [...[...this.bySource.values()].flat(), ...this.functions, ...this.instructions];
  }

  /** Every address where some breakpoint sits. */
  addresses(): Set<number> {
    const out = new Set<number>();
    for (const bp of this.all()) for (const a of bp.addresses) out.add(a);
    return out;
  }

  has(pc: number): boolean {
    return this.all().some((bp) => bp.addresses.includes(pc));
  }

  /**
   * The cursor reached `pc` (either direction): counts the hit for each
   * breakpoint there whose condition holds, prints log points, and says
   * whether to stop. A condition that cannot be evaluated stops, as gdb does.
   */
  hit(pc: number, state: () => StopState): HitDecision {
    const ids: number[] = [];
    const messages: string[] = [];
    let stop = false;
    let kind: CodeBreakpointKind | undefined;
    for (const bp of this.all()) {
      if (!bp.addresses.includes(pc)) continue;
      if (bp.condition !== undefined) {
        const r = state().stack.evaluate(bp.condition, 0);
        if (!r.ok) {
          messages.push(`Breakpoint ${bp.id}: could not evaluate the condition '${bp.condition}': ${r.error}. Stopping here.`);
          stop = true;
          ids.push(bp.id);
          kind ??= bp.kind;
          continue;
        }
        if (!isTrue(r)) continue;
      }
      bp.hits++;
      if (bp.hitCondition && !hitMatches(bp.hitCondition, bp.hits)) continue;
      if (bp.logMessage !== undefined) {
        messages.push(interpolate(bp.logMessage, (expr) => state().stack.evaluate(expr, 0)));
        continue;
      }
      stop = true;
      ids.push(bp.id);
      kind ??= bp.kind;
    }
    return { stop, ids, kind, messages };
  }
}

/** A log point message with each `{expression}` replaced by its value (`{{` and `}}` are literal braces). */
export function interpolate(message: string, evaluate: (expression: string) => EvalResult): string {
  let out = '';
  for (let i = 0; i < message.length; i++) {
    const c = message[i];
    if ((c === '{' || c === '}') && message[i + 1] === c) {
      out += c;
      i++;
    } else if (c === '{') {
      const end = message.indexOf('}', i + 1);
      if (end < 0) {
        out += message.slice(i);
        break;
      }
      const r = evaluate(message.slice(i + 1, end));
      out += r.ok ? r.text : `<error: ${r.error}>`;
      i = end;
    } else out += c;
  }
  return out;
}

export function hex(address: number): string {
  return `0x${(address >>> 0).toString(16).padStart(8, '0')}`;
}

/** An address as DAP memory and instruction references carry it: 0x-prefixed hex or decimal. */
export function parseAddress(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const t = text.trim();
  const n = /^0x[0-9a-f]+$/i.test(t) ? parseInt(t.slice(2), 16) : /^\d+$/.test(t) ? Number(t) : NaN;
  return Number.isSafeInteger(n) && n >= 0 && n <= 0xffffffff ? n : undefined;
}
