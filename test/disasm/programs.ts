// Hand-written assembly programs for the objdump comparison: every RV32I, M,
// A, Zicsr, Zifencei and privileged instruction, their pseudo-instructions,
// every compressed form, HINTs and illegal encodings, and the lui/auipc/gp/tp
// sequences that earn objdump's "# address <symbol>" comments.

export const BASE_PROGRAM = `
  .option norvc
  .text
  .globl _start
_start:
  lui a0, 0x80000
  lui a1, 0
  lui t6, 0xfffff
  auipc a0, 0
  auipc s11, 0x12345
1:
  jal zero, 1b
  jal ra, 2f
  jal a5, 1b
2:
  jalr zero, 0(ra)
  jalr zero, 0(a0)
  jalr zero, 12(a0)
  jalr ra, 0(a1)
  jalr ra, -8(a1)
  jalr t0, 0(t1)
  jalr t0, 2047(t1)
  jalr zero, 4(ra)
  beq a0, a1, 1b
  beq a0, zero, 1b
  bne a0, a1, 3f
  bne zero, a2, 3f
  blt a0, a1, 3f
  blt a0, zero, 3f
  blt zero, a0, 3f
  bge a0, a1, 1b
  bge zero, a0, 1b
  bge a0, zero, 1b
  bltu a0, a1, 3f
  bgeu a0, a1, 3f
  bgt a0, a1, 3f
  ble a0, a1, 3f
  bgtu a0, a1, 3f
  bleu a0, a1, 3f
  beqz s1, 3f
  bnez s1, 3f
  blez s1, 3f
  bgez s1, 3f
  bltz s1, 3f
  bgtz s1, 3f
3:
  lb a0, 0(a1)
  lh a0, -2(sp)
  lw ra, 2047(sp)
  lbu t0, -2048(s0)
  lhu t1, 4(s1)
  sb a0, 0(a1)
  sh a0, -2(sp)
  sw ra, 12(sp)
  sw zero, -4(s0)
  addi a0, a1, 5
  addi sp, sp, -16
  addi a0, a0, -2048
  slti a0, a1, -1
  sltiu a0, a1, 7
  xori a0, a1, 0x7ff
  ori a0, a1, 3
  andi a0, a1, 15
  slli a0, a1, 31
  srli a0, a1, 1
  srai a0, a1, 17
  add a0, a1, a2
  sub a0, a1, a2
  sll a0, a1, a2
  slt a0, a1, a2
  sltu a0, a1, a2
  xor a0, a1, a2
  srl a0, a1, a2
  sra a0, a1, a2
  or a0, a1, a2
  and a0, a1, a2
  nop
  li a0, 0
  li a0, -1
  li t3, 2047
  mv a0, a1
  mv s0, sp
  not a0, a1
  neg a0, a1
  seqz a0, a1
  snez a0, a1
  sltz a0, a1
  sgtz a0, a1
  zext.b a0, a1
  sext.b a0, a0
  fence
  fence rw, rw
  fence iorw, iorw
  fence r, w
  fence i, o
  fence.tso
  fence.i
  ecall
  ebreak
  mul a0, a1, a2
  mulh a0, a1, a2
  mulhsu a0, a1, a2
  mulhu a0, a1, a2
  div a0, a1, a2
  divu a0, a1, a2
  rem a0, a1, a2
  remu a0, a1, a2
  lr.w a0, (a1)
  lr.w.aq a0, (a1)
  lr.w.rl a0, (a1)
  lr.w.aqrl a0, (a1)
  sc.w a0, a2, (a1)
  sc.w.aq a0, a2, (a1)
  sc.w.rl a0, a2, (a1)
  sc.w.aqrl a0, a2, (a1)
  amoswap.w a0, a2, (a1)
  amoadd.w.aq a0, a2, (a1)
  amoxor.w.rl a0, a2, (a1)
  amoand.w.aqrl a0, a2, (a1)
  amoor.w a0, a2, (sp)
  amomin.w a0, a2, (a1)
  amomax.w a0, a2, (a1)
  amominu.w a0, a2, (a1)
  amomaxu.w a0, a2, (a1)
  csrrw a0, mstatus, a1
  csrrs a0, mie, a1
  csrrc a0, mip, a1
  csrrwi a0, mtvec, 5
  csrrsi a0, mepc, 31
  csrrci a0, mcause, 1
  csrr a0, mhartid
  csrw mscratch, a0
  csrs mstatus, a0
  csrc mstatus, a0
  csrwi mstatus, 8
  csrsi mie, 0
  csrci mip, 2
  csrr t0, satp
  csrr t0, sstatus
  csrw stvec, t0
  csrr a0, pmpcfg0
  csrw pmpaddr15, a0
  csrr a0, pmpaddr63
  csrr a0, mhpmcounter3
  csrr a0, mhpmcounter31h
  csrr a0, mcycle
  csrr a0, minstreth
  csrr a0, mhpmevent17
  csrr a0, mcountinhibit
  csrr a0, menvcfg
  csrr a0, mconfigptr
  csrr a0, tselect
  csrr a0, dcsr
  csrr a0, fcsr
  csrr a0, 0x7c0
  csrw 0x800, a0
  csrr a0, 0xfff
  rdcycle a0
  rdcycleh a1
  rdtime a2
  rdtimeh a3
  rdinstret a4
  rdinstreth a5
  csrr a0, hpmcounter4
  csrr a0, hpmcounter31h
  mret
  sret
  wfi
  sfence.vma
  sfence.vma a0
  sfence.vma a0, a1
  sfence.vma zero, a1
  unimp
  .word 0x00200073   # uret
  .word 0x7b200073   # dret
  .word 0x0100000f   # pause (fence w,0)
  .word 0x00000053   # fadd.s: not in rv32imac
  .word 0x0000707f
  .word 0x02b5053b   # mulw: RV64 only
  .word 0x000510e7   # jalr with funct3 = 1
  .word 0xffffffff
  .word 0x00000000
  # Address comments: lui/auipc pairs, gp, tp and zero bases.
  lui a5, %hi(data_word)
  addi a5, a5, %lo(data_word)
  lui a4, %hi(data_word)
  lw a3, %lo(data_word)(a4)
  lui a4, %hi(data_word)
  sw a3, %lo(data_word)(a4)
4:
  auipc a0, %pcrel_hi(data_word)
  addi a0, a0, %pcrel_lo(4b)
5:
  auipc t1, %pcrel_hi(far_function)
  jalr ra, %pcrel_lo(5b)(t1)
  lui t2, %hi(far_function)
  jalr t2
  lw a0, 8(gp)
  sw a0, -2000(gp)
  addi a0, gp, 16
  lw a0, 16(tp)
  lw a0, 0x40(zero)
  sw a0, -4(zero)
  lui zero, 1
  lw a0, 4(zero)
far_function:
  ret
  # Back to compressed code, so the file's ISA attribute keeps C.
  .option rvc
  c.nop

  .data
  .globl data_word
data_word: .word 1
other_word: .word 2
`;

