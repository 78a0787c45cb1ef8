// Sv32 translation (privileged spec v1.12, 4.3; QEMU 7.2 for A/D updates):
// the walk, superpages, permissions, SUM/MXR/MPRV, A/D bits, the page-fault
// causes 12/13/15 with the virtual address in tval, PMP on the walk, and
// sfence.vma / satp invalidation of cached translations.
import { strict as assert } from 'assert';
import * as E from './encode';
import { a0, a1, s0, s1, t0, t1, zero } from './encode';
import { CSR, RAM_BASE, enterMode, load, machine, peek32, pmpAllowAll, poke32, reg } from './harness';

const ROOT = RAM_BASE + 0x10000;
const L2 = RAM_BASE + 0x11000;
const PAGE_A = RAM_BASE + 0x20000;
const PAGE_B = RAM_BASE + 0x21000;
const VA = 0x40000000; // VPN1 = 0x100 -> L2
const V = 1, R = 2, W = 4, X = 8, U = 16, A = 64, D = 128;

const pte = (pa: number, flags: number): number => (((pa >>> 12) << 10) | flags) | 0;
const SATP = (0x80000000 | (ROOT >>> 12)) | 0;

type M = ReturnType<typeof machine>;

/** Root table: identity megapage over RAM (S, RWX, A/D set) and VA -> L2; L2 entries as given. */
function tables(m: M, l2: Record<number, number>, root: Record<number, number> = {}): void {
  poke32(m, ROOT + 0x200 * 4, pte(RAM_BASE, V | R | W | X | A | D));
  poke32(m, ROOT + (VA >>> 22) * 4, pte(L2, V));
  for (const [i, v] of Object.entries(root)) poke32(m, ROOT + Number(i) * 4, v);
  for (const [i, v] of Object.entries(l2)) poke32(m, L2 + Number(i) * 4, v);
  poke32(m, PAGE_A, 0xaaaa0001);
  poke32(m, PAGE_B, 0xbbbb0002);
}

interface Outcome { trap: { cause: number; tval: number } | null; m: M }

/** Turns on Sv32, enters `mode` (1 = S, 0 = U) with `extra` M-mode setup, runs `body`. */
function run(m: M, mode: number, body: number[], extra: number[] = [], steps = 2000): Outcome {
  const end = load(m, [...pmpAllowAll(), ...E.li(t0, SATP), E.csrw(CSR.satp, t0), E.sfence_vma(0, 0), ...extra,
    ...(mode === 3 ? [] : enterMode(mode)), ...body]);
  m.hart.stopOnTrap = true;
  m.hart.breakpoints.add(end);
  m.hart.run(steps);
  const stop = m.hart.lastStop;
  if (stop.kind === 'trap') return { trap: { cause: stop.cause, tval: stop.tval }, m };
  assert.equal(m.hart.pc, end, JSON.stringify(stop));
  return { trap: null, m };
}

