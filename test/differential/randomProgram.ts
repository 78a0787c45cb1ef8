// Generates random but valid RV32IMAC instruction sequences as assembly text,
// wrapped in a bare-metal program for the virt board that, after each
// sequence, prints every register and a scratch buffer over the UART. Run on
// QEMU and on Rewind, the two dumps must be byte-identical.
import { SeededRandom } from '../support/prng';

/** Registers the random code may write: all but x0, s0/s1 (buffer pointers) and sp. */
const WRITABLE = [1, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31];
const READABLE = [0, ...WRITABLE];
const BUFFER_BYTES = 256;

const R_TYPE = ['add', 'sub', 'sll', 'slt', 'sltu', 'xor', 'srl', 'sra', 'or', 'and', 'mul', 'mulh', 'mulhsu', 'mulhu', 'div', 'divu', 'rem', 'remu'];
const I_TYPE = ['addi', 'slti', 'sltiu', 'xori', 'ori', 'andi'];
const SHIFT_I = ['slli', 'srli', 'srai'];
const BRANCHES = ['beq', 'bne', 'blt', 'bge', 'bltu', 'bgeu'];
const AMOS = ['amoswap.w', 'amoadd.w', 'amoxor.w', 'amoand.w', 'amoor.w', 'amomin.w', 'amomax.w', 'amominu.w', 'amomaxu.w'];
const LOADS: ReadonlyArray<[string, number]> = [['lb', 1], ['lbu', 1], ['lh', 2], ['lhu', 2], ['lw', 4]];
const STORES: ReadonlyArray<[string, number]> = [['sb', 1], ['sh', 2], ['sw', 4]];

/** Values that find edge cases more often than uniform ones. */
function interestingValue(rng: SeededRandom): number {
  return rng.pick([0, 1, -1, 0x7fffffff, -0x80000000, 2, -2, 31, 32, 0xffff, 0x8000, rng.nextU32() | 0, rng.int(-2048, 2047)]);
}

function reg(n: number): string {
  return `x${n}`;
}

function instruction(rng: SeededRandom, label: () => string): string[] {
  const rd = reg(rng.pick(WRITABLE));
  const rs1 = reg(rng.pick(READABLE));
  const rs2 = reg(rng.pick(READABLE));
  switch (rng.int(0, 11)) {
    case 0:
    case 1:
    case 2:
      return [`${rng.pick(R_TYPE)} ${rd}, ${rs1}, ${rs2}`];
    case 3:
    case 4:
      return [`${rng.pick(I_TYPE)} ${rd}, ${rs1}, ${rng.int(-2048, 2047)}`];
    case 5:
      return [`${rng.pick(SHIFT_I)} ${rd}, ${rs1}, ${rng.int(0, 31)}`];
    case 6:
      return [`${rng.pick(['lui', 'auipc'])} ${rd}, ${rng.int(0, 0xfffff)}`];
    case 7: {
      const [op, size] = rng.pick(LOADS);
      return [`${op} ${rd}, ${rng.int(0, BUFFER_BYTES / size - 1) * size}(s0)`];
    }
    case 8: {
      const [op, size] = rng.pick(STORES);
      return [`${op} ${rs2}, ${rng.int(0, BUFFER_BYTES / size - 1) * size}(s0)`];
    }
    case 9: {
      // s1 points at a word-aligned slot in the buffer's upper half.
      if (rng.chance(0.25)) return [`lr.w ${rd}, (s1)`, `sc.w ${reg(rng.pick(WRITABLE))}, ${rs2}, (s1)`];
      return [`${rng.pick(AMOS)} ${rd}, ${rs2}, (s1)`];
    }
    case 10: {
      // A forward branch over a few instructions, taken or not.
      const target = label();
      const skipped = rng.int(1, 3);
      const body: string[] = [];
      for (let i = 0; i < skipped; i++) body.push(`${rng.pick(I_TYPE)} ${reg(rng.pick(WRITABLE))}, ${reg(rng.pick(READABLE))}, ${rng.int(-2048, 2047)}`);
      return [`${rng.pick(BRANCHES)} ${rs1}, ${rs2}, ${target}`, ...body, `${target}:`];
    }
    default: {
      const target = label();
      return [`jal ${rd}, ${target}`, `addi ${reg(rng.pick(WRITABLE))}, x0, 1`, `${target}:`];
    }
  }
}

