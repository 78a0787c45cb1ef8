// The assembly every hand-written QEMU differential program (qemu.test.ts)
// starts with: _start (trap vector, stack, jump to main), UART output at
// 0x1000_0000 (putc, puthex, newline), the M and S trap handlers that print
// each trap's cause, tval and epc and skip the instruction, `finish` through
// the test finisher at 0x0010_0000, and the ENTER/BACK macros that drop to
// S or U mode and come back to M. Nothing printed depends on timing or on
// where QEMU's reset code leaves the counters.

/** The runtime; a program appends `main:` and its data, which must define stack_top. */
export const GUEST_RUNTIME = String.raw`
.equ UART, 0x10000000
.equ FINISHER, 0x100000
.equ BACK_TO_M, 0x100
.section .text.start, "ax"
.globl _start
_start:
  li t6, UART
  la t0, mhandler
  csrw mtvec, t0
  la sp, stack_top
  j main

# Writes t5 to the UART once its transmit holding register is empty (LSR.THRE).
# Clobbers t3.
putc:
  lbu t3, 5(t6)
  andi t3, t3, 0x20
  beqz t3, putc
  sb t5, 0(t6)
  ret

# Prints a0 as 8 hex digits and a space. Clobbers t2, t3, t4, t5, a0.
puthex:
  mv t2, ra
  li t4, 8
1: srli t5, a0, 28
  addi t5, t5, 48
  li t3, 58
  blt t5, t3, 2f
  addi t5, t5, 39
2: jal putc
  slli a0, a0, 4
  addi t4, t4, -1
  bnez t4, 1b
  li t5, 32
  jal putc
  mv ra, t2
  ret

newline:
  mv t2, ra
  li t5, 10
  jal putc
  mv ra, t2
  ret

# Machine trap handler: ecall with a7 = BACK_TO_M resumes M mode at a6.
# Interrupts: clear SSIP and return. Fetch faults: return to ra.
# Anything else: print "T cause tval epc" and skip the instruction.
.align 2
mhandler:
  csrw mscratch, ra
  mv s11, a0
  csrr t0, mcause
  bltz t0, 5f
  li t1, 8
  blt t0, t1, 4f
  li t1, 11
  bgt t0, t1, 4f
  li t1, 10
  beq t0, t1, 4f
  li t1, BACK_TO_M
  bne a7, t1, 4f
  li t1, 0x1800
  csrs mstatus, t1
  csrw mepc, a6
  li a7, 0
  j 6f
4: li t5, 84
  jal putc
  csrr a0, mcause
  jal puthex
  csrr a0, mtval
  jal puthex
  csrr a0, mepc
  jal puthex
  jal newline
  csrr t0, mcause
  li t1, 1
  beq t0, t1, 7f
  li t1, 12
  beq t0, t1, 7f
  csrr t0, mepc
  lhu t1, 0(t0)
  andi t1, t1, 3
  li t2, 3
  addi t0, t0, 2
  bne t1, t2, 3f
  addi t0, t0, 2
3: csrw mepc, t0
  j 6f
7: csrr t0, mscratch
  csrw mepc, t0
  j 6f
5: csrci mip, 2
  li t5, 73
  jal putc
  csrr a0, mcause
  jal puthex
  csrr a0, mepc
  jal puthex
  jal newline
6: mv a0, s11
  csrr ra, mscratch
  mret

# Supervisor trap handler (for delegated traps): prints "S cause tval epc" and
# skips the instruction; an ecall with a7 = BACK_TO_M is passed on to M.
.align 2
shandler:
  csrw sscratch, ra
  mv s10, a0
  li t1, BACK_TO_M
  bne a7, t1, 1f
  ecall
1: li t5, 83
  jal putc
  csrr a0, scause
  jal puthex
  csrr a0, stval
  jal puthex
  csrr a0, sepc
  jal puthex
  jal newline
  csrr t0, sepc
  lhu t1, 0(t0)
  andi t1, t1, 3
  li t2, 3
  addi t0, t0, 2
  bne t1, t2, 3f
  addi t0, t0, 2
3: csrw sepc, t0
  mv a0, s10
  csrr ra, sscratch
  sret

finish:
  jal newline
  li t0, FINISHER
  li t1, 0x5555
  sw t1, 0(t0)
1: j 1b

# Drops to mode \mode at the next instruction; "BACK" returns to M.
.macro ENTER mode
  li t0, 0x1800
  csrc mstatus, t0
  li t0, (\mode << 11)
  csrs mstatus, t0
  la t0, 9f
  csrw mepc, t0
  mret
9:
.endm
.macro BACK
  la a6, 9f
  li a7, BACK_TO_M
  ecall
9:
.endm
`;
