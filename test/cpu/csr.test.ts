// Zicsr and the machine/supervisor CSRs (privileged spec v1.12 ch. 2-4):
// read/modify/write semantics, the rd = x0 and rs1 = x0 rules, access
// checks, WARL fields, and the counters.
import { strict as assert } from 'assert';
import * as E from './encode';
import { a0, a1, a2, a3, a4, a5, a6, a7, s2, s3, s4, t0, t1, zero } from './encode';
import { CSR, enterMode, load, machine, pmpAllowAll, reg, runProgram, ureg } from './harness';

/** Runs a single instruction with stopOnTrap and returns the trap it raised, or null. */
function trapOf(program: number[], setup?: (m: ReturnType<typeof machine>) => void): { cause: number; tval: number } | null {
  const m = machine();
  setup?.(m);
  const end = load(m, program);
  m.hart.stopOnTrap = true;
  m.hart.breakpoints.add(end);
  m.hart.run(1000);
  const stop = m.hart.lastStop;
  return stop.kind === 'trap' ? { cause: stop.cause, tval: stop.tval } : null;
}

describe('cpu: CSRs', () => {
  it('csrrw, csrrs, csrrc and the immediate forms return the old value and update the CSR', () => {
    const m = runProgram([
      E.li(t0, 0xf0f0), // li t0, 0xf0f0
      E.csrrw(a0, CSR.mscratch, t0), // csrrw a0, mscratch, t0   a0 = 0
      E.addi(t1, zero, 0x0f), // li t1, 0x0f
      E.csrrs(a1, CSR.mscratch, t1), // csrrs a1, mscratch, t1   a1 = 0xf0f0 -> 0xf0ff
      E.csrrc(a2, CSR.mscratch, t0), // csrrc a2, mscratch, t0   a2 = 0xf0ff -> 0x000f
      E.csrrwi(a3, CSR.mscratch, 31), // csrrwi a3, mscratch, 31 a3 = 0x000f -> 31
      E.csrrsi(a4, CSR.mscratch, 0x20 >> 1), // csrrsi a4, mscratch, 16 (no change: bit set)
      E.csrrci(a5, CSR.mscratch, 1), // csrrci a5, mscratch, 1  a5 = 31 -> 30
      E.csrr(a6, CSR.mscratch), // csrr a6, mscratch
    ]);
    assert.deepEqual([a0, a1, a2, a3, a4, a5, a6].map((r) => reg(m, r)), [0, 0xf0f0, 0xf0ff, 0x0f, 31, 31, 30]);
  });

  it('rs1 = x0 / uimm = 0 means no write, so read-only CSRs do not trap; any write attempt does', () => {
    assert.equal(trapOf([E.csrrs(a0, CSR.mvendorid, zero)]), null, 'csrr of a read-only CSR');
    assert.equal(trapOf([E.csrrc(a0, CSR.cycle, zero)]), null, 'csrrc with rs1 = x0');
    assert.equal(trapOf([E.csrrsi(a0, CSR.cycle, 0)]), null, 'csrrsi with uimm = 0');
    for (const insn of [E.csrrw(zero, CSR.mvendorid, zero), E.csrrs(a0, CSR.cycle, t0), E.csrrci(a0, CSR.instret, 1), E.csrrwi(zero, CSR.mhartid, 0)]) {
      assert.deepEqual(trapOf([insn]), { cause: 2, tval: insn }, `0x${insn.toString(16)} writes a read-only CSR`);
    }
  });

  it('an unknown CSR is an illegal instruction with the instruction bits in mtval', () => {
    for (const csr of [0x7ff, 0x000, 0x3a4, 0xb01, 0x7a0, 0xfff]) {
      const insn = E.csrr(a0, csr);
      assert.deepEqual(trapOf([insn]), { cause: 2, tval: insn }, `csr 0x${csr.toString(16)}`);
    }
  });

  it('a CSR above the current privilege is illegal', () => {
    const fromS = (insn: number): ReturnType<typeof trapOf> => trapOf([...pmpAllowAll(), ...enterMode(1), insn]);
    const fromU = (insn: number): ReturnType<typeof trapOf> => trapOf([...pmpAllowAll(), ...enterMode(0), insn]);
    assert.deepEqual(fromS(E.csrr(a0, CSR.mstatus)), { cause: 2, tval: E.csrr(a0, CSR.mstatus) });
    assert.equal(fromS(E.csrr(a0, CSR.sstatus)), null);
    assert.deepEqual(fromU(E.csrr(a0, CSR.sstatus)), { cause: 2, tval: E.csrr(a0, CSR.sstatus) });
    assert.deepEqual(fromU(E.csrw(CSR.mscratch, zero)), { cause: 2, tval: E.csrw(CSR.mscratch, zero) });
  });

  it('identification CSRs: misa is RV32 IMACSU, ids are zero, mhartid comes from reset', () => {
    const m = machine();
    m.hart.reset(0x80000000, 3, 0x87e00000);
    runProgram([
      E.csrr(a0, CSR.misa), E.csrr(a1, CSR.mvendorid), E.csrr(a2, CSR.marchid), E.csrr(a3, CSR.mimpid), E.csrr(a4, CSR.mhartid),
    ], m);
    assert.equal(ureg(m, a0), 0x40141105);
    assert.deepEqual([a1, a2, a3].map((r) => reg(m, r)), [0, 0, 0]);
    assert.equal(reg(m, a4), 3);
  });

  it('reset sets pc, a0 = hart id, a1 = device tree, M mode, mstatus 0', () => {
    const m = machine();
    m.hart.regs[5] = 99;
    m.hart.reset(0x80001000, 2, 0x87e00000);
    assert.equal(m.hart.pc, 0x80001000);
    assert.equal(reg(m, a0), 2);
    assert.equal(ureg(m, a1), 0x87e00000);
    assert.equal(reg(m, t0), 0);
    assert.equal(m.hart.privilege, 3);
    assert.equal(m.hart.mstatus, 0);
  });

  it('mstatus keeps only implemented fields; an unsupported MPP value leaves MPP unchanged', () => {
    const m = runProgram([
      E.addi(t0, zero, -1), // li t0, -1
      E.csrw(CSR.mstatus, t0), // csrw mstatus, t0
      E.csrr(a0, CSR.mstatus), // csrr a0, mstatus
      E.li(t0, 0x1000), // li t0, MPP = 2 (H, not implemented)
      E.csrw(CSR.mstatus, t0), // csrw mstatus, t0
      E.csrr(a1, CSR.mstatus), // csrr a1, mstatus -> MPP still 3
      E.li(t0, 0x800), // li t0, MPP = 1
      E.csrw(CSR.mstatus, t0),
      E.csrr(a2, CSR.mstatus), // -> MPP = 1
      E.csrr(a3, CSR.mstatush), // mstatush reads 0
    ]);
    assert.equal(ureg(m, a0).toString(16), '7e19aa');
    assert.equal(ureg(m, a1).toString(16), '1800');
    assert.equal(ureg(m, a2).toString(16), '800');
    assert.equal(reg(m, a3), 0);
  });

  it('sstatus, sie and sip are restricted views of mstatus, mie and mip', () => {
    const m = runProgram([
      E.addi(t0, zero, -1),
      E.csrw(CSR.sstatus, t0), // csrw sstatus, -1
      E.csrr(a0, CSR.mstatus), // only SIE, SPIE, SPP, SUM, MXR set
      E.csrr(a1, CSR.sstatus),
      E.li(t1, 0x222), // delegate SSI, STI, SEI
      E.csrw(CSR.mideleg, t0), // csrw mideleg, -1 -> 0x222
      E.csrr(a2, CSR.mideleg),
      E.csrw(CSR.sie, t0), // csrw sie, -1 -> mie = 0x222
      E.csrr(a3, CSR.mie),
      E.csrw(CSR.mie, t0), // csrw mie, -1 -> 0xaaa
      E.csrr(a4, CSR.sie), // sie = mie & mideleg
      E.csrw(CSR.sip, t0), // csrw sip, -1 -> only SSIP
      E.csrr(a5, CSR.mip),
      E.csrw(CSR.mideleg, zero),
      E.csrr(a6, CSR.sip), // nothing delegated: sip reads 0
      E.csrw(CSR.mip, zero),
      E.csrw(CSR.sip, t0), // SSIP not delegated: write ignored
      E.csrr(a7, CSR.mip),
    ]);
    assert.equal(ureg(m, a0).toString(16), 'c0122');
    assert.equal(ureg(m, a1).toString(16), 'c0122');
    assert.equal(reg(m, a2), 0x222);
    assert.equal(reg(m, a3), 0x222);
    assert.equal(reg(m, a4), 0x222);
    assert.equal(reg(m, a5), 0x2);
    assert.equal(reg(m, a6), 0);
    assert.equal(reg(m, a7), 0);
  });

  it('mip: SSIP/STIP/SEIP are software-writable; SEIP reads as the line ORed with the software bit', () => {
    const m = machine();
    m.hart.setIrqLevel(1 << 9, true); // the PLIC raises SEIP
    m.hart.setIrqLevel(1 << 7, true); // the CLINT raises MTIP
    runProgram([
      E.csrr(a0, CSR.mip), // 0x280
      E.addi(t0, zero, -1),
      E.csrw(CSR.mip, t0), // sets SSIP, STIP, software SEIP; MTIP is not writable
      E.csrr(a1, CSR.mip), // 0x2a2
      E.csrw(CSR.mip, zero), // clears the software bits; the SEIP line stays
      E.csrr(a2, CSR.mip), // 0x280
    ], m);
    assert.equal(ureg(m, a0).toString(16), '280');
    assert.equal(ureg(m, a1).toString(16), '2a2');
    assert.equal(ureg(m, a2).toString(16), '280');
    m.hart.setIrqLevel(1 << 9, false);
    assert.equal(m.hart.mip, 0x80);
  });

  it('delegation registers hold only delegable causes', () => {
    const m = runProgram([
      E.addi(t0, zero, -1),
      E.csrw(CSR.medeleg, t0), E.csrr(a0, CSR.medeleg),
      E.csrw(CSR.mideleg, t0), E.csrr(a1, CSR.mideleg),
    ]);
    assert.equal(ureg(m, a0).toString(16), 'b3ff');
    assert.equal(ureg(m, a1).toString(16), '222');
  });

  it('mtvec/stvec ignore reserved modes; mepc/sepc clear bit 0', () => {
    const m = runProgram([
      E.li(t0, 0x80000101 | 0), E.csrw(CSR.mtvec, t0), E.csrr(a0, CSR.mtvec), // vectored
      E.li(t1, 0x80000202 | 0), E.csrw(CSR.mtvec, t1), E.csrr(a1, CSR.mtvec), // mode 2: ignored
      E.addi(t1, zero, -1), E.csrw(CSR.stvec, t1), E.csrr(a2, CSR.stvec), // mode 3: ignored
      E.csrw(CSR.mepc, t1), E.csrr(a3, CSR.mepc),
      E.csrw(CSR.sepc, t1), E.csrr(a4, CSR.sepc),
    ]);
    assert.equal(ureg(m, a0), 0x80000101);
    assert.equal(ureg(m, a1), 0x80000101);
    assert.equal(reg(m, a2), 0);
    assert.equal(ureg(m, a3), 0xfffffffe);
    assert.equal(ureg(m, a4), 0xfffffffe);
  });

  it('pmpcfg reserved bits read as zero; menvcfg keeps only FIOM', () => {
    const m = runProgram([
      E.li(t0, 0x6f6f6f6f), E.csrw(CSR.pmpcfg1, t0), E.csrr(a0, CSR.pmpcfg1),
      E.addi(t1, zero, -1), E.csrw(CSR.menvcfg, t1), E.csrr(a1, CSR.menvcfg),
    ]);
    assert.equal(ureg(m, a0).toString(16), 'f0f0f0f');
    assert.equal(reg(m, a1), 1);
  });

  it('cycle and instret count retired instructions; time comes from the TimeSource', () => {
    const m = machine();
    m.time.value = 0x123456789;
    runProgram([
      E.nop(), // 0
      E.csrr(a0, CSR.instret), // 1 instruction retired before this one
      E.csrr(a1, CSR.cycle), // 2
      E.csrr(a2, CSR.minstreth), // 0
      E.csrr(a3, CSR.time), // 0x23456789
      E.csrr(a4, CSR.timeh), // 0x1
    ], m);
    assert.deepEqual([a0, a1, a2].map((r) => reg(m, r)), [1, 2, 0]);
    assert.equal(ureg(m, a3), 0x23456789);
    assert.equal(reg(m, a4), 1);
  });

  it('a write to minstret/mcycle is what the next instruction reads, and the high half carries', () => {
    const m = runProgram([
      E.addi(t0, zero, -2), // li t0, 0xfffffffe
      E.csrw(CSR.minstret, t0), // csrw minstret, t0
      E.csrr(a0, CSR.minstret), // 0xfffffffe
      E.csrr(a1, CSR.minstret), // 0xffffffff
      E.csrr(a2, CSR.minstret), // 0 (wrapped)
      E.csrr(a3, CSR.minstreth), // 1
      E.addi(t1, zero, 7),
      E.csrw(CSR.mcycleh, t1), // csrw mcycleh, 7
      E.csrr(a4, CSR.mcycleh), // 7
    ]);
    assert.equal(ureg(m, a0), 0xfffffffe);
    assert.equal(ureg(m, a1), 0xffffffff);
    assert.equal(reg(m, a2), 0);
    assert.equal(reg(m, a3), 1);
    assert.equal(reg(m, a4), 7);
  });

  it('counters are exact across 2^32 and far beyond 2^30 retired instructions, compiled or not', () => {
    for (const compileAfter of [0, 2]) {
      const m = machine();
      m.hart.compileAfter = compileAfter;
      m.hart.icount = 2 ** 32 - 2; // as if that many instructions had retired since reset
      runProgram([
        E.csrr(a0, CSR.instret), // 0xfffffffe
        E.csrr(a1, CSR.instreth), // 0
        E.csrr(a2, CSR.instret), // 0 (carried)
        E.csrr(a3, CSR.instreth), // 1
        ...E.li(t0, 3000), E.addi(t0, t0, -1), E.bne(t0, zero, -4), // a hot loop
        E.csrr(a4, CSR.instret),
      ], m, 100000);
      assert.deepEqual([a0, a1, a2, a3].map((r) => ureg(m, r)), [0xfffffffe, 0, 0, 1]);
      assert.equal(reg(m, a4), 2 + 2 + 6000);
      assert.equal(m.hart.icount, 2 ** 32 + 4 + 6000 + 1);
    }
  });

  it('mcountinhibit freezes cycle and instret', () => {
    const m = runProgram([
      E.csrrwi(zero, CSR.mcountinhibit, 5), // inhibit CY and IR
      E.csrr(a0, CSR.minstret),
      E.nop(), E.nop(),
      E.csrr(a1, CSR.minstret), // same as a0
      E.csrr(a2, CSR.mcountinhibit),
      E.csrrwi(zero, CSR.mcountinhibit, 0),
      E.csrr(a3, CSR.minstret), // the write takes effect after the csrrwi, so still a1
      E.csrr(a4, CSR.minstret), // counting again: a1 + 1
    ]);
    assert.equal(reg(m, a0), reg(m, a1));
    assert.equal(reg(m, a2), 5);
    assert.equal(reg(m, a3), reg(m, a1));
    assert.equal(reg(m, a4), reg(m, a1) + 1);
  });

  it('mcounteren and scounteren gate the unprivileged counters in S and U', () => {
    const inS = (setup: number[], insn: number): ReturnType<typeof trapOf> => trapOf([...pmpAllowAll(), ...setup, ...enterMode(1), insn]);
    const inU = (setup: number[], insn: number): ReturnType<typeof trapOf> => trapOf([...pmpAllowAll(), ...setup, ...enterMode(0), insn]);
    const rdtime = E.csrr(a0, CSR.time);
    assert.deepEqual(inS([], rdtime), { cause: 2, tval: rdtime });
    assert.equal(inS([E.csrrwi(zero, CSR.mcounteren, 2)], rdtime), null);
    assert.deepEqual(inU([E.csrrwi(zero, CSR.mcounteren, 2)], rdtime), { cause: 2, tval: rdtime }, 'U also needs scounteren');
    assert.equal(inU([E.csrrwi(zero, CSR.mcounteren, 2), E.csrrwi(zero, CSR.scounteren, 2)], rdtime), null);
    const rdcycle = E.csrr(a0, CSR.cycle);
    assert.deepEqual(inU([E.csrrwi(zero, CSR.mcounteren, 2), E.csrrwi(zero, CSR.scounteren, 2)], rdcycle), { cause: 2, tval: rdcycle });
    void a5; void a7; void s2; void s3; void s4;
  });

  it('satp is illegal in S mode when mstatus.TVM is set, and so is sfence.vma', () => {
    const tvm = [...E.li(t0, 1 << 20), E.csrrs(zero, CSR.mstatus, t0)];
    assert.deepEqual(trapOf([...pmpAllowAll(), ...tvm, ...enterMode(1), E.csrr(a0, CSR.satp)]), { cause: 2, tval: E.csrr(a0, CSR.satp) });
    assert.deepEqual(trapOf([...pmpAllowAll(), ...tvm, ...enterMode(1), E.sfence_vma(0, 0)]), { cause: 2, tval: E.sfence_vma(0, 0) });
    assert.equal(trapOf([...pmpAllowAll(), ...enterMode(1), E.csrr(a0, CSR.satp), E.sfence_vma(a0, 0)]), null);
    assert.equal(trapOf([...pmpAllowAll(), ...tvm, E.csrr(a0, CSR.satp)]), null, 'M mode is not affected');
  });
});
