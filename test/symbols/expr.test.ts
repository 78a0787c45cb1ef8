// DWARF expression operations and CFI instructions that GCC rarely or never
// emits for RV32 (the compiled programs cover the common ones against gdb):
// arithmetic and control flow, pieces, implicit and stack values, entry
// values that cannot be recovered, and CFA rules with state save/restore.
import { strict as assert } from 'assert';
import { evaluateLocation, evaluateValue, ExprContext, UnavailableError } from '../../debug-adapter/symbols/expr';
import { findFde, readDebugFrame, rulesAt } from '../../debug-adapter/symbols/cfi';
import { formatG, formatString } from '../../debug-adapter/symbols/format';
import { readValue } from '../../debug-adapter/symbols/values';
import { unwindStack } from '../../debug-adapter/symbols/unwind';
import { CType } from '../../debug-adapter/symbols/types';
import { Bytes, withLength } from './support/elfBuilder';

function ctx(regs: Record<number, number> = {}, mem: Record<number, number> = {}): ExprContext {
  return {
    addrSize: 4,
    readRegister: (n) => regs[n],
    readMemory: (a, n) => {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        if (mem[a + i] === undefined) return undefined;
        out[i] = mem[a + i];
      }
      return out;
    },
    frameBase: () => 0x1000,
    cfa: () => 0x2000,
  };
}

const e = (...b: number[]): Uint8Array => Uint8Array.from(b);
const int: CType = { kind: 'base', name: 'int', size: 4, encoding: 'signed' };
const longlong: CType = { kind: 'base', name: 'long long', size: 8, encoding: 'signed' };

