// Fixed-seed instruction-word generators for the disassembler tests: a
// small PRNG, a 32-bit stream biased towards where objdump picks aliases,
// and first parcels of the longer (48/64/80-bit) encodings.
import { knownCsrName } from '../../emulator/disasm';

/** mulberry32: a small fixed-seed generator, so every run checks the same words. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}


/** [match, mask] of every RV32IMAC + Zicsr + Zifencei + privileged encoding: the bits outside mask are free. */
const TEMPLATES: ReadonlyArray<readonly [number, number]> = [
  [0x37, 0x7f], [0x17, 0x7f], [0x6f, 0x7f], [0x67, 0x707f],
  ...[0, 1, 4, 5, 6, 7].map((f3) => [0x63 | (f3 << 12), 0x707f] as const),
  ...[0, 1, 2, 4, 5].map((f3) => [0x03 | (f3 << 12), 0x707f] as const),
  ...[0, 1, 2].map((f3) => [0x23 | (f3 << 12), 0x707f] as const),
  ...[0, 2, 3, 4, 6, 7].map((f3) => [0x13 | (f3 << 12), 0x707f] as const),
  [0x1013, 0xfc00707f], [0x5013, 0xfc00707f], [0x40005013, 0xfc00707f],
  ...[0, 1, 2, 3, 4, 5, 6, 7].map((f3) => [0x33 | (f3 << 12), 0xfe00707f] as const),
  [0x40000033, 0xfe00707f], [0x40005033, 0xfe00707f],
  ...[0, 1, 2, 3, 4, 5, 6, 7].map((f3) => [0x02000033 | (f3 << 12), 0xfe00707f] as const),
  [0x0000000f, 0xf00fffff], [0x0ff0000f, 0xffffffff], [0x8330000f, 0xffffffff], [0x0000100f, 0xffffffff],
  ...[1, 2, 3, 5, 6, 7].map((f3) => [0x73 | (f3 << 12), 0x707f] as const),
  ...[0x00000073, 0x00100073, 0x00200073, 0x10200073, 0x20200073, 0x30200073, 0x7b200073, 0x10500073, 0xc0001073]
    .map((w) => [w, 0xffffffff] as const),
  [0x12000073, 0xfe007fff], [0x10400073, 0xfff07fff], [0x00000013, 0xffffffff], [0x00008067, 0xffffffff],
  ...[0xc00, 0xc01, 0xc02, 0xc80, 0xc81, 0xc82].map((csr) => [0x2073 | (csr << 20), 0xfff0707f] as const),
  ...[0x00, 0x01, 0x02, 0x03, 0x04, 0x08, 0x0c, 0x10, 0x14, 0x18, 0x1c].map((f5) => [0x202f | (f5 << 27), 0xf800707f] as const),
];
const KNOWN_CSRS = Array.from({ length: 4096 }, (_, i) => i).filter((i) => knownCsrName(i) !== undefined);
const SPECIAL_IMMEDIATES = [0, 1, -1, 255, 0x7ff, -0x800, 2, 4, -4, 16];

/**
 * `count` words: mostly valid encodings with random free fields (registers
 * often zero/ra/sp/gp/tp, immediates often special), some with one bit
 * flipped (near misses objdump rejects), some fully random, and lui/auipc
 * pairs whose next instruction uses the same register.
 */
export function generateWords(seed: number, count: number): number[] {
  const next = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[next() % list.length];
  const regField = (): number => (next() % 3 === 0 ? pick([0, 0, 1, 2, 3, 4]) : next() % 32);
  const words: number[] = [];
  while (words.length < count) {
    const r = next() % 16;
    let w: number;
    if (r === 0) {
      w = (next() | 0x3) >>> 0;
      if ((w & 0x1c) === 0x1c) w &= ~0x10; // keep it a 32-bit encoding
    } else {
      const [match, mask] = pick(TEMPLATES);
      w = match | (next() & ~mask);
      const setField = (value: number, shift: number, width: number): void => {
        const field = (((1 << width) - 1) << shift) >>> 0;
        if ((mask & field) === 0) w = (w & ~field) | ((value << shift) & field);
      };
      if (next() % 2 === 0) setField(regField(), 7, 5);
      if (next() % 2 === 0) setField(regField(), 15, 5);
      if (next() % 2 === 0) setField(regField(), 20, 5);
      if (next() % 4 === 0) setField(pick(SPECIAL_IMMEDIATES), 20, 12);
      if ((match & 0x7f) === 0x73 && next() % 2 === 0) setField(pick(KNOWN_CSRS), 20, 12);
      if (r === 1) w ^= 1 << (2 + (next() % 30));
    }
    words.push(w >>> 0);
    if (next() % 8 === 0) {
      // A lui/auipc followed by a use of the same register: objdump's "# address" comment.
      const d = regField();
      words.push(((next() & 0xfffff000) | (d << 7) | pick([0x37, 0x17])) >>> 0);
      const use = pick([0x13, 0x03 | (2 << 12), 0x23 | (2 << 12), 0x67]);
      words.push(((next() & 0xfff00000) | (d << 15) | ((next() % 32) << 7) | use) >>> 0);
    }
  }
  return words;
}

/** A first parcel announcing a 48-bit (0), 64-bit (1), 80-bit+ (2) or reserved long (3) encoding. */
export function pick16(next: () => number, kind: number): number {
  const high = next() & 0xff80;
  switch (kind) {
    case 0: return ((next() & 0xffc0) | 0x1f) & 0xffff;
    case 1: return high | 0x3f;
    case 2: return ((high & ~0x7000) | ((next() % 7) << 12) | 0x7f) & 0xffff;
    default: return high | 0x7000 | 0x7f;
  }
}
