// Disassemble (DAP): instructions around an address in GNU objdump's
// syntax (emulator/disasm), with the function symbol at each function's
// first instruction and the source line of each instruction, so VS Code's
// disassembly view interleaves the source. RISC-V instructions are 2 or 4
// bytes, so going back N instructions decodes forward from a known
// boundary (the start of a line-table span or a function) before the
// address.
import { DebugProtocol } from '@vscode/debugprotocol';
import { Disassembler, SymbolLookup, instructionLength } from '../emulator/index';
import { hex, parseAddress } from './breakpoints';
import { AdapterContext } from './context';
import { ErrorCode, UserError } from './errors';
import { SourceMap } from './sources';
import { readVirtual } from './stopState';
import { Symbols } from './symbols/index';

/** Most instructions one request may ask for. */
const MAX_INSTRUCTIONS = 10_000;

function symbolLookup(symbols: Symbols): SymbolLookup {
  return (address) => {
    const s = symbols.program.symbolAt(address, ['function', 'notype', 'object']);
    return s ? { name: s.symbol.name, address: s.symbol.value } : undefined;
  };
}

/** A known instruction boundary at or before `address`. */
function boundaryBefore(symbols: Symbols, address: number): number {
  const span = symbols.program.lines.spanAt(address);
  if (span) return span.start;
  const fn = symbols.program.symbolAt(address, ['function']);
  if (fn) return fn.symbol.value;
  return address & ~1;
}

interface Decoded {
  readonly address: number;
  readonly length: number;
  readonly bytes: Uint8Array | undefined;
}

function decodeFrom(read: (a: number, n: number) => Uint8Array | undefined, start: number, count: number, stopAt?: number): Decoded[] {
  const out: Decoded[] = [];
  let a = start >>> 0;
  while (out.length < count && (stopAt === undefined || a < stopAt)) {
    const first = read(a, 2);
    if (!first) {
      out.push({ address: a, length: 2, bytes: undefined });
      a += 2;
      continue;
    }
    const length = instructionLength(first[0] | (first[1] << 8));
    const bytes = length > 2 ? read(a, length) : first;
    out.push({ address: a, length, bytes: bytes ?? undefined });
    a += length;
  }
  return out;
}

export function disassemble(ctx: AdapterContext, args: DebugProtocol.DisassembleArguments): DebugProtocol.DisassembleResponse['body'] {
  const state = ctx.stopped();
  const runtime = ctx.runtime;
  const base = parseAddress(args.memoryReference);
  if (base === undefined) throw new UserError(ErrorCode.UnknownReference, `'${args.memoryReference}' is not an address.`);
  const count = args.instructionCount;
  if (!Number.isInteger(count) || count < 0 || count > MAX_INSTRUCTIONS) {
    throw new UserError(ErrorCode.UnknownReference, `instructionCount must be a whole number from 0 to ${MAX_INSTRUCTIONS}.`);
  }
  const skip = args.instructionOffset ?? 0;
  const offset = args.offset ?? 0;
  if (!Number.isInteger(skip) || Math.abs(skip) > MAX_INSTRUCTIONS) throw new UserError(ErrorCode.UnknownReference, `instructionOffset must be a whole number from -${MAX_INSTRUCTIONS} to ${MAX_INSTRUCTIONS}.`);
  if (!Number.isInteger(offset)) throw new UserError(ErrorCode.UnknownReference, 'offset must be a whole number of bytes.');
  const read = (a: number, n: number): Uint8Array | undefined => readVirtual(state.view, a, n);
  const address = (base + offset) >>> 0;
  let list: Decoded[];
  if (skip < 0) {
    const want = -skip;
    const sync = boundaryBefore(runtime.symbols, Math.max(0, address - 4 * want - 16));
    const before = decodeFrom(read, sync, 4 * want + 64, address).filter((d) => d.address < address);
    let earlier = before.slice(-want);
    if (earlier.length < want) {
      const pad: Decoded[] = [];
      for (let i = want - earlier.length; i > 0; i--) pad.push({ address: (earlier[0]?.address ?? address) - 2 * i, length: 2, bytes: undefined });
      earlier = [...pad, ...earlier];
    }
    list = [...earlier, ...decodeFrom(read, address, Math.max(0, count - want))].slice(0, count);
  } else {
    const skipped = decodeFrom(read, address, skip);
    const from = skipped.length ? skipped[skipped.length - 1].address + skipped[skipped.length - 1].length : address;
    list = decodeFrom(read, from, count);
  }
  return { instructions: render(list, runtime.symbols, runtime.sources, args.resolveSymbols !== false) };
}

function render(list: readonly Decoded[], symbols: Symbols, sources: SourceMap, resolveSymbols: boolean): DebugProtocol.DisassembledInstruction[] {
  const gp = symbols.program.symbolNamed('__global_pointer$')?.value;
  const disassembler = new Disassembler({ symbols: resolveSymbols ? symbolLookup(symbols) : undefined, globalPointer: gp });
  let lastFile: string | undefined;
  return list.map((d): DebugProtocol.DisassembledInstruction => {
    if (!d.bytes) return { address: hex(d.address), instruction: '<unreadable memory>', presentationHint: 'invalid' };
    const line = disassembler.disassemble(d.bytes, d.address);
    let word = 0;
    for (let i = d.bytes.length - 1; i >= 0; i--) word = word * 256 + d.bytes[i];
    const out: DebugProtocol.DisassembledInstruction = {
      address: hex(d.address),
      instructionBytes: word.toString(16).padStart(d.bytes.length * 2, '0'),
      instruction: line.text,
    };
    const sym = symbols.program.symbolAt(d.address, ['function', 'notype']);
    if (sym && sym.offset === 0) out.symbol = sym.symbol.name;
    const at = symbols.sourceAt(d.address);
    if (at.file !== undefined && at.line !== undefined) {
      if (at.file !== lastFile) out.location = sources.source(at.file);
      lastFile = at.file;
      out.line = at.line;
      if (at.column) out.column = at.column;
    }
    return out;
  });
}
