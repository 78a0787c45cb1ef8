// The physical address space of the virt board as the hart sees it
// (emulator/contracts.ts: PhysicalBus): RAM, plus MMIO register blocks
// dispatched by address range. Access rules follow QEMU's memory core
// (softmmu/memory.c, accel/tcg/cputlb.c): an access that hits no region, or
// whose width the region does not accept, fails (the hart raises an access
// fault); a misaligned MMIO load is done as two aligned loads of the same
// width and combined, a misaligned MMIO store as single-byte stores.
import { AccessSize, PhysicalBus } from '../contracts';
import { MmioDevice } from '../devices/device';
import { FlatGuestRam } from './guestRam';

export interface MmioRegion {
  readonly name: string;
  readonly base: number;
  readonly size: number;
  /** Narrowest and widest access the block accepts (QEMU MemoryRegionOps.valid). */
  readonly minAccess: AccessSize;
  readonly maxAccess: AccessSize;
  readonly device: MmioDevice;
}

const WIDTH_MASK = [0, 0xff, 0xffff, 0, 0xffffffff];

export class SystemBus implements PhysicalBus {
  fault = false;
  attention = false;
  private readonly regions: MmioRegion[] = [];

  constructor(readonly ram: FlatGuestRam) {}

  /** Maps a register block; blocks may not overlap each other or RAM. */
  map(region: MmioRegion): void {
    const end = region.base + region.size;
    for (const r of this.regions) {
      if (region.base < r.base + r.size && r.base < end) throw new Error(`MMIO regions ${region.name} and ${r.name} overlap`);
    }
    if (region.base < this.ram.base + this.ram.size && this.ram.base < end) throw new Error(`MMIO region ${region.name} overlaps RAM`);
    this.regions.push(region);
    this.regions.sort((a, b) => a.base - b.base);
  }

  /** The MMIO region holding paddr, if any. */
  regionAt(paddr: number): MmioRegion | undefined {
    paddr >>>= 0;
    for (const r of this.regions) {
      if (paddr >= r.base && paddr - r.base < r.size) return r;
    }
    return undefined;
  }

  /** Reads `size` bytes at paddr, zero-extended. Sets `fault` when nothing answers. */
  read(paddr: number, size: AccessSize): number {
    paddr >>>= 0;
    const ramOffset = paddr - this.ram.base;
    if (ramOffset >= 0 && ramOffset + size <= this.ram.size) {
      const b = this.ram.bytes;
      if (size === 1) return b[ramOffset];
      if (size === 2) return b[ramOffset] | (b[ramOffset + 1] << 8);
      return (b[ramOffset] | (b[ramOffset + 1] << 8) | (b[ramOffset + 2] << 16) | (b[ramOffset + 3] << 24)) >>> 0;
    }
    if ((paddr & (size - 1)) !== 0) return this.readMisaligned(paddr, size);
    const region = this.accept(paddr, size);
    if (region === undefined) return 0;
    return (region.device.read(paddr - region.base, size) & WIDTH_MASK[size]) >>> 0;
  }

  /** Writes the low `size` bytes of value at paddr. Sets `fault` when nothing answers. */
  write(paddr: number, size: AccessSize, value: number): void {
    paddr >>>= 0;
    const ramOffset = paddr - this.ram.base;
    if (ramOffset >= 0 && ramOffset + size <= this.ram.size) {
      const b = this.ram.bytes;
      b[ramOffset] = value;
      if (size >= 2) b[ramOffset + 1] = value >>> 8;
      if (size === 4) {
        b[ramOffset + 2] = value >>> 16;
        b[ramOffset + 3] = value >>> 24;
      }
      this.ram.dirtyPages[ramOffset >>> 12] = 1;
      this.ram.dirtyPages[(ramOffset + size - 1) >>> 12] = 1;
      return;
    }
    if ((paddr & (size - 1)) !== 0) {
      for (let i = 0; i < size; i++) this.write(paddr + i, 1, value >>> (8 * i));
      return;
    }
    const region = this.accept(paddr, size);
    if (region === undefined) return;
    region.device.write(paddr - region.base, size, (value & WIDTH_MASK[size]) >>> 0);
  }

  private readMisaligned(paddr: number, size: AccessSize): number {
    const low = (paddr & ~(size - 1)) >>> 0;
    const shift = (paddr - low) * 8;
    const first = this.read(low, size);
    const second = this.read(low + size, size);
    const combined = (BigInt(second) << BigInt(size * 8)) | BigInt(first);
    return Number((combined >> BigInt(shift)) & BigInt(WIDTH_MASK[size]));
  }

  private accept(paddr: number, size: AccessSize): MmioRegion | undefined {
    const region = this.regionAt(paddr);
    if (
      region === undefined ||
      paddr + size > region.base + region.size ||
      size < region.minAccess ||
      size > region.maxAccess
    ) {
      this.fault = true;
      return undefined;
    }
    return region;
  }
}
