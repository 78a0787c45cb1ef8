// The unprivileged differential program against QEMU (qemu.test.ts):
// generated from operand tables, it prints the result of every RV32IM
// operation on edge values, then loads and stores (misaligned included),
// branches, compressed forms, atomics, and the exceptions M mode can raise,
// over the runtime in qemu-guest-runtime.ts.
import { GUEST_RUNTIME } from './qemu-guest-runtime';

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
  const out: string[] = [GUEST_RUNTIME, 'main:'];
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
