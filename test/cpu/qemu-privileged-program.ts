// The privileged differential program against QEMU (qemu.test.ts): S and U
// mode, privilege checks, trap delegation, Sv32 paging and PMP faults, over
// the runtime in qemu-guest-runtime.ts (ENTER/BACK switch modes).
import { GUEST_RUNTIME } from './qemu-guest-runtime';

/** S and U mode: privilege checks, delegation, Sv32 and PMP faults. */
export function privilegedProgram(): string {
  return GUEST_RUNTIME + String.raw`
main:
  # Phase A: S mode without paging (one PMP entry grants everything).
  li t0, -1
  csrw pmpaddr0, t0
  li t0, 0x1f
  csrw pmpcfg0, t0
  ENTER 1
  ecall
  csrr a0, mstatus
  rdtime a0
  csrr a0, sstatus
  li t0, 0xc0122
  and a0, a0, t0
  jal puthex
  sfence.vma
  mret
  BACK
  jal newline

  # Phase B: U mode.
  ENTER 0
  ecall
  csrr a0, sstatus
  wfi
  sret
  sfence.vma
  csrr a0, satp
  BACK
  jal newline

  # Phase C: delegation of U exceptions to S.
  la t0, shandler
  csrw stvec, t0
  li t0, (1 << 8) | (1 << 2) | (1 << 13) | (1 << 15) | (1 << 12)
  csrw medeleg, t0
  ENTER 0
  ecall
  .word 0xffffffff
  csrr a0, mstatus
  BACK
  csrw medeleg, zero
  jal newline

  # Phase D: Sv32 in S mode.
  la s0, root
  la s1, l2
  li t0, (0x80000000 >> 2) | 0xcf    # identity megapage over RAM, RWX, A, D
  li t1, 0x200 * 4
  add t1, t1, s0
  sw t0, 0(t1)
  li t0, (0x10000000 >> 2) | 0xc7    # the UART's megapage, RW, A, D
  li t1, 0x40 * 4
  add t1, t1, s0
  sw t0, 0(t1)
  srli t0, s1, 2
  ori t0, t0, 1                      # VA 0x40000000 -> l2
  li t1, 0x100 * 4
  add t1, t1, s0
  sw t0, 0(t1)
  la t1, pagea
  srli t0, t1, 2
  ori t0, t0, 0x07                   # RW, no A/D yet
  sw t0, 0(s1)
  la t1, pageb
  srli t0, t1, 2
  ori t0, t0, 0x43                   # R, A
  sw t0, 4(s1)
  la t1, pagec
  srli t0, t1, 2
  ori t0, t0, 0x49                   # X, A
  sw t0, 8(s1)
  la t1, paged
  srli t0, t1, 2
  ori t0, t0, 0xd7                   # U, RW, A, D
  sw t0, 16(s1)
  la t1, pagea
  srli t0, t1, 2
  ori t0, t0, 0x05                   # W without R: reserved
  sw t0, 20(s1)
  srli t0, s0, 12
  li t1, 0x80000000
  or t0, t0, t1
  csrw satp, t0
  sfence.vma
  ENTER 1
  li s2, 0x40000000
  lw a0, 0(s2)
  jal puthex
  lw a0, 0(s1)
  jal puthex
  sw a0, 4(s2)
  lw a0, 0(s1)
  jal puthex
  li s9, 0x1000                      # (t registers do not survive the trap handler)
  add s3, s2, s9
  sw a0, 0(s3)
  amoadd.w a0, a0, (s3)
  lw a0, 0(s3)
  jal puthex
  add s4, s3, s9
  lw a0, 0(s4)
  li s10, 1 << 19
  csrs sstatus, s10
  lw a0, 0(s4)
  jal puthex
  csrc sstatus, s10
  jalr ra, 0(s4)
  jalr ra, 0(s3)
  add s5, s4, s9
  lw a0, 0(s5)
  add s6, s5, s9
  lw a0, 0(s6)
  li s10, 1 << 18
  csrs sstatus, s10
  lw a0, 0(s6)
  jal puthex
  jalr ra, 0(s6)
  csrc sstatus, s10
  add s7, s6, s9
  lw a0, 0(s7)
  sw a0, 0(s7)
  lw a0, -2(s3)
  jal puthex
  lw a0, -2(s6)
  lw a0, -2(s4)
  li s8, 0x40400000
  lw a0, 0(s8)
  BACK
  csrw satp, zero
  sfence.vma
  jal newline

  # Phase E: PMP. Entry 0: no access to pagea; entry 1 (NAPOT over all): RWX.
  la t0, pagea
  srli t0, t0, 2
  ori t0, t0, 0x1ff
  csrw pmpaddr0, t0
  li t0, -1
  csrw pmpaddr1, t0
  li t0, 0x1f18
  csrw pmpcfg0, t0
  ENTER 1
  la s0, pagea
  lw a0, 0(s0)
  sw a0, 4(s0)
  lw a0, -2(s0)
  jalr ra, 0(s0)
  la s1, pageb
  lw a0, -4(s1)
  lw a0, -2(s1)
  lw a0, 0(s1)
  jal puthex
  BACK
  csrr a0, pmpcfg0
  jal puthex
  li t0, 0x80
  csrs pmpcfg0, t0
  lw a0, 0(s0)
  li t0, -1
  csrw pmpaddr0, t0
  csrr a0, pmpaddr0
  jal puthex
  j finish

.data
.align 12
root: .fill 1024, 4, 0
l2: .fill 1024, 4, 0
pagea: .fill 1024, 4, 0x11111111
pageb: .fill 1024, 4, 0x22222222
pagec: .fill 1024, 4, 0x00008067
paged: .fill 1024, 4, 0x00008067
.fill 1024, 4, 0
stack_top:
`;
}
