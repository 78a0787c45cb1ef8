// Builds small ELF32 RV32 images and DWARF sections byte by byte, for tests
// of forms and operations GCC does not emit (strx/addrx/rnglistx/loclistx,
// indirect, ...) and for bad-input tests.

export class Bytes {
  private readonly out: number[] = [];

  get length(): number {
    return this.out.length;
  }
  u8(v: number): this {
    this.out.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.u8(v).u8(v >> 8);
  }
  u32(v: number): this {
    return this.u16(v & 0xffff).u16(v >>> 16);
  }
  uleb(v: number): this {
    let x = v;
    do {
      let b = x % 128;
      x = Math.floor(x / 128);
      if (x) b |= 0x80;
      this.u8(b);
    } while (x);
    return this;
  }
  sleb(v: number): this {
    let x = v;
    for (;;) {
      const b = x & 0x7f;
      x >>= 7;
      if ((x === 0 && (b & 0x40) === 0) || (x === -1 && (b & 0x40) !== 0)) return this.u8(b);
      this.u8(b | 0x80);
    }
  }
  str(s: string): this {
    for (const c of Buffer.from(s, 'utf8')) this.u8(c);
    return this.u8(0);
  }
  bytes(b: ArrayLike<number>): this {
    for (let i = 0; i < b.length; i++) this.u8(b[i]);
    return this;
  }
  /** Patches a u32 at `pos`. */
  set32(pos: number, v: number): this {
    this.out[pos] = v & 0xff;
    this.out[pos + 1] = (v >> 8) & 0xff;
    this.out[pos + 2] = (v >> 16) & 0xff;
    this.out[pos + 3] = (v >>> 24) & 0xff;
    return this;
  }
  build(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}

/** A DWARF section with a 32-bit unit length patched in when `body` returns. */
export function withLength(b: Bytes, body: () => void): void {
  const at = b.length;
  b.u32(0);
  body();
  b.set32(at, b.length - at - 4);
}

export interface SectionSpec {
  name: string;
  data: Uint8Array;
  addr?: number;
  /** SHT_PROGBITS by default. */
  type?: number;
  flags?: number;
}

export interface SymbolSpec {
  name: string;
  value: number;
  size: number;
  /** STT_FUNC = 2, STT_OBJECT = 1. */
  type: number;
  section: string;
}

/** An ELF32 little-endian RISC-V executable with the given sections and symbols. */
export function buildElf(sections: SectionSpec[], symbols: SymbolSpec[] = [], entry = 0x80000000): Uint8Array {
  const all: SectionSpec[] = [...sections];
  const shstr = new Bytes().u8(0);
  const names = new Map<string, number>();
  const strtab = new Bytes().u8(0);
  const symtab = new Bytes();
  symtab.bytes(new Uint8Array(16));
  for (const s of symbols) {
    const nameOff = strtab.length;
    strtab.str(s.name);
    const shndx = all.findIndex((x) => x.name === s.section) + 1;
    symtab.u32(nameOff).u32(s.value).u32(s.size).u8((1 << 4) | s.type).u8(0).u16(shndx);
  }
  const symtabIndex = all.length + 1;
  all.push({ name: '.symtab', data: symtab.build(), type: 2 });
  all.push({ name: '.strtab', data: strtab.build(), type: 3 });
  all.push({ name: '.shstrtab', data: new Uint8Array(0), type: 3 });
  for (const s of all) {
    names.set(s.name, shstr.length);
    shstr.str(s.name);
  }
  all[all.length - 1] = { ...all[all.length - 1], data: shstr.build() };
  const out = new Bytes();
  out.bytes([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  const shoffPos = 32;
  out.u16(2).u16(243).u32(1).u32(entry).u32(0).u32(0).u32(0).u16(52).u16(32).u16(0).u16(40).u16(all.length + 1).u16(all.length);
  const offsets: number[] = [];
  for (const s of all) {
    while (out.length % 4) out.u8(0);
    offsets.push(out.length);
    out.bytes(s.data);
  }
  while (out.length % 4) out.u8(0);
  out.set32(shoffPos, out.length);
  out.bytes(new Uint8Array(40));
  all.forEach((s, i) => {
    const isSymtab = s.name === '.symtab';
    out.u32(names.get(s.name) ?? 0).u32(s.type ?? 1).u32(s.flags ?? 0).u32(s.addr ?? 0).u32(offsets[i]).u32(s.data.length)
      .u32(isSymtab ? symtabIndex + 1 : 0).u32(isSymtab ? 1 : 0).u32(isSymtab ? 1 : 0).u32(isSymtab ? 16 : 0);
  });
  return out.build();
}
