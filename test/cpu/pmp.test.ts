// Physical memory protection (privileged spec v1.12, 3.7; QEMU 7.2 pmp.c
// where the spec leaves a choice): matching modes, priority, partial
// matches, locking, and the access-fault causes 1/5/7.
import { strict as assert } from 'assert';
import * as E from './encode';
import { a0, s0, t0, t1, zero } from './encode';
import { CSR, RAM_BASE, enterMode, load, machine, peek32, poke32, reg } from './harness';

const CODE = RAM_BASE; // tests run from the first 16 KiB
const DATA = RAM_BASE + 0x8000;
const R = 1, W = 2, X = 4, TOR = 0x08, NA4 = 0x10, NAPOT = 0x18, L = 0x80;

/** pmpaddr value for a naturally aligned power-of-two region. */
function napot(base: number, size: number): number {
  return ((base >>> 2) | ((size >>> 3) - 1)) | 0;
}

/** Instructions that set pmpaddr`i` and pmpcfg byte `i` (entries 0-7). Clobbers t0, t1. */
function entry(i: number, addr: number, cfg: number): number[] {
  const reg = i < 4 ? CSR.pmpcfg0 : CSR.pmpcfg1;
  const shift = 8 * (i % 4);
  return [
    ...E.li(t0, addr), E.csrw(CSR.pmpaddr0 + i, t0),
    ...E.li(t1, 0xff << shift), E.csrrc(zero, reg, t1),
    ...E.li(t1, cfg << shift), E.csrrs(zero, reg, t1),
  ];
}

/** Code always executable in S/U: entry 7 covers the first 16 KiB RWX (lowest priority). */
const codeEntry = (): number[] => entry(7, napot(CODE, 0x4000), NAPOT | R | W | X);

interface Outcome { trap: { cause: number; tval: number } | null; m: ReturnType<typeof machine> }

/** Sets up PMP in M mode, drops to `mode` (or stays in M when 3), runs `body`. */
function run(mode: number, pmp: number[], body: number[]): Outcome {
  const m = machine();
  poke32(m, DATA, 0x11111111);
  const end = load(m, [...pmp, ...(mode === 3 ? [] : enterMode(mode)), ...body]);
  m.hart.stopOnTrap = true;
  m.hart.breakpoints.add(end);
  m.hart.run(1000);
  const stop = m.hart.lastStop;
  if (stop.kind === 'trap') return { trap: { cause: stop.cause, tval: stop.tval }, m };
  assert.equal(m.hart.pc, end, JSON.stringify(stop));
  return { trap: null, m };
}

const loadData = (): number[] => [...E.li(s0, DATA), E.lw(a0, 0, s0)];
const storeData = (): number[] => [...E.li(s0, DATA), E.sw(s0, 0, s0)];

