// The one public surface of emulator/ (ARCHITECTURE.md: layers). Everything
// above the emulator reaches the guest only through what is exported here.
export type { AccessSize, HartControl, HartStop, SavedState, WatchKind, Watchpoint } from './contracts';
export { PAGE_SIZE, PAGE_SHIFT } from './contracts';

export { Machine } from './machine/machine';
export { Hart } from './cpu/index';
export type { BootInfo, MachineConfig, MachineState } from './machine/machine';
export type { MachineStop, RunOptions } from './machine/stops';
export { GuestMemoryError, MachineError } from './machine/errors';
export { canonicalJson } from './machine/canonical';
export type { HostInputs } from './devices/hostInputs';
export { StateError } from './devices/device';

export { ElfError, parseElf } from './loader/elf';
export type { ElfErrorCode, ElfImage, ElfSegment } from './loader/elf';

export { MAX_ICOUNT_SHIFT } from './clock/virtualClock';
export {
  DEFAULT_RAM_MIB,
  DRAM_BASE,
  TIMEBASE_FREQUENCY,
  NS_PER_MTIME_TICK,
  UART0_BASE,
  UART0_IRQ,
  RTC_IRQ,
  CLINT_BASE,
  PLIC_BASE,
  RTC_BASE,
  TEST_BASE,
} from './machine/memoryMap';

export {
  disassemble,
  Disassembler,
  formatTraceLine,
  ABI_REGISTER_NAMES,
  instructionLength,
  csrName,
  knownCsrName,
  DEFAULT_PRIV_SPEC,
  readRiscvAttributes,
  extensionsFromArch,
  createSymbolLookup,
} from './disasm/index';
export type {
  Disassembly,
  DisassembleOptions,
  SymbolLookup,
  SymbolRef,
  TraceRecord,
  PrivSpec,
  RiscvAttributes,
  Extensions,
  ElfSymbol,
} from './disasm/index';

export * from './timetravel/index';
export { dumpLog, readLog, LogError } from './replay/index';
export type { ByteSink, LogHeader } from './replay/index';
export { MemorySink } from './replay/index';
