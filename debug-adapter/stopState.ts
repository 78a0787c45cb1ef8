// What is known at the cursor while the guest is stopped: the machine view
// and, lazily, the unwound stack with its variables (symbols layer). Guest
// memory is read through virtual addresses, as the program sees it, and
// translated page by page with the hart's current satp and privilege.
import { MachineView } from '../emulator/timetravel/api';
import { MemoryReader, StopContext, Symbols } from './symbols/index';

const PAGE = 4096;

/** Reads `length` bytes at virtual `address`; undefined when any byte is unmapped or not memory. */
export function readVirtual(view: MachineView, address: number, length: number): Uint8Array | undefined {
  const out = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const va = (address + done) >>> 0;
    const chunk = Math.min(length - done, PAGE - (va % PAGE));
    const pa = view.translate(va, 'read');
    if (pa === undefined) return undefined;
    try {
      out.set(view.readMemory(pa, chunk), done);
    } catch {
      return undefined;
    }
    done += chunk;
  }
  return out;
}

/** Like readVirtual, but reports how many bytes from the start are readable (for DAP readMemory). */
export function readVirtualPrefix(view: MachineView, address: number, length: number): Uint8Array {
  const out: Uint8Array[] = [];
  let done = 0;
  while (done < length) {
    const va = (address + done) >>> 0;
    const chunk = Math.min(length - done, PAGE - (va % PAGE));
    const bytes = readVirtual(view, va, chunk);
    if (!bytes) break;
    out.push(bytes);
    done += chunk;
  }
  return Buffer.concat(out);
}

export class StopState {
  private context: StopContext | undefined;
  readonly memory: MemoryReader;

  constructor(
    readonly view: MachineView,
    private readonly symbols: Symbols,
    /** Bumped at every resume: handles from an older stop are stale. */
    readonly generation: number,
  ) {
    this.memory = { read: (address, size) => readVirtual(view, address, size) };
  }

  /** The unwound stack and variables at the cursor (computed on first use). */
  get stack(): StopContext {
    this.context ??= this.symbols.stop(this.view.pc, Array.from(this.view.regs), this.memory);
    return this.context;
  }
}