describe('cpu: Sv32', () => {
  it('translates loads and stores and sets A on access, D on store', () => {
    const m = machine();
    tables(m, { 0: pte(PAGE_A, V | R | W), 1: pte(PAGE_B, V | R | W) });
    const out = run(m, 1, [
      ...E.li(s0, VA), E.lw(a0, 0, s0), // lw a0, 0(VA)      -> PAGE_A
      ...E.li(s0, VA + 0x1000), E.lw(a1, 0, s0), // lw a1, (VA + 0x1000) -> PAGE_B
    ]);
    assert.equal(out.trap, null);
    assert.equal(reg(m, a0) >>> 0, 0xaaaa0001);
    assert.equal(reg(m, a1) >>> 0, 0xbbbb0002);
    assert.equal(peek32(m, L2) & (A | D), A, 'load sets A only');
    const m2 = machine();
    tables(m2, { 0: pte(PAGE_A, V | R | W) });
    run(m2, 1, [...E.li(s0, VA), E.addi(t1, zero, 77), E.sw(t1, 8, s0)]);
    assert.equal(peek32(m2, PAGE_A + 8), 77);
    assert.equal(peek32(m2, L2) & (A | D), A | D, 'store sets A and D');
  });

  it('raises page faults 13, 15, 12 with the virtual address in tval', () => {
    const m = () => { const n = machine(); tables(n, { 0: pte(PAGE_A, R | W) /* not valid */ }); return n; };
    assert.deepEqual(run(m(), 1, [...E.li(s0, VA + 4), E.lw(a0, 0, s0)]).trap, { cause: 13, tval: VA + 4 });
    assert.deepEqual(run(m(), 1, [...E.li(s0, VA + 4), E.sw(a0, 0, s0)]).trap, { cause: 15, tval: VA + 4 });
    assert.deepEqual(run(m(), 1, [...E.li(s0, VA + 8), E.jalr(zero, s0, 0)]).trap, { cause: 12, tval: VA + 8 });
    assert.deepEqual(run(m(), 1, [...E.li(s0, VA + 0x5000), E.lw(a0, 0, s0)]).trap, { cause: 13, tval: VA + 0x5000 }, 'zero PTE');
  });

  it('enforces R/W/X: stores and AMOs need W, loads need R (or X with MXR), fetches need X', () => {
    const setup = (): M => {
      const n = machine();
      tables(n, { 0: pte(PAGE_A, V | R | A), 1: pte(PAGE_B, V | X | A) });
      return n;
    };
    assert.deepEqual(run(setup(), 1, [...E.li(s0, VA), E.sw(a0, 0, s0)]).trap, { cause: 15, tval: VA });
    assert.deepEqual(run(setup(), 1, [...E.li(s0, VA), E.amoor_w(a0, zero, s0)]).trap, { cause: 15, tval: VA });
    assert.deepEqual(run(setup(), 1, [...E.li(s0, VA + 0x1000), E.lw(a0, 0, s0)]).trap, { cause: 13, tval: VA + 0x1000 });
    const mxr = run(setup(), 1, [...E.li(s0, VA + 0x1000), E.lw(a0, 0, s0)], [...E.li(t1, 1 << 19), E.csrrs(zero, CSR.mstatus, t1)]);
    assert.equal(mxr.trap, null, 'MXR makes executable pages readable');
    assert.equal(reg(mxr.m, a0) >>> 0, 0xbbbb0002);
    assert.deepEqual(run(setup(), 1, [...E.li(s0, VA), E.jalr(zero, s0, 0)]).trap, { cause: 12, tval: VA });
  });

  it('reserved encodings fault: W without R, and a pointer at the last level', () => {
    const n = machine();
    tables(n, { 0: pte(PAGE_A, V | W | A | D), 1: pte(PAGE_B, V) });
    assert.deepEqual(run(n, 1, [...E.li(s0, VA), E.lw(a0, 0, s0)]).trap, { cause: 13, tval: VA });
    const n2 = machine();
    tables(n2, { 1: pte(PAGE_B, V) });
    assert.deepEqual(run(n2, 1, [...E.li(s0, VA + 0x1000), E.lw(a0, 0, s0)]).trap, { cause: 13, tval: VA + 0x1000 });
  });

  it('U pages: U mode only, S needs SUM for data and may never execute them', () => {
    const setup = (): M => { const n = machine(); tables(n, { 0: pte(PAGE_A, V | R | W | X | U | A | D) }); return n; };
    assert.deepEqual(run(setup(), 1, [...E.li(s0, VA), E.lw(a0, 0, s0)]).trap, { cause: 13, tval: VA });
    const sum = [...E.li(t1, 1 << 18), E.csrrs(zero, CSR.mstatus, t1)];
    assert.equal(run(setup(), 1, [...E.li(s0, VA), E.lw(a0, 0, s0)], sum).trap, null);
    assert.deepEqual(run(setup(), 1, [...E.li(s0, VA), E.jalr(zero, s0, 0)], sum).trap, { cause: 12, tval: VA });
    // U mode can use the U page but not S pages (the code itself is on an S megapage, so U faults fetching).
    const u = run(setup(), 0, [E.nop()]);
    assert.equal(u.trap?.cause, 12, 'U cannot fetch from an S page');
  });

  it('megapages translate the low 22 bits; a misaligned megapage faults', () => {
    const n = machine();
    tables(n, {}, { 0x101: pte(RAM_BASE, V | R | A), 0x102: pte(PAGE_A, V | R | A) });
    const out = run(n, 1, [...E.li(s0, 0x40400000 + 0x20000), E.lw(a0, 0, s0)]);
    assert.equal(out.trap, null);
    assert.equal(reg(n, a0) >>> 0, 0xaaaa0001);
    const n2 = machine();
    tables(n2, {}, { 0x102: pte(PAGE_A, V | R | A) });
    assert.deepEqual(run(n2, 1, [...E.li(s0, 0x40800000), E.lw(a0, 0, s0)]).trap, { cause: 13, tval: 0x40800000 });
  });

  it('executes code through a mapping; a page-crossing instruction faults on its second half', () => {
    const n = machine();
    tables(n, { 0: pte(PAGE_A, V | R | X | A) });
    load(n, [E.addi(a1, zero, 42), E.ecall()], PAGE_A + 0x10);
    const out = run(n, 1, [...E.li(s0, VA + 0x10), E.jalr(zero, s0, 0)]);
    assert.equal(out.trap?.cause, 9, 'ecall from S at the mapped address');
    assert.equal(reg(n, a1), 42);
    assert.equal(n.hart.mepc >>> 0, VA + 0x14);
    const n2 = machine();
    tables(n2, { 0: pte(PAGE_A, V | R | X | A) });
    load(n2, [E.c_nop(), E.addi(a1, zero, 1)], PAGE_A + 0xffc); // the addi straddles into the unmapped page
    const cross = run(n2, 1, [...E.li(s0, VA + 0xffc), E.jalr(zero, s0, 0)]);
    assert.deepEqual(cross.trap, { cause: 12, tval: VA + 0x1000 });
    assert.equal(n2.hart.mepc >>> 0, VA + 0xffe);
  });

  it('a misaligned access crossing into an unmapped page reports that page in tval', () => {
    const n = machine();
    tables(n, { 0: pte(PAGE_A, V | R | W | A | D) });
    assert.deepEqual(run(n, 1, [...E.li(s0, VA + 0xffe), E.lw(a0, 0, s0)]).trap, { cause: 13, tval: VA + 0x1000 });
    const n2 = machine();
    tables(n2, { 0: pte(PAGE_A, V | R | W | A | D) });
    poke32(n2, PAGE_A + 0xffc, 0x12345678);
    assert.deepEqual(run(n2, 1, [...E.li(s0, VA + 0xffe), E.sw(zero, 0, s0)]).trap, { cause: 15, tval: VA + 0x1000 });
    assert.equal(peek32(n2, PAGE_A + 0xffc), 0x12345678, 'nothing written');
  });

  it('MPRV makes M-mode loads and stores use MPP translation, not fetches', () => {
    const n = machine();
    tables(n, { 0: pte(PAGE_A, V | R | W | A | D) });
    const mprv = [...E.li(t1, (1 << 17) | (1 << 11)), E.csrrs(zero, CSR.mstatus, t1)]; // MPRV, MPP = S
    const out = run(n, 3, [...mprv, ...E.li(s0, VA), E.lw(a0, 0, s0)]);
    assert.equal(out.trap, null);
    assert.equal(reg(n, a0) >>> 0, 0xaaaa0001);
  });

  it('a page-table read denied by PMP is an access fault', () => {
    const n = machine();
    tables(n, { 0: pte(PAGE_A, V | R | W | A | D) });
    // Entry 0: no access to the L2 table page; entry 1 (pmpAllowAll writes entry 0 first) allows the rest.
    const deny = [
      ...E.li(t0, ((L2 >>> 2) | 0x1ff) | 0), E.csrw(CSR.pmpaddr0, t0),
      ...E.li(t0, -1), E.csrw(CSR.pmpaddr1, t0),
      ...E.li(t0, 0x1f18), E.csrw(CSR.pmpcfg0, t0),
    ];
    assert.deepEqual(run(n, 1, [...E.li(s0, VA), E.lw(a0, 0, s0)], deny).trap, { cause: 5, tval: VA });
  });

  it('sfence.vma and satp writes drop cached translations', () => {
    const n = machine();
    tables(n, { 0: pte(PAGE_A, V | R | W | A | D) });
    const newPte = pte(PAGE_B, V | R | W | A | D);
    const out = run(n, 1, [
      ...E.li(s0, VA), E.lw(a0, 0, s0), // cached: PAGE_A
      ...E.li(t0, L2), ...E.li(t1, newPte), E.sw(t1, 0, t0), // remap VA -> PAGE_B (identity megapage)
      E.sfence_vma(0, 0),
      E.lw(a1, 0, s0), // PAGE_B
    ]);
    assert.equal(out.trap, null);
    assert.equal(reg(n, a0) >>> 0, 0xaaaa0001);
    assert.equal(reg(n, a1) >>> 0, 0xbbbb0002);
  });

  it('translation follows page-table stores even without sfence.vma (deterministic across snapshot restores)', () => {
    for (const compileAfter of [0, 2]) {
      const n = machine();
      n.hart.compileAfter = compileAfter;
      tables(n, { 0: pte(PAGE_A, V | R | W | A | D) });
      const newPte = pte(PAGE_B, V | R | W | A | D), oldPte = pte(PAGE_A, V | R | W | A | D);
      const out = run(n, 1, [
        ...E.li(s0, VA), ...E.li(t0, L2), ...E.li(t1, newPte), ...E.li(a1, oldPte), E.addi(zero, zero, 0),
        E.addi(a0, zero, 0),
        ...E.li(s1, 3000),
        E.lw(t1, 0, s0), E.add(a0, a0, t1), // loop: a0 += *VA
        ...E.li(t1, newPte), E.sw(t1, 0, t0), // remap VA -> PAGE_B
        E.lw(t1, 0, s0), E.add(a0, a0, t1),
        E.sw(a1, 0, t0), // and back to PAGE_A
        E.addi(s1, s1, -1), E.bne(s1, zero, -36),
      ], [], 100000);
      assert.equal(out.trap, null);
      assert.equal(reg(n, a0) >>> 0, (3000 * (0xaaaa0001 + 0xbbbb0002)) % 2 ** 32, `compileAfter=${compileAfter}`);
    }
  });

  it('the same code page mapped at two virtual addresses runs correctly through both, compiled or not', () => {
    for (const compileAfter of [0, 2]) {
      const n = machine();
      n.hart.compileAfter = compileAfter;
      tables(n, { 0: pte(PAGE_A, V | R | X | A), 1: pte(PAGE_A, V | R | X | A) });
      // At PAGE_A: a loop that sums auipc results, then returns.
      load(n, [E.addi(t1, zero, 600), E.auipc(t0, 0), E.add(a0, a0, t0), E.addi(t1, t1, -1), E.bne(t1, zero, -12), E.ret()], PAGE_A);
      const out = run(n, 1, [
        ...E.li(s0, VA), E.jalr(1, s0, 0), E.mv(a1, a0), // through the first mapping
        E.addi(a0, zero, 0), ...E.li(s0, VA + 0x1000), E.jalr(1, s0, 0), // then the second
      ], [], 100000);
      assert.equal(out.trap, null);
      assert.equal(reg(n, a1) >>> 0, (600 * (VA + 4)) % 2 ** 32, `compileAfter=${compileAfter}`);
      assert.equal(reg(n, a0) >>> 0, (600 * (VA + 0x1004)) % 2 ** 32, `compileAfter=${compileAfter}`);
    }
  });

  it('bare mode (satp = 0) does not translate in S', () => {
    const n = machine();
    poke32(n, PAGE_A, 0x5a5a5a5a);
    const end = load(n, [...pmpAllowAll(), ...enterMode(1), ...E.li(s0, PAGE_A), E.lw(a0, 0, s0)]);
    n.hart.breakpoints.add(end);
    n.hart.run(100);
    assert.equal(reg(n, a0), 0x5a5a5a5a);
  });
});
