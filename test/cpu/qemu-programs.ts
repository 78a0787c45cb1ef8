// Guest programs for the differential tests against QEMU (qemu.test.ts).
// Each prints what it observes (results, and for every trap its cause, tval
// and epc) to the UART at 0x1000_0000 and ends through the finisher at
// 0x0010_0000, so the same ELF runs on `qemu-system-riscv32 -M virt -bios
// none` and on the hart. Nothing printed depends on timing or on where
// QEMU's reset code leaves the counters.
//
// The programs, one file each: qemu-isa-program.ts (unprivileged
// instructions and M-mode exceptions), qemu-privileged-program.ts (S/U mode,
// delegation, Sv32, PMP), both over qemu-guest-runtime.ts (startup, UART
// printing, trap handlers), and qemu-c-program.ts (compiled C).

export { cProgram } from './qemu-c-program';
export { isaProgram } from './qemu-isa-program';
export { privilegedProgram } from './qemu-privileged-program';
