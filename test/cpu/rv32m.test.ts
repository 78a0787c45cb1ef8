// The M extension (unprivileged spec 20191213, ch. 7): products' low and
// high halves in every signedness, division by zero and signed overflow.
import { strict as assert } from 'assert';
import * as E from './encode';
import { a0, a1, a2, a3, a4, a5, a6, a7, s2, s3, t0, t1, zero } from './encode';
import { reg, runProgram, ureg } from './harness';

/** Runs `op rd, t0, t1` for each (t0, t1) pair and returns rd as unsigned. */
function table(op: (rd: number, rs1: number, rs2: number) => number, pairs: [number, number][]): number[] {
  return pairs.map(([x, y]) => {
    const m = runProgram([E.li(t0, x), E.li(t1, y), op(a0, t0, t1)]);
    return ureg(m, a0);
  });
}

const MIN = -0x80000000;

describe('cpu: RV32M', () => {
  it('mul keeps the low 32 bits', () => {
    assert.deepEqual(table(E.mul, [[6, 7], [-1, -1], [0x12345678, 0x9abcdef0 | 0], [MIN, -1]]),
      [42, 1, 0x242d2080, 0x80000000]);
  });

  it('mulh, mulhsu, mulhu give the high 32 bits with the right signedness', () => {
    const pairs: [number, number][] = [[-1, -1], [-1, 1], [MIN, MIN], [0x7fffffff, 0x7fffffff], [MIN, -1], [-2, 3]];
    // Reference: exact 64-bit products.
    const hi = (x: bigint, y: bigint): number => Number(BigInt.asUintN(32, (x * y) >> 32n));
    const s = (v: number): bigint => BigInt(v | 0);
    const u = (v: number): bigint => BigInt(v >>> 0);
    assert.deepEqual(table(E.mulh, pairs), pairs.map(([x, y]) => hi(s(x), s(y))));
    assert.deepEqual(table(E.mulhsu, pairs), pairs.map(([x, y]) => hi(s(x), u(y))));
    assert.deepEqual(table(E.mulhu, pairs), pairs.map(([x, y]) => hi(u(x), u(y))));
    assert.deepEqual(table(E.mulh, [[-1, -1]]), [0]); // (-1)(-1) = 1: high word 0
    assert.deepEqual(table(E.mulhu, [[-1, -1]]), [0xfffffffe]);
    assert.deepEqual(table(E.mulhsu, [[-1, -1]]), [0xffffffff]); // -1 * 0xffffffff
  });

  it('div and rem truncate towards zero; the remainder takes the dividend sign', () => {
    assert.deepEqual(table(E.div, [[7, 2], [-7, 2], [7, -2], [-7, -2]]).map((v) => v | 0), [3, -3, -3, 3]);
    assert.deepEqual(table(E.rem, [[7, 2], [-7, 2], [7, -2], [-7, -2]]).map((v) => v | 0), [1, -1, 1, -1]);
    assert.deepEqual(table(E.divu, [[-1, 2], [7, 2]]), [0x7fffffff, 3]);
    assert.deepEqual(table(E.remu, [[-1, 10], [7, 2]]), [5, 1]);
  });

  it('division by zero gives all ones (remainder: the dividend), overflow gives INT_MIN and 0', () => {
    const m = runProgram([
      E.li(t0, 1234), // li t0, 1234
      E.div(a0, t0, zero), // div a0, t0, zero   -> -1
      E.divu(a1, t0, zero), // divu a1, t0, zero  -> 0xffffffff
      E.rem(a2, t0, zero), // rem a2, t0, zero   -> 1234
      E.remu(a3, t0, zero), // remu a3, t0, zero  -> 1234
      E.li(t0, MIN), // li t0, 0x80000000
      E.addi(t1, zero, -1), // li t1, -1
      E.div(a4, t0, t1), // div a4, t0, t1     -> 0x80000000 (overflow)
      E.rem(a5, t0, t1), // rem a5, t0, t1     -> 0
      E.divu(a6, t0, t1), // divu a6, t0, t1    -> 0
      E.remu(a7, t0, t1), // remu a7, t0, t1    -> 0x80000000
      E.mul(s2, t0, t1), // mul s2, t0, t1     -> 0x80000000
      E.div(zero, t0, zero), // div zero, t0, zero (no trap, no effect)
      E.addi(s3, zero, 1), // li s3, 1
    ]);
    assert.equal(reg(m, a0), -1);
    assert.equal(ureg(m, a1), 0xffffffff);
    assert.equal(reg(m, a2), 1234);
    assert.equal(reg(m, a3), 1234);
    assert.equal(ureg(m, a4), 0x80000000);
    assert.equal(reg(m, a5), 0);
    assert.equal(reg(m, a6), 0);
    assert.equal(ureg(m, a7), 0x80000000);
    assert.equal(ureg(m, s2), 0x80000000);
    assert.equal(reg(m, zero), 0);
    assert.equal(reg(m, s3), 1);
  });

  it('large unsigned quotients are exact', () => {
    assert.deepEqual(table(E.divu, [[0xfffffffe | 0, 0xffffffff | 0], [-1, 1], [-1, 3]]), [0, 0xffffffff, 0x55555555]);
    assert.deepEqual(table(E.div, [[0x7fffffff, 3], [MIN, 3]]).map((v) => v | 0), [0x2aaaaaaa, -0x2aaaaaaa]);
    assert.deepEqual(table(E.rem, [[MIN, 3]]).map((v) => v | 0), [-2]);
  });
});
