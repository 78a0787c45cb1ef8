// A guest can never raise a host exception: random words executed as code
// at every privilege level, with and without paging, with random CSR state,
// end as traps (values), never as thrown errors. Fixed seeds, bounded counts.
import { strict as assert } from 'assert';
import * as E from './encode';
import { t0, zero } from './encode';
import { CSR, RAM_BASE, enterMode, load, machine, pmpAllowAll } from './harness';
import { Random } from './random';

const CODE = RAM_BASE + 0x1000; // 16 KiB of random words
const ROOT = RAM_BASE + 0x10000;

/** Runs one fuzz case; returns the final hart state and RAM checksum. */
function fuzz(seed: number, mode: number, paging: boolean, compileAfter: number): string {
  const r = new Random(seed);
  const m = machine();
  m.hart.compileAfter = compileAfter;
  const dv = new DataView(m.ram.bytes.buffer);
  for (let off = 0x1000; off < 0x5000; off += 4) dv.setInt32(off, r.next(), true);
  // Sprinkle valid-looking instructions so that loads, stores, CSR accesses and jumps do happen.
  for (let k = 0; k < 300; k++) {
    const off = 0x1000 + 4 * r.below(0x1000);
    const rs = r.below(32), rd = r.below(32);
    const pick = r.pick([
      E.lw(rd, r.below(4096) - 2048, rs), E.sw(rd, r.below(4096) - 2048, rs), E.csrrw(rd, r.below(4096), rs),
      E.jalr(rd, rs, r.below(4096) - 2048), E.amoadd_w(rd, rs, r.below(32)), E.lr_w(rd, rs), E.sc_w(rd, rs, rd),
      E.ecall(), E.mret(), E.sret(), E.wfi(), E.sfence_vma(rs, rd), E.fence_i(), E.csrrs(rd, CSR.satp, rs),
    ]);
    dv.setUint32(off, pick, true);
  }
  // An identity megapage table (with random attribute bits) for the paged runs.
  for (let i = 0; i < 1024; i++) dv.setInt32(0x10000 + 4 * i, (((i << 20) | (r.next() & 0x3ff)) | 1) | 0, true);
  const setup = [
    ...E.li(t0, CODE + 4 * r.below(0x1000)), E.csrw(CSR.mtvec, t0),
    ...E.li(t0, CODE + 4 * r.below(0x1000)), E.csrw(CSR.stvec, t0),
    ...E.li(t0, r.next() & 0xb3ff), E.csrw(CSR.medeleg, t0),
    ...E.li(t0, r.next()), E.csrw(CSR.mideleg, t0),
    ...E.li(t0, r.next()), E.csrw(CSR.mstatus, t0),
    ...pmpAllowAll(),
    ...(paging ? [...E.li(t0, (0x80000000 | (ROOT >>> 12)) | 0), E.csrw(CSR.satp, t0)] : []),
    ...(mode === 3 ? [] : enterMode(mode)),
    ...E.li(t0, CODE), E.jalr(zero, t0, 0),
  ];
  load(m, setup);
  let steps = 0;
  for (let slice = 0; slice < 60 && steps < 6000; slice++) {
    if (r.below(4) === 0) m.hart.setIrqLevel((1 << r.pick([3, 7, 9, 11])) as never, r.below(2) === 0);
    if (r.below(8) === 0) m.hart.stopOnTrap = !m.hart.stopOnTrap;
    const n = m.hart.run(1 + r.below(200));
    assert.ok(n >= 0 && n <= 200);
    steps += n;
    if (m.hart.lastStop.kind === 'wfi') m.hart.setIrqLevel((1 << 7) as never, true);
    m.bus.attention = false;
  }
  const state = JSON.stringify(m.hart.saveState());
  m.hart.loadState(JSON.parse(state));
  assert.equal(JSON.stringify(m.hart.saveState()), state);
  let sum = 0;
  for (let i = 0; i < m.ram.size; i += 4) sum = (Math.imul(sum, 31) + dv.getInt32(i, true)) | 0;
  return `${state} ram:${sum}`;
}

describe('cpu: random code never throws', () => {
  it('in M, S and U mode, bare and paged; compiled and interpreted end in the same state', () => {
    let seed = 1;
    for (const mode of [3, 1, 0]) {
      for (const paging of [false, true]) {
        for (let k = 0; k < 6; k++, seed++) {
          assert.equal(fuzz(seed, mode, paging, 1), fuzz(seed, mode, paging, 0), `seed ${seed}`);
        }
      }
    }
  });
});
