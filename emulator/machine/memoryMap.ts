// The address map and interrupt wiring of QEMU's `virt` board for RV32 with
// `-bios none`, as QEMU 7.2 lays it out (hw/riscv/virt.c: virt_memmap[],
// include/hw/riscv/virt.h). Two sizes are given for some devices: the size
// of the node's `reg` in the device tree, and the size QEMU actually maps
// (accesses past the mapped size fault on QEMU, and so they do here).

/** Boot ROM holding QEMU's reset vector (VIRT_MROM). */
export const MROM_BASE = 0x0000_1000;
export const MROM_SIZE = 0xf000;

/** SiFive test finisher (VIRT_TEST, hw/misc/sifive_test.c maps 0x1000). */
export const TEST_BASE = 0x0010_0000;
export const TEST_SIZE = 0x1000;

/** Goldfish RTC (VIRT_RTC): 0x1000 in the device tree, 0x24 bytes of registers mapped (hw/rtc/goldfish_rtc.c). */
export const RTC_BASE = 0x0010_1000;
export const RTC_DT_SIZE = 0x1000;
export const RTC_MAPPED_SIZE = 0x24;

/**
 * CLINT (VIRT_CLINT): 0x10000 in the device tree; QEMU maps an ACLINT SWI
 * block of 0x4000 at +0 and an MTIMER block of 0x8000 at +0x4000
 * (hw/intc/riscv_aclint.c: RISCV_ACLINT_SWI_SIZE, RISCV_ACLINT_DEFAULT_MTIMER_SIZE).
 */
export const CLINT_BASE = 0x0200_0000;
export const CLINT_DT_SIZE = 0x10000;
export const CLINT_SWI_SIZE = 0x4000;
export const CLINT_MTIMER_OFFSET = 0x4000;
export const CLINT_MTIMER_SIZE = 0x8000;
/** mtimecmp and mtime inside the MTIMER block (RISCV_ACLINT_DEFAULT_MTIMECMP / _MTIME). */
export const MTIMER_MTIMECMP = 0x0000;
export const MTIMER_MTIME = 0x7ff8;
/** RISCV_ACLINT_DEFAULT_TIMEBASE_FREQ: mtime ticks at 10 MHz, one tick per 100 ns. */
export const TIMEBASE_FREQUENCY = 10_000_000;
export const NS_PER_MTIME_TICK = 1_000_000_000 / TIMEBASE_FREQUENCY;

/**
 * PLIC (VIRT_PLIC): VIRT_PLIC_SIZE(VIRT_CPUS_MAX * 2) = 0x200000 + 1024 *
 * 0x1000 = 0x600000, both in the device tree and as mapped by QEMU 7.2.
 * Register layout from include/hw/riscv/virt.h (VIRT_PLIC_*).
 */
export const PLIC_BASE = 0x0c00_0000;
export const PLIC_SIZE = 0x60_0000;
export const PLIC_PRIORITY_BASE = 0x0;
export const PLIC_PENDING_BASE = 0x1000;
export const PLIC_ENABLE_BASE = 0x2000;
export const PLIC_ENABLE_STRIDE = 0x80;
export const PLIC_CONTEXT_BASE = 0x20_0000;
export const PLIC_CONTEXT_STRIDE = 0x1000;
/** VIRT_IRQCHIP_NUM_SOURCES in QEMU 7.2: sources 0..95, source 0 meaning "none". */
export const PLIC_NUM_SOURCES = 96;
/** VIRT_IRQCHIP_NUM_PRIO_BITS = 3: priorities 0..7. */
export const PLIC_NUM_PRIORITIES = 7;
/** Hart 0's contexts as QEMU's "MS" hart config numbers them: 0 = M mode, 1 = S mode. */
export const PLIC_CONTEXT_M = 0;
export const PLIC_CONTEXT_S = 1;

/** NS16550A UART0 (VIRT_UART0): 0x100 in the device tree, 8 registers mapped (regshift 0). */
export const UART0_BASE = 0x1000_0000;
export const UART0_DT_SIZE = 0x100;
export const UART0_MAPPED_SIZE = 8;
/** The UART's reference clock: 3.6864 MHz in the device tree, baudbase 399193 in the model (virt.c). */
export const UART0_CLOCK_FREQUENCY = 3_686_400;
export const UART0_BAUDBASE = 399_193;

/** DRAM (VIRT_DRAM). */
export const DRAM_BASE = 0x8000_0000;
export const DEFAULT_RAM_MIB = 128;

/** PLIC interrupt source numbers (include/hw/riscv/virt.h). */
export const UART0_IRQ = 10;
export const RTC_IRQ = 11;

const MIB = 1024 * 1024;

/**
 * Where QEMU copies the device tree (hw/riscv/boot.c: riscv_load_fdt): the
 * highest 2 MiB-aligned address that leaves room for the blob below the end
 * of RAM or 3 GiB, whichever is lower. Checked with gdb against
 * qemu-system-riscv32 7.2: a1 = 0x87e00000 with 128 MiB, 0x83e00000 with
 * 64 MiB, 0xbfe00000 with 1536 MiB.
 */
export function deviceTreeAddress(ramBase: number, ramSize: number, blobSize: number): number {
  const top = Math.min(ramBase + ramSize, 3072 * MIB);
  return Math.floor((top - blobSize) / (2 * MIB)) * (2 * MIB);
}
