// The virt board's mask ROM at 0x1000 (VIRT_MROM), filled as QEMU 7.2 fills
// it for -bios none (hw/riscv/boot.c: riscv_setup_rom_reset_vec and
// riscv_rom_copy_firmware_info; contents checked with gdb): a six-instruction
// reset vector that loads a0 = mhartid, a1 = the device tree address and
// jumps to the start of DRAM, then the start and device tree addresses, then
// an OpenSBI fw_dynamic_info record. Rewind starts the hart at the ELF entry
// directly (emulator/contracts.ts: HartControl.reset), so the vector does
// not run here; the ROM exists so a guest that reads it sees what it would
// see on QEMU. Read-only: writes are dropped, as QEMU drops writes to ROM.
import { AccessSize } from '../contracts';
import { MmioDevice } from './device';

/** fw_dynamic_info (OpenSBI include/sbi/fw_dynamic.h): "OSBI" magic, version 2. */
const FW_DYNAMIC_INFO_MAGIC = 0x4942534f;
const FW_DYNAMIC_INFO_VERSION = 2;
/** next_addr as QEMU 7.2 writes it for -bios none on RV32 (observed), and next_mode = S. */
const FW_DYNAMIC_NEXT_ADDR = 0x7ffff000;
const FW_DYNAMIC_NEXT_MODE_S = 1;

export class BootRom implements MmioDevice {
  private readonly words: Uint32Array;

  constructor(size: number, startAddress: number, deviceTreeAddress: number) {
    this.words = new Uint32Array(size / 4);
    this.words.set([
      0x00000297, // auipc t0, 0
      0x02828613, // addi  a2, t0, 40     (a2 = &fw_dynamic_info)
      0xf1402573, // csrr  a0, mhartid
      0x0202a583, // lw    a1, 32(t0)     (device tree address)
      0x0182a283, // lw    t0, 24(t0)     (start address)
      0x00028067, // jr    t0
      startAddress >>> 0,
      0,
      deviceTreeAddress >>> 0,
      0,
      FW_DYNAMIC_INFO_MAGIC,
      FW_DYNAMIC_INFO_VERSION,
      FW_DYNAMIC_NEXT_ADDR,
      FW_DYNAMIC_NEXT_MODE_S,
      0, // options
      0, // boot_hart
    ]);
  }

  read(offset: number, size: AccessSize): number {
    const word = this.words[offset >>> 2];
    const shifted = word >>> ((offset & 3) * 8);
    return size === 4 ? word : size === 2 ? shifted & 0xffff : shifted & 0xff;
  }

  write(): void {}
}
