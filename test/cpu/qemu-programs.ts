// Guest programs for the differential tests against QEMU (qemu.test.ts).
// Each prints what it observes (results, and for every trap its cause, tval
// and epc) to the UART at 0x1000_0000 and ends through the finisher at
// 0x0010_0000, so the same ELF runs on `qemu-system-riscv32 -M virt -bios
// none` and on the hart. Nothing printed depends on timing or on where
// QEMU's reset code leaves the counters.

const COMMON = String.raw`
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

const DATA = String.raw`
.data
.align 12
testdata: .word 0x8081f2f3, 0x44332211, 0x88776655, 0xddccbbaa, 0x01020304, 0x7fffffff, 0x80000000, 0xffffffff
scratch: .fill 64, 4, 0
.align 12
.fill 1024, 4, 0
stack_top:
`;

const VALUES = [0, 1, -1, 0x7fffffff, -0x80000000, 31, 33, 0x12345678, -7];
const R_OPS = ['add', 'sub', 'sll', 'slt', 'sltu', 'xor', 'srl', 'sra', 'or', 'and',
  'mul', 'mulh', 'mulhsu', 'mulhu', 'div', 'divu', 'rem', 'remu'];
const I_OPS = ['addi', 'slti', 'sltiu', 'xori', 'ori', 'andi'];
const IMMS = [-2048, -1, 0, 1, 7, 2047];
const BRANCHES = ['beq', 'bne', 'blt', 'bge', 'bltu', 'bgeu'];

/** Arithmetic, memory, branches, atomics, and the exceptions M mode can raise. */
export function isaProgram(): string {
  const out: string[] = [COMMON, 'main:'];
  const show = (reg = 'a0'): void => { out.push(`  mv a0, ${reg}`, '  jal puthex'); };
  for (const op of R_OPS) {
    for (const x of VALUES) for (const y of VALUES) { out.push(`  li a1, ${x}`, `  li a2, ${y}`, `  ${op} a0, a1, a2`); show(); }
    out.push('  jal newline');
  }
  for (const op of I_OPS) {
    for (const x of VALUES) for (const imm of IMMS) { out.push(`  li a1, ${x}`, `  ${op} a0, a1, ${imm}`); show(); }
    out.push('  jal newline');
  }
  for (const op of ['slli', 'srli', 'srai']) {
    for (const x of VALUES) for (const sh of [0, 1, 13, 31]) { out.push(`  li a1, ${x}`, `  ${op} a0, a1, ${sh}`); show(); }
    out.push('  jal newline');
  }
  for (const op of BRANCHES) {
    for (const x of VALUES) for (const y of VALUES) {
      out.push(`  li a1, ${x}`, `  li a2, ${y}`, '  li a0, 0', `  ${op} a1, a2, 1f`, '  li a0, 1', '1:');
      show();
    }
    out.push('  jal newline');
  }
  // Loads at every offset (misaligned included), then misaligned stores.
  out.push('  la s0, testdata');
  for (const op of ['lb', 'lbu', 'lh', 'lhu', 'lw']) {
    for (let off = 0; off < 8; off++) { out.push(`  ${op} a0, ${off}(s0)`); show(); }
    out.push('  jal newline');
  }
  out.push('  la s1, scratch', '  li a1, 0xa1b2c3d4');
  for (const [op, offs] of [['sw', [1, 6, 11]], ['sh', [17, 23]], ['sb', [27]]] as const) {
    for (const off of offs) out.push(`  ${op} a1, ${off}(s1)`);
  }
  for (let w = 0; w < 8; w++) { out.push(`  lw a0, ${4 * w}(s1)`); show(); }
  out.push('  jal newline');
  // Compressed forms the assembler does not pick by itself.
  out.push(
    '  li s0, 0x0ff0', '  li s1, 0x00ff', '  c.sub s0, s1', '  mv a0, s0', '  jal puthex',
    '  c.li a5, -32', '  c.srai a5, 2', '  mv a0, a5', '  jal puthex',
    '  c.lui a4, 0xfffe1', '  mv a0, a4', '  jal puthex',
    '  addi sp, sp, -16', '  c.addi16sp sp, 32', '  c.addi16sp sp, -16', '  c.addi4spn a3, sp, 12', '  sub a0, a3, sp', '  jal puthex',
    '  jal newline',
  );
  // Atomics.
  out.push(
    '  la s0, scratch', '  li t0, 100', '  sw t0, 0(s0)',
    '  lr.w a0, (s0)', '  jal puthex', '  addi a1, a0, 1', '  sc.w a0, a1, (s0)', '  jal puthex',
    '  sc.w a0, a1, (s0)', '  jal puthex',
    '  lr.w a0, (s0)', '  li a1, 7', '  sw a1, 0(s0)', '  sc.w a0, a1, (s0)', '  jal puthex',
    '  lw a0, 0(s0)', '  jal puthex',
  );
  for (const op of ['amoswap.w', 'amoadd.w', 'amoxor.w', 'amoand.w', 'amoor.w', 'amomin.w', 'amomax.w', 'amominu.w', 'amomaxu.w']) {
    out.push('  li t0, -5', '  sw t0, 0(s0)', '  li a1, 3', `  ${op} a0, a1, (s0)`, '  jal puthex', '  lw a0, 0(s0)', '  jal puthex');
  }
  out.push('  jal newline');
  // Exceptions M mode can raise.
  out.push(
    '  .word 0xffffffff',
    '  .half 0x0000',
    '  .half 0x6101', // c.addi16sp sp, 0
    '  .half 0x4002', // c.lwsp x0
    '  .half 0x9c21', // c.addw (RV64)
    '  .half 0x2002', // c.fldsp
    '  .word 0x0000001b', // addiw (RV64)
    '  .word 0x00003003', // ld (RV64)
    '  .word 0x02005013', // srli with shamt[5] set
    '  .word 0x0000702f', // AMO with funct3 7
    '  .word 0x10002073', // SYSTEM, funct3 0, unknown funct7
    '  ebreak',
    '  c.ebreak',
    '  ecall',
    '  csrr a0, 0x7ff',
    '  csrw cycle, zero',
    '  csrrs a0, mvendorid, zero',
    '  la s0, scratch',
    '  addi s1, s0, 2',
    '  lr.w a0, (s1)',
    '  sc.w a0, a1, (s1)',
    '  jal puthex',
    '  li t0, 2', '  csrw mie, t0', '  csrsi mstatus, 8', '  csrsi mip, 2', '  nop', '  csrci mstatus, 8',
    '  j finish',
  );
  out.push(DATA);
  return out.join('\n');
}

/** S and U mode: privilege checks, delegation, Sv32 and PMP faults. */
export function privilegedProgram(): string {
  return COMMON + String.raw`
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

