// Builds small ELF32 files byte by byte for loader tests, so each bad input
// differs from a good one in exactly the field under test.

export interface SegmentSpec {
  readonly type?: number;
  readonly paddr: number;
  readonly data: Uint8Array;
  readonly memSize?: number;
}

export interface ElfSpec {
  readonly elfClass?: number;
  readonly dataEncoding?: number;
  readonly machine?: number;
  readonly type?: number;
  readonly entry?: number;
  readonly segments: readonly SegmentSpec[];
}

export function buildElf(spec: ElfSpec): Uint8Array {
  const headerSize = 52;
  const phSize = 32;
  const phoff = headerSize;
  let dataOffset = phoff + phSize * spec.segments.length;
  const offsets = spec.segments.map((s) => {
    const at = dataOffset;
    dataOffset += s.data.length;
    return at;
  });
  const out = new Uint8Array(dataOffset);
  const view = new DataView(out.buffer);
  out.set([0x7f, 0x45, 0x4c, 0x46, spec.elfClass ?? 1, spec.dataEncoding ?? 1, 1, 0]);
  view.setUint16(16, spec.type ?? 2, true);
  view.setUint16(18, spec.machine ?? 243, true);
  view.setUint32(20, 1, true);
  view.setUint32(24, spec.entry ?? spec.segments[0]?.paddr ?? 0, true);
  view.setUint32(28, phoff, true);
  view.setUint16(40, headerSize, true);
  view.setUint16(42, phSize, true);
  view.setUint16(44, spec.segments.length, true);
  spec.segments.forEach((s, i) => {
    const at = phoff + i * phSize;
    view.setUint32(at, s.type ?? 1, true);
    view.setUint32(at + 4, offsets[i], true);
    view.setUint32(at + 8, s.paddr, true);
    view.setUint32(at + 12, s.paddr, true);
    view.setUint32(at + 16, s.data.length, true);
    view.setUint32(at + 20, s.memSize ?? s.data.length, true);
    view.setUint32(at + 24, 5, true);
    out.set(s.data, offsets[i]);
  });
  return out;
}
