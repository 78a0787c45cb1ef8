// ReadMemory and writeMemory (DAP): guest memory at virtual addresses, as
// the program sees it. Reads stop at the first unmapped or non-memory byte
// (device registers are never read: reading them has effects) and report
// the rest as unreadable; writes go through the one write path, allowed
// only at the live edge of a recording.
import { DebugProtocol } from '@vscode/debugprotocol';
import { hex, parseAddress } from './breakpoints';
import { AdapterContext } from './context';
import { ErrorCode, UserError } from './errors';
import { readVirtualPrefix } from './stopState';

/** Largest read or write of one request. */
export const MAX_MEMORY_REQUEST = 1 << 20;

function address(memoryReference: string, offset: number | undefined): number {
  const base = parseAddress(memoryReference);
  if (base === undefined) throw new UserError(ErrorCode.UnknownReference, `'${memoryReference}' is not an address.`);
  if (offset !== undefined && !Number.isInteger(offset)) throw new UserError(ErrorCode.UnknownReference, 'offset must be a whole number.');
  return (base + (offset ?? 0)) >>> 0;
}

export function readMemory(ctx: AdapterContext, args: DebugProtocol.ReadMemoryArguments): DebugProtocol.ReadMemoryResponse['body'] {
  const state = ctx.stopped();
  const start = address(args.memoryReference, args.offset);
  if (!Number.isInteger(args.count) || args.count < 0 || args.count > MAX_MEMORY_REQUEST) {
    throw new UserError(ErrorCode.UnknownReference, `count must be a whole number from 0 to ${MAX_MEMORY_REQUEST}.`);
  }
  const count = Math.min(args.count, 2 ** 32 - start);
  const bytes = readVirtualPrefix(state.view, start, count);
  return { address: hex(start), data: Buffer.from(bytes).toString('base64'), unreadableBytes: count - bytes.length };
}

export function writeMemory(ctx: AdapterContext, args: DebugProtocol.WriteMemoryArguments): DebugProtocol.WriteMemoryResponse['body'] {
  ctx.stopped();
  const start = address(args.memoryReference, args.offset);
  const bytes = Buffer.from(args.data ?? '', 'base64');
  if (bytes.length > MAX_MEMORY_REQUEST) throw new UserError(ErrorCode.UnknownReference, `At most ${MAX_MEMORY_REQUEST} bytes can be written at once.`);
  ctx.runtime.writeMemory(start, bytes);
  return { offset: 0, bytesWritten: bytes.length };
}