/**
 * A freestanding C program (compiled with -O2 at test time): loops,
 * recursion, jump tables, 64-bit arithmetic through the M extension,
 * byte and halfword traffic, and enough iterations for the hart to compile
 * its hot code. Returns [C source, startup assembly].
 */
export function cProgram(): [string, string] {
  const c = String.raw`
typedef unsigned int u32;
typedef unsigned long long u64;
#define UART ((volatile unsigned char *)0x10000000)
static void putc_(char ch) { while ((UART[5] & 0x20) == 0) {} UART[0] = ch; }
static void hex(u32 v) { for (int i = 28; i >= 0; i -= 4) putc_("0123456789abcdef"[(v >> i) & 15]); putc_(' '); }
static u32 crc32(const unsigned char *p, int n) {
  u32 c = ~0u;
  while (n--) { c ^= *p++; for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320u & -(c & 1)); }
  return ~c;
}
static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
static u32 lcg = 12345;
static u32 rnd(void) { lcg = lcg * 1103515245u + 12345u; return lcg; }
static int cmp(int a, int b) { return (a > b) - (a < b); }
static void sort(int *a, int n) {
  for (int i = 1; i < n; i++) { int k = a[i], j = i; while (j > 0 && cmp(a[j - 1], k) > 0) { a[j] = a[j - 1]; j--; } a[j] = k; }
}
static u32 op(int which, u32 a, u32 b) {
  switch (which) {
    case 0: return a + b; case 1: return a - b; case 2: return a * b; case 3: return b ? a / b : 0;
    case 4: return b ? a % b : 0; case 5: return (u32)((int)a >> (b & 31)); case 6: return a << (b & 31);
    case 7: return (u32)(((u64)a * b) >> 32); case 8: return (u32)((long long)(int)a * (int)b >> 32);
    default: return a ^ b;
  }
}
static unsigned char buf[4096];
static int arr[300];
static short halves[64];
void cmain(void) {
  for (int i = 0; i < 4096; i++) buf[i] = (unsigned char)rnd();
  hex(crc32(buf, 4096)); hex(crc32(buf + 1, 1000));
  hex((u32)fib(20));
  for (int i = 0; i < 300; i++) arr[i] = (int)rnd();
  sort(arr, 300);
  u32 s = 0; for (int i = 0; i < 300; i++) s = s * 31 + (u32)arr[i];
  hex(s); hex((u32)arr[0]); hex((u32)arr[299]);
  u32 acc = 0;
  for (int i = 0; i < 2000; i++) acc = op(i % 10, acc + (u32)i, rnd()) ^ (acc << 1);
  hex(acc);
  u64 big = 1; for (int i = 1; i < 40; i++) big = big * (u64)(i | 1) / 3 + (big >> 7);
  hex((u32)big); hex((u32)(big >> 32));
  for (int i = 0; i < 64; i++) halves[i] = (short)(rnd() >> 7);
  int hs = 0; for (int r = 0; r < 50; r++) for (int i = 1; i < 64; i++) hs += halves[i] * halves[i - 1] >> 3;
  hex((u32)hs);
  putc_('\n');
}
`;
  const start = String.raw`
.section .text.start, "ax"
.globl _start
_start:
  la sp, stack_top
  call cmain
  li t0, 0x100000
  li t1, 0x5555
  sw t1, 0(t0)
1: j 1b
.bss
.align 4
.space 16384
stack_top:
`;
  return [c, start];
}