/** One program: registers set to random values, a random body, a dump. */
function programBlock(rng: SeededRandom, index: number, length: number): string[] {
  let labels = 0;
  const label = () => `.Lp${index}_${labels++}`;
  const lines = [`# program ${index}`, '  la s0, scratch', `  addi s1, s0, ${128 + 4 * rng.int(0, 31)}`];
  for (const r of WRITABLE) lines.push(`  li ${reg(r)}, ${interestingValue(rng)}`);
  for (let i = 0; i < length; i++) lines.push(...instruction(rng, label).map((l) => (l.endsWith(':') ? l : `  ${l}`)));
  lines.push(`  li a7, ${index}`, '  j .Ldump_' + index, `.Ldump_${index}:`, '  call dump_state');
  return lines;
}

/** Saves registers, then prints "P<idx> " + 32 register words + buffer words in hex. */
const RUNTIME = `
  .option norelax
  .equ UART_THR, 0x10000000
  .equ UART_LSR, 0x10000005
  .equ FINISHER, 0x100000
  .section .text
  .globl _start
_start:
  la sp, stack_top
  la t0, scratch
  li t1, ${BUFFER_BYTES / 4}
1:sw zero, 0(t0)
  addi t0, t0, 4
  addi t1, t1, -1
  bnez t1, 1b
  j programs

# dump_state: called with ra = return; prints every register as it was at
# the call (x1 is the return address, which is the same on both machines).
dump_state:
  csrw mscratch, t0
  la t0, saved
  .irp n, 1,2,3,4,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
  sw x\\n, \\n*4(t0)
  .endr
  csrr t1, mscratch
  sw t1, 20(t0)
  sw zero, 0(t0)
  mv s2, ra
  li a0, 'P'
  call putc
  mv a0, a7
  call puthex
  la s3, saved
  li s4, 32
2:lw a0, 0(s3)
  call puthex
  addi s3, s3, 4
  addi s4, s4, -1
  bnez s4, 2b
  la s3, scratch
  li s4, ${BUFFER_BYTES / 4}
3:lw a0, 0(s3)
  call puthex
  addi s3, s3, 4
  addi s4, s4, -1
  bnez s4, 3b
  li a0, '\\n'
  call putc
  mv ra, s2
  ret

# puthex: a0 as 8 hex digits and a space.
puthex:
  mv s5, ra
  mv s6, a0
  li s7, 8
4:srli a0, s6, 28
  slli s6, s6, 4
  addi a0, a0, '0'
  li t2, '9'
  ble a0, t2, 5f
  addi a0, a0, 'a' - '0' - 10
5:call putc
  addi s7, s7, -1
  bnez s7, 4b
  li a0, ' '
  call putc
  mv ra, s5
  ret

# putc: a0 to the 16550 once its transmit holding register is empty.
putc:
  li t0, UART_LSR
6:lbu t1, 0(t0)
  andi t1, t1, 0x20
  beqz t1, 6b
  li t0, UART_THR
  sb a0, 0(t0)
  ret

programs:
`;

const EPILOGUE = `
  li t0, FINISHER
  li t1, 0x5555
  sw t1, 0(t0)
7:j 7b

  .section .bss
  .balign 16
scratch: .space ${BUFFER_BYTES}
saved: .space 128
  .balign 16
  .space 4096
stack_top:
`;

/** Assembly source of `count` random programs of `length` instructions each. */
export function randomProgramSource(seed: number, count: number, length: number): string {
  const rng = new SeededRandom(seed);
  const body: string[] = [];
  for (let i = 0; i < count; i++) body.push(...programBlock(rng, i, length));
  return `# generated from seed ${seed}\n${RUNTIME}\n${body.join('\n')}\n${EPILOGUE}`;
}