export const COMPRESSED_PROGRAM = `
  .option rvc
  .text
  .globl _start
_start:
  c.addi4spn a0, sp, 8
  c.addi4spn s1, sp, 1020
  c.lw a0, 0(a1)
  c.lw s0, 124(a5)
  c.sw a0, 4(a1)
  c.sw s1, 124(a5)
  c.nop
  c.addi a0, 1
  c.addi sp, -32
  c.addi t6, 31
1:
  c.jal 1b
  c.jal 2f
  c.li a0, 0
  c.li a0, -32
  c.li ra, 31
  c.addi16sp sp, 16
  c.addi16sp sp, -512
  c.addi16sp sp, 496
  c.lui a0, 1
  c.lui a5, 0xfffff
  c.lui t0, 31
  c.srli a0, 1
  c.srli s1, 31
  c.srai a0, 1
  c.srai a5, 16
  c.andi a0, -1
  c.andi s0, 0
  c.sub a0, a1
  c.xor a0, a1
  c.or s0, s1
  c.and a5, a4
  c.j 1b
  c.j 2f
  c.beqz a0, 1b
  c.bnez a5, 2f
2:
  c.slli a0, 1
  c.slli ra, 31
  c.lwsp a0, 0(sp)
  c.lwsp ra, 252(sp)
  c.jr a0
  c.jr ra
  c.mv a0, a1
  c.mv sp, s0
  c.ebreak
  c.jalr a0
  c.jalr ra
  c.add a0, a1
  c.add sp, t0
  c.swsp a0, 0(sp)
  c.swsp ra, 252(sp)
  c.unimp
  # HINTs and reserved encodings.
  .half 0x0005   # c.nop 1
  .half 0x0081   # c.addi ra, 0
  .half 0x4005   # c.li zero, 1
  .half 0x6005   # c.lui zero, 1
  .half 0x6081   # c.lui ra, 0 (reserved)
  .half 0x6101   # c.addi16sp sp, 0 (reserved)
  .half 0x8001   # c.srli64 s0
  .half 0x8401   # c.srai64 s0
  .half 0x9005   # c.srli with shamt[5] set (RV32: non-standard)
  .half 0x0002   # c.slli64 zero
  .half 0x0006   # c.slli zero, 1
  .half 0x8006   # c.mv zero, ra
  .half 0x9006   # c.add zero, ra
  .half 0x8002   # c.jr zero (reserved)
  .half 0x4002   # c.lwsp zero (reserved)
  .half 0x0004   # c.addi4spn, zero immediate (reserved)
  .half 0x2000   # c.fld: not in rv32imac
  .half 0x6000   # c.flw
  .half 0x9c01   # c.subw: RV64 only
  .half 0xe002   # c.fswsp
  # Address comments through compressed lui + addi.
  c.lui a5, 0x10
  c.addi a5, 4
  lui a4, 0x80001
  c.addi a4, -8
`;

/** A C program whose compiled code (with picolibc's crt0, printf and qsort) reads like real guest code. */
export const C_PROGRAM = `
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

static int table[64];
volatile uint32_t *const uart = (uint32_t *)0x10000000;
long long wide = 0x123456789abcdefLL;

static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static int compare(const void *a, const void *b) {
  return *(const int *)a - *(const int *)b;
}

unsigned long long mix(unsigned long long x, unsigned y) {
  return (x * y) ^ (x >> (y & 31)) ^ (x / (y | 1));
}

int main(void) {
  char buf[64];
  for (int i = 0; i < 64; i++) table[i] = fib(i % 20) * (i ^ 5) / (i + 1) % 7;
  snprintf(buf, sizeof buf, "%d %s %llx", table[9], "x", mix(wide, 3));
  qsort(table, 64, sizeof(int), compare);
  for (const char *p = buf; *p; p++) *uart = (uint32_t)*p;
  return (int)strlen(buf) + table[3];
}
`;