describe('symbols: DWARF expressions', function () {
  it('computes with literals, arithmetic, comparisons and branches (32-bit wrap)', function () {
    assert.equal(evaluateValue(e(0x35, 0x33, 0x1c, 0x9f), ctx()), 2n); // lit5 lit3 minus
    assert.equal(evaluateValue(e(0x33, 0x35, 0x1c, 0x9f), ctx()), 0xfffffffen); // 3-5 wraps
    assert.equal(evaluateValue(e(0x11, 0x79, 0x32, 0x1b, 0x9f), ctx()), BigInt.asUintN(32, -3n)); // consts -7 / 2 (signed)
    assert.equal(evaluateValue(e(0x3a, 0x12, 0x1e, 0x23, 0x05, 0x9f), ctx()), 105n); // 10 dup mul plus_uconst 5
    assert.equal(evaluateValue(e(0x31, 0x32, 0x2d, 0x9f), ctx()), 1n); // 1 < 2
    assert.equal(evaluateValue(e(0x08, 0xf0, 0x34, 0x25, 0x9f), ctx()), 0x0fn); // 0xf0 >> 4
    assert.equal(evaluateValue(e(0x0b, 0x00, 0x80, 0x31, 0x26, 0x9f), ctx()), BigInt.asUintN(32, -0x4000n)); // const2s -32768 shra 1
    // lit1 bra +1 (skips lit7) lit9: the branch is taken
    assert.equal(evaluateValue(e(0x31, 0x28, 0x01, 0x00, 0x37, 0x39, 0x9f), ctx()), 9n);
    assert.equal(evaluateValue(e(0x32, 0x33, 0x34, 0x17, 0x16, 0x13, 0x9f), ctx()), 3n); // 2 3 4, rot: 4 2 3, swap: 4 3 2, drop: 3
    assert.equal(evaluateValue(e(0x32, 0x33, 0x15, 0x01, 0x9f), ctx()), 2n); // pick 1
  });

  it('reads registers, memory and the frame base', function () {
    assert.deepEqual(evaluateLocation(e(0x5a), ctx()), { kind: 'register', reg: 10 });
    assert.deepEqual(evaluateLocation(e(0x90, 0x21), ctx()), { kind: 'register', reg: 33 });
    assert.deepEqual(evaluateLocation(e(0x72, 0x7c), ctx({ 2: 0x3000 })), { kind: 'memory', address: 0x2ffc }); // breg2 -4
    assert.deepEqual(evaluateLocation(e(0x91, 0x08), ctx()), { kind: 'memory', address: 0x1008 }); // fbreg 8
    assert.deepEqual(evaluateLocation(e(0x9c, 0x23, 0x04), ctx()), { kind: 'memory', address: 0x2004 }); // call_frame_cfa + 4
    assert.equal(evaluateValue(e(0x03, 0x10, 0, 0, 0, 0x06, 0x9f), ctx({}, { 0x10: 0x78, 0x11: 0x56, 0x12: 0x34, 0x13: 0x12 })), 0x12345678n);
    assert.equal(evaluateValue(e(0x03, 0x10, 0, 0, 0, 0x94, 0x02, 0x9f), ctx({}, { 0x10: 0x78, 0x11: 0x56 })), 0x5678n);
    assert.throws(() => evaluateLocation(e(0x7a, 0), ctx()), UnavailableError); // breg10 with a10 unknown
  });

  it('assembles pieces, implicit values and optimized-out parts', function () {
    // long long in a0 (low) and a1 (high)
    const v = readValue(evaluateLocation(e(0x5a, 0x93, 4, 0x5b, 0x93, 4), ctx()), longlong, ctx({ 10: 0xfffffffe, 11: 0xffffffff }));
    assert.deepEqual([...v.bytes], [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    assert.equal(v.missing, undefined);
    // low half optimized out (empty piece), high half a constant
    const half = readValue(evaluateLocation(e(0x93, 4, 0x35, 0x9f, 0x93, 4), ctx()), longlong, ctx());
    assert.deepEqual([...(half.missing ?? [])], [1, 1, 1, 1, 0, 0, 0, 0]);
    assert.deepEqual([...half.bytes.subarray(4)], [5, 0, 0, 0]);
    const imp = readValue(evaluateLocation(e(0x9e, 4, 1, 2, 3, 4), ctx()), int, ctx());
    assert.deepEqual([...imp.bytes], [1, 2, 3, 4]);
    // bit pieces: 4 bits of a0 then 28 bits of a1 shifted in
    const bits = readValue(evaluateLocation(e(0x5a, 0x9d, 4, 0, 0x5b, 0x9d, 28, 0), ctx()), int, ctx({ 10: 0xa, 11: 0x1 }));
    assert.deepEqual([...bits.bytes], [0x1a, 0, 0, 0]);
  });

  it('reports an unrecoverable entry value and unknown operations', function () {
    assert.throws(() => evaluateLocation(e(0xa3, 1, 0x5a, 0x9f), ctx()), UnavailableError);
    assert.throws(() => evaluateLocation(e(0xe5), ctx()), /unsupported DWARF operation 0xe5/);
    assert.throws(() => evaluateLocation(e(0x22), ctx()), /empty stack/);
    assert.throws(() => evaluateLocation(e(0x2f, 0xfd, 0xff), ctx()), /does not terminate/); // skip -3: a loop
  });
});

describe('symbols: CFI rules', function () {
  /** A CIE (ra = x1, CFA = sp+0) and one FDE over [0x100, 0x140) with `program`. */
  function frame(program: number[]): Uint8Array {
    const b = new Bytes();
    withLength(b, () => {
      b.u32(0xffffffff).u8(3).str('').uleb(1).sleb(-4).uleb(1);
      b.u8(0x0c).uleb(2).uleb(0); // def_cfa sp, 0
    });
    while (b.length % 4) b.u8(0);
    withLength(b, () => {
      b.u32(0).u32(0x100).u32(0x40).bytes(program);
    });
    return b.build();
  }

  it('follows advance, offset, remember/restore state and val_offset', function () {
    const fdes = readDebugFrame(
      frame([
        0x42, // advance_loc 2
        0x0e, 16, // def_cfa_offset 16
        0x44, // advance_loc 4
        0x81, 1, // offset ra at cfa-4
        0x88, 2, // offset s0 at cfa-8
        0x44,
        0x0a, // remember_state
        0x0c, 8, 0, // def_cfa s0, 0
        0x14, 9, 3, // val_offset s1 = cfa + 3*-4
        0x44,
        0x0b, // restore_state
        0xc1, // restore ra
      ]),
      4,
      () => assert.fail('no warnings expected'),
    );
    assert.equal(fdes.length, 1);
    const fde = findFde(fdes, 0x104);
    assert.ok(fde);
    assert.deepEqual(rulesAt(fde, 0x100).cfa, { kind: 'regOffset', reg: 2, offset: 0 });
    assert.deepEqual(rulesAt(fde, 0x102).cfa, { kind: 'regOffset', reg: 2, offset: 16 });
    assert.deepEqual([...rulesAt(fde, 0x106).regs], [[1, { kind: 'offset', offset: -4 }], [8, { kind: 'offset', offset: -8 }]]);
    const mid = rulesAt(fde, 0x10b);
    assert.deepEqual(mid.cfa, { kind: 'regOffset', reg: 8, offset: 0 });
    assert.deepEqual(mid.regs.get(9), { kind: 'valOffset', offset: -12 });
    const after = rulesAt(fde, 0x10e);
    assert.deepEqual(after.cfa, { kind: 'regOffset', reg: 2, offset: 16 });
    assert.equal(after.regs.get(1), undefined);
    assert.equal(findFde(fdes, 0x140), undefined);
  });
});

describe('symbols: unwinding without CFI', function () {
  it('uses ra in the innermost frame, then the s0 frame-pointer chain', function () {
    const words: Record<number, number> = {};
    const put = (a: number, v: number): void => {
      for (let i = 0; i < 4; i++) words[a + i] = (v >>> (8 * i)) & 0xff;
    };
    // frame of the caller at fp 0x3000: saved ra at fp-4, saved fp at fp-8
    put(0x3000 - 4, 0x500);
    put(0x3000 - 8, 0x3100);
    put(0x3100 - 4, 0x600);
    put(0x3100 - 8, 0);
    const mem = { read: (a: number, n: number) => ctx({}, words).readMemory(a, n) };
    const regs = new Array<number | undefined>(32).fill(0);
    regs[1] = 0x400; // ra: the leaf's caller
    regs[2] = 0x2f00; // sp
    regs[8] = 0x3000; // s0 = fp of the caller
    const frames = unwindStack([], 0x300, regs, mem);
    assert.deepEqual(frames.map((f) => [f.pc, f.unwoundBy]), [[0x300, 'ra'], [0x400, 'framePointer'], [0x500, 'framePointer'], [0x600, 'none']]);
  });
});

describe('symbols: gdb number and string formats', function () {
  it('prints floats with %g precision 9 (float) and 17 (double)', function () {
    assert.equal(formatG(1.5, 17), '1.5');
    assert.equal(formatG(1 / 3, 17), '0.33333333333333331');
    assert.equal(formatG(Math.fround(1 / 3), 9), '0.333333343');
    assert.equal(formatG(1e20, 17), '1e+20');
    assert.equal(formatG(1.25e-7, 17), '1.2499999999999999e-07');
    assert.equal(formatG(-0, 17), '-0');
    assert.equal(formatG(Infinity, 17), 'inf');
    assert.equal(formatG(123456789, 9), '123456789');
    assert.equal(formatG(1234567890, 9), '1.23456789e+09');
  });

  it('prints char arrays with escapes, repeats and the 200-element limit', function () {
    const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
    assert.equal(formatString(enc('first\0\0\0'), true), '"first\\000\\000"');
    assert.equal(formatString(Uint8Array.from([...enc('ab'), ...new Array(22).fill(0)]), true), '"ab", \'\\000\' <repeats 21 times>');
    assert.equal(formatString(enc('a"\\\n\x1b'), true), '"a\\"\\\\\\n\\033"');
    assert.equal(formatString(new Uint8Array(250).fill(0x41), false), "'A' <repeats 250 times>");
    const long = formatString(enc('x'.repeat(5) + 'y'.repeat(0) + '0123456789'.repeat(25)), false);
    assert.ok(long.endsWith('"...'), long);
  });
});
