// Minimal ELF32 little-endian loader for the hart's peer tests: copies the
// PT_LOAD segments into RAM at their physical addresses. (The machine has
// its own loader; this keeps the CPU tests independent of it.)
import type { GuestRam } from '../../emulator/contracts';

export function loadElf(ram: GuestRam, image: Uint8Array): number {
  const dv = new DataView(image.buffer, image.byteOffset, image.byteLength);
  if (dv.getUint32(0, false) !== 0x7f454c46 || image[4] !== 1 || image[5] !== 1) throw new Error('not an ELF32 LE file');
  const entry = dv.getUint32(0x18, true);
  const phoff = dv.getUint32(0x1c, true), phentsize = dv.getUint16(0x2a, true), phnum = dv.getUint16(0x2c, true);
  for (let i = 0; i < phnum; i++) {
    const ph = phoff + i * phentsize;
    if (dv.getUint32(ph, true) !== 1) continue; // PT_LOAD
    const offset = dv.getUint32(ph + 4, true), paddr = dv.getUint32(ph + 12, true);
    const filesz = dv.getUint32(ph + 16, true), memsz = dv.getUint32(ph + 20, true);
    const at = paddr - ram.base;
    if (at < 0 || at + memsz > ram.size) throw new Error(`segment at 0x${paddr.toString(16)} is outside RAM`);
    ram.bytes.set(image.subarray(offset, offset + filesz), at);
    ram.bytes.fill(0, at + filesz, at + memsz);
  }
  return entry;
}
