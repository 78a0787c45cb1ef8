// Loads an ELF32 little-endian RISC-V executable (System V gABI, RISC-V ELF
// psABI) the way QEMU's -kernel does: each PT_LOAD segment's file bytes are
// copied to its physical address (p_paddr) and the rest up to p_memsz is
// zero-filled. Anything else gets an ElfError with a one-line message that
// says what is wrong; nothing is written to RAM unless the whole file is
// acceptable.

export const EM_RISCV = 243;
const ELFCLASS32 = 1;
const ELFCLASS64 = 2;
const ELFDATA2LSB = 1;
const ELFDATA2MSB = 2;
const ET_EXEC = 2;
const ET_DYN = 3;
const PT_LOAD = 1;
const ELF32_HEADER_SIZE = 52;
const ELF32_PHDR_SIZE = 32;

export type ElfErrorCode =
  | 'not-elf'
  | 'elf64'
  | 'big-endian'
  | 'wrong-machine'
  | 'not-executable'
  | 'truncated'
  | 'bad-segment'
  | 'no-loadable-segment'
  | 'segment-outside-ram'
  | 'entry-outside-ram';

/** A file Rewind cannot load, and why. The CLI prints the message and exits with code 2. */
export class ElfError extends Error {
  constructor(
    readonly code: ElfErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ElfError';
  }
}

export interface ElfSegment {
  /** Physical load address. */
  readonly paddr: number;
  /** Bytes from the file (p_filesz of them). */
  readonly data: Uint8Array;
  /** Size in memory; bytes past data.length are zero. */
  readonly memSize: number;
}

export interface ElfImage {
  readonly entry: number;
  readonly segments: readonly ElfSegment[];
}

/** Where the image must fit. */
export interface LoadWindow {
  readonly base: number;
  readonly size: number;
}

const hex = (n: number): string => '0x' + (n >>> 0).toString(16);

/** Parses and checks an executable against the RAM window; throws ElfError. */
export function parseElf(bytes: Uint8Array, ram: LoadWindow): ElfImage {
  if (bytes.length < 4 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    throw new ElfError('not-elf', 'not an ELF file (no \\x7fELF magic at the start)');
  }
  if (bytes.length < 16) throw new ElfError('truncated', `truncated ELF file: ${bytes.length} bytes, the identification alone takes 16`);
  const elfClass = bytes[4];
  if (elfClass === ELFCLASS64) {
    throw new ElfError('elf64', 'this is a 64-bit ELF (ELFCLASS64, RV64?); Rewind runs RV32 programs: build with -march=rv32imac -mabi=ilp32');
  }
  if (elfClass !== ELFCLASS32) throw new ElfError('not-elf', `unknown ELF class ${elfClass} (expected 1, ELFCLASS32)`);
  const data = bytes[5];
  if (data === ELFDATA2MSB) throw new ElfError('big-endian', 'this ELF is big-endian (ELFDATA2MSB); RISC-V programs are little-endian');
  if (data !== ELFDATA2LSB) throw new ElfError('not-elf', `unknown ELF data encoding ${data} (expected 1, little-endian)`);
  if (bytes.length < ELF32_HEADER_SIZE) {
    throw new ElfError('truncated', `truncated ELF file: ${bytes.length} bytes, the ELF header alone takes ${ELF32_HEADER_SIZE}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = view.getUint16(16, true);
  const machine = view.getUint16(18, true);
  if (machine !== EM_RISCV) {
    throw new ElfError('wrong-machine', `this ELF is for machine ${machine} (e_machine), not RISC-V (${EM_RISCV})`);
  }
  if (type !== ET_EXEC && type !== ET_DYN) {
    const what = type === 1 ? 'a relocatable object (ET_REL): link it into an executable first' : `of type ${type}`;
    throw new ElfError('not-executable', `this ELF is not an executable: it is ${what}`);
  }
  const entry = view.getUint32(24, true);
  const phoff = view.getUint32(28, true);
  const phentsize = view.getUint16(42, true);
  const phnum = view.getUint16(44, true);
  if (phnum > 0 && phentsize < ELF32_PHDR_SIZE) {
    throw new ElfError('bad-segment', `program header entries are ${phentsize} bytes; ELF32 needs ${ELF32_PHDR_SIZE}`);
  }
  if (phoff + phnum * phentsize > bytes.length) {
    throw new ElfError('truncated', `truncated ELF file: ${phnum} program headers at offset ${phoff} run past the end (${bytes.length} bytes)`);
  }

  const segments: ElfSegment[] = [];
  const ramEnd = ram.base + ram.size;
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (view.getUint32(at, true) !== PT_LOAD) continue;
    const offset = view.getUint32(at + 4, true);
    const paddr = view.getUint32(at + 12, true);
    const fileSize = view.getUint32(at + 16, true);
    const memSize = view.getUint32(at + 20, true);
    if (memSize === 0) continue;
    if (fileSize > memSize) {
      throw new ElfError('bad-segment', `segment ${i}: file size ${fileSize} is larger than its memory size ${memSize}`);
    }
    if (offset + fileSize > bytes.length) {
      throw new ElfError('truncated', `truncated ELF file: segment ${i} needs bytes ${offset}..${offset + fileSize} but the file has ${bytes.length}`);
    }
    if (paddr < ram.base || paddr + memSize > ramEnd) {
      throw new ElfError(
        'segment-outside-ram',
        `segment ${i} [${hex(paddr)}, ${hex(paddr + memSize)}) is outside RAM [${hex(ram.base)}, ${hex(ramEnd)}): link the program at ${hex(ram.base)} or give more RAM`,
      );
    }
    segments.push({ paddr, data: bytes.subarray(offset, offset + fileSize), memSize });
  }
  if (segments.length === 0) throw new ElfError('no-loadable-segment', 'this ELF has no loadable segment (no PT_LOAD with a non-zero size)');
  if (entry < ram.base || entry >= ramEnd) {
    throw new ElfError('entry-outside-ram', `entry point ${hex(entry)} is outside RAM [${hex(ram.base)}, ${hex(ramEnd)})`);
  }
  return { entry, segments };
}
