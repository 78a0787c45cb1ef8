// ELF32 little-endian reader (System V gABI, "ELF-32 Object File Format"):
// header, section headers, program headers and the symbol table. RV32 guests
// only; a 64-bit or big-endian file is refused with a clear message.
import { ByteReader, SymbolsError, stringAt } from './reader';

export const EM_RISCV = 243;

export interface ElfSection {
  name: string;
  type: number;
  flags: number;
  addr: number;
  offset: number;
  size: number;
  link: number;
  info: number;
  entsize: number;
}

export interface ElfSegment {
  type: number;
  offset: number;
  vaddr: number;
  paddr: number;
  filesz: number;
  memsz: number;
  flags: number;
}

export type ElfSymbolKind = 'function' | 'object' | 'section' | 'file' | 'notype' | 'other';

export interface ElfSymbol {
  name: string;
  value: number;
  size: number;
  kind: ElfSymbolKind;
  binding: 'local' | 'global' | 'weak' | 'other';
  sectionIndex: number;
}

export interface ElfFile {
  machine: number;
  entry: number;
  flags: number;
  sections: ElfSection[];
  segments: ElfSegment[];
  symbols: ElfSymbol[];
  /** Contents of a section by name (empty for NOBITS), or undefined if absent. */
  section(name: string): Uint8Array | undefined;
}

export const SHT_SYMTAB = 2;
export const SHT_NOBITS = 8;
export const SHF_ALLOC = 2;
export const SHF_EXECINSTR = 4;
export const PT_LOAD = 1;

function symbolKind(type: number): ElfSymbolKind {
  switch (type) {
    case 0: return 'notype';
    case 1: return 'object';
    case 2: return 'function';
    case 3: return 'section';
    case 4: return 'file';
    default: return 'other';
  }
}

function binding(b: number): ElfSymbol['binding'] {
  return b === 0 ? 'local' : b === 1 ? 'global' : b === 2 ? 'weak' : 'other';
}

export function parseElf(bytes: Uint8Array, warn: (msg: string) => void = () => undefined): ElfFile {
  if (bytes.length < 52 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    throw new SymbolsError('not an ELF file (bad magic)');
  }
  if (bytes[4] !== 1) throw new SymbolsError('not a 32-bit ELF file (RV32 guests only)');
  if (bytes[5] !== 1) throw new SymbolsError('not a little-endian ELF file');
  const r = new ByteReader(bytes);
  r.seek(16);
  r.u16(); // e_type
  const machine = r.u16();
  r.u32(); // e_version
  const entry = r.u32();
  const phoff = r.u32();
  const shoff = r.u32();
  const flags = r.u32();
  r.u16(); // e_ehsize
  const phentsize = r.u16();
  const phnum = r.u16();
  const shentsize = r.u16();
  const shnum = r.u16();
  const shstrndx = r.u16();

  const segments: ElfSegment[] = [];
  if (phnum > 0 && phentsize >= 32) {
    for (let i = 0; i < phnum; i++) {
      try {
        r.seek(phoff + i * phentsize);
        segments.push({ type: r.u32(), offset: r.u32(), vaddr: r.u32(), paddr: r.u32(), filesz: r.u32(), memsz: r.u32(), flags: r.u32() });
      } catch (e) {
        warn(`program header ${i}: ${(e as Error).message}`);
        break;
      }
    }
  }

  const raw: Omit<ElfSection, 'name'>[] = [];
  const nameOffsets: number[] = [];
  if (shnum > 0 && shentsize >= 40) {
    for (let i = 0; i < shnum; i++) {
      try {
        r.seek(shoff + i * shentsize);
        nameOffsets.push(r.u32());
        raw.push({ type: r.u32(), flags: r.u32(), addr: r.u32(), offset: r.u32(), size: r.u32(), link: r.u32(), info: r.u32(), entsize: (r.u32(), r.u32()) });
      } catch (e) {
        warn(`section header ${i}: ${(e as Error).message}`);
        break;
      }
    }
  }
  const content = (s: Omit<ElfSection, 'name'>): Uint8Array => {
    if (s.type === SHT_NOBITS) return new Uint8Array(0);
    if (s.offset > bytes.length || s.offset + s.size > bytes.length) {
      throw new SymbolsError(`section at 0x${s.offset.toString(16)} (size 0x${s.size.toString(16)}) runs past the end of the file`);
    }
    return bytes.subarray(s.offset, s.offset + s.size);
  };
  let shstr: Uint8Array = new Uint8Array(0);
  if (shstrndx < raw.length) {
    try {
      shstr = content(raw[shstrndx]);
    } catch (e) {
      warn(`section names: ${(e as Error).message}`);
    }
  }
  const sections: ElfSection[] = raw.map((s, i) => {
    let name = '';
    try {
      name = stringAt(shstr, nameOffsets[i]);
    } catch {
      name = '';
    }
    return { name, ...s };
  });
  const byName = new Map<string, Uint8Array>();
  for (const s of sections) {
    if (!s.name || byName.has(s.name)) continue;
    try {
      byName.set(s.name, content(s));
    } catch (e) {
      warn(`section ${s.name}: ${(e as Error).message}`);
    }
  }

  const symbols: ElfSymbol[] = [];
  const symtab = sections.find((s) => s.type === SHT_SYMTAB);
  if (symtab) {
    try {
      const data = content(symtab);
      const strtab = symtab.link < sections.length ? content(sections[symtab.link]) : new Uint8Array(0);
      const sr = new ByteReader(data);
      const count = Math.floor(data.length / 16);
      for (let i = 1; i < count; i++) {
        sr.seek(i * 16);
        const nameOff = sr.u32();
        const value = sr.u32();
        const size = sr.u32();
        const info = sr.u8();
        sr.u8();
        const shndx = sr.u16();
        let name = '';
        try {
          name = stringAt(strtab, nameOff);
        } catch {
          continue;
        }
        symbols.push({ name, value, size, kind: symbolKind(info & 15), binding: binding(info >> 4), sectionIndex: shndx });
      }
    } catch (e) {
      warn(`symbol table: ${(e as Error).message}`);
    }
  }

  return {
    machine,
    entry,
    flags,
    sections,
    segments,
    symbols,
    section: (name) => byName.get(name),
  };
}