describe('cpu: PMP', () => {
  it('with no entry, M mode reaches everything and S/U reach nothing (QEMU 7.2)', () => {
    assert.equal(run(3, [], loadData()).trap, null);
    assert.equal(run(3, [], storeData()).trap, null);
    // mret to S/U with no entry is refused by QEMU 7.2, so configure an unrelated entry first.
    const unrelated = entry(0, napot(RAM_BASE + 0x100000 - 8, 8), NAPOT | R);
    const s = run(1, unrelated, loadData());
    assert.equal(s.trap?.cause, 1, 'even the fetch after mret fails in S');
    assert.equal(s.trap?.tval, s.m.hart.mepc >>> 0);
  });

  it('grants S and U exactly the permissions of the matching entry', () => {
    const ro = [...codeEntry(), ...entry(0, napot(DATA, 0x1000), NAPOT | R)];
    for (const mode of [0, 1]) {
      const ld = run(mode, ro, loadData());
      assert.equal(ld.trap, null);
      assert.equal(reg(ld.m, a0), 0x11111111);
      assert.deepEqual(run(mode, ro, storeData()).trap, { cause: 7, tval: DATA });
      assert.deepEqual(run(mode, ro, [...E.li(s0, DATA), E.amoadd_w(a0, zero, s0)]).trap, { cause: 7, tval: DATA }, 'AMOs need write');
    }
    const wo = [...codeEntry(), ...entry(0, napot(DATA, 0x1000), NAPOT | W)];
    assert.deepEqual(run(1, wo, loadData()).trap, { cause: 5, tval: DATA });
    const st = run(1, wo, storeData());
    assert.equal(st.trap, null);
    assert.equal(peek32(st.m, DATA), DATA);
  });

  it('denies instruction fetch without X, reporting the pc', () => {
    const target = RAM_BASE + 0x8000;
    const pmp = [...codeEntry(), ...entry(0, napot(target, 0x1000), NAPOT | R | W)];
    const out = run(1, pmp, [...E.li(t0, target), E.jalr(zero, t0, 0)]);
    assert.deepEqual(out.trap, { cause: 1, tval: target });
  });

  it('TOR matches [pmpaddr(i-1), pmpaddr(i)); NA4 matches one word', () => {
    const tor = [...codeEntry(), ...E.li(t0, DATA >>> 2), E.csrw(CSR.pmpaddr0, t0), ...entry(1, (DATA + 8) >>> 2, TOR | R)];
    assert.equal(run(1, tor, [...E.li(s0, DATA + 4), E.lw(a0, 0, s0)]).trap, null);
    assert.deepEqual(run(1, tor, [...E.li(s0, DATA + 8), E.lw(a0, 0, s0)]).trap, { cause: 5, tval: DATA + 8 });
    assert.deepEqual(run(1, tor, [...E.li(s0, DATA - 4), E.lw(a0, 0, s0)]).trap, { cause: 5, tval: DATA - 4 });
    const na4 = [...codeEntry(), ...entry(0, DATA >>> 2, NA4 | R)];
    assert.equal(run(1, na4, [...E.li(s0, DATA), E.lw(a0, 0, s0)]).trap, null);
    assert.deepEqual(run(1, na4, [...E.li(s0, DATA + 4), E.lb(a0, 0, s0)]).trap, { cause: 5, tval: DATA + 4 });
  });

  it('the lowest-numbered matching entry decides', () => {
    const pmp = [
      ...codeEntry(),
      ...entry(0, napot(DATA, 8), NAPOT), // no permission on 8 bytes
      ...entry(1, napot(DATA, 0x1000), NAPOT | R | W), // inside a read-write page
    ];
    assert.deepEqual(run(1, pmp, [...E.li(s0, DATA + 4), E.lw(a0, 0, s0)]).trap, { cause: 5, tval: DATA + 4 });
    assert.equal(run(1, pmp, [...E.li(s0, DATA + 8), E.lw(a0, 0, s0)]).trap, null);
  });

  it('an access that straddles an entry boundary fails', () => {
    const pmp = [...codeEntry(), ...entry(0, napot(DATA, 16), NAPOT | R | W), ...entry(1, napot(DATA + 16, 16), NAPOT | R | W)];
    assert.deepEqual(run(1, pmp, [...E.li(s0, DATA + 14), E.lw(a0, 0, s0)]).trap, { cause: 5, tval: DATA + 14 });
    assert.equal(run(1, pmp, [...E.li(s0, DATA + 12), E.lw(a0, 0, s0)]).trap, null);
  });

  it('a locked entry binds M mode too, and its registers ignore writes until reset', () => {
    const locked = entry(0, napot(DATA, 0x1000), NAPOT | R | L);
    assert.equal(run(3, locked, loadData()).trap, null);
    assert.deepEqual(run(3, locked, storeData()).trap, { cause: 7, tval: DATA });
    const out = run(3, [...locked,
      ...E.li(t0, -1), E.csrw(CSR.pmpaddr0, t0), E.csrw(CSR.pmpcfg0, t0),
      E.csrr(a0, CSR.pmpcfg0), E.csrr(s0, CSR.pmpaddr0)], []);
    assert.equal(reg(out.m, a0) & 0xff, NAPOT | R | L);
    assert.equal(reg(out.m, s0), napot(DATA, 0x1000));
    // A locked TOR entry also locks the address below it.
    const tor = run(3, [...entry(1, DATA >>> 2, TOR | R | L), ...E.li(t0, 0x1234), E.csrw(CSR.pmpaddr0, t0), E.csrr(a0, CSR.pmpaddr0)], []);
    assert.equal(reg(tor.m, a0), 0);
    // M mode is unaffected by an unlocked entry.
    assert.equal(run(3, entry(0, napot(DATA, 0x1000), NAPOT), storeData()).trap, null);
  });

  it('a PMP change applies to the very next access (nothing stale is cached)', () => {
    const m = machine();
    const handler = RAM_BASE + 0x1000;
    // The S-mode code loads DATA, traps to M (which removes R from entry 0), then loads again.
    load(m, [E.addi(t1, zero, NAPOT | W), E.csrw(CSR.pmpcfg0, t1), E.csrr(t0, CSR.mepc), E.addi(t0, t0, 4), E.csrw(CSR.mepc, t0), E.mret()], handler);
    const end = load(m, [
      ...E.li(t0, handler), E.csrw(CSR.mtvec, t0),
      ...codeEntry(), ...entry(0, napot(DATA, 0x1000), NAPOT | R | W),
      ...enterMode(1),
      ...E.li(s0, DATA), E.lw(a0, 0, s0), E.lw(a0, 0, s0),
      E.ecall(),
      E.lw(a0, 0, s0),
    ]);
    m.hart.breakpoints.add(end);
    m.hart.stopOnTrap = true;
    m.hart.run(1000);
    assert.deepEqual(m.hart.lastStop.kind === 'trap' && m.hart.lastStop.cause, 9, 'the ecall');
    m.hart.run(1000);
    assert.deepEqual(m.hart.lastStop.kind === 'trap' && [m.hart.lastStop.cause, m.hart.lastStop.tval], [5, DATA]);
  });
});
