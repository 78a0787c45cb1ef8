// PLIC behaviour as QEMU 7.2's SiFive PLIC on the virt board: priorities,
// pending bits driven by device lines, per-context enables and thresholds,
// claim/complete, and the MEIP/SEIP lines into the hart.
import { strict as assert } from 'assert';
import { Irq } from '../../emulator/contracts';
import { canonicalJson } from '../../emulator/machine/canonical';
import { CONTEXT_CLAIM_COMPLETE, CONTEXT_THRESHOLD, Plic } from '../../emulator/devices/plic';
import { PLIC_CONTEXT_BASE, PLIC_CONTEXT_STRIDE, PLIC_ENABLE_BASE, PLIC_ENABLE_STRIDE, PLIC_PENDING_BASE } from '../../emulator/machine/memoryMap';
import { LineRecorder } from './harness';

const priority = (irq: number) => irq * 4;
const enable = (context: number, word = 0) => PLIC_ENABLE_BASE + context * PLIC_ENABLE_STRIDE + word * 4;
const threshold = (context: number) => PLIC_CONTEXT_BASE + context * PLIC_CONTEXT_STRIDE + CONTEXT_THRESHOLD;
const claim = (context: number) => PLIC_CONTEXT_BASE + context * PLIC_CONTEXT_STRIDE + CONTEXT_CLAIM_COMPLETE;

function makePlic() {
  const lines = new LineRecorder();
  const plic = new Plic(lines);
  plic.reset();
  const w = (off: number, v: number) => plic.write(off, 4, v);
  const r = (off: number) => plic.read(off);
  return { plic, lines, w, r };
}

describe('PLIC', () => {
  it('keeps 3 priority bits (WARL) per source', () => {
    const { w, r } = makePlic();
    w(priority(10), 9);
    assert.equal(r(priority(10)), 1);
    w(priority(95), 7);
    assert.equal(r(priority(95)), 7);
  });

  it('shows device lines in the pending bits, which the guest cannot write', () => {
    const { plic, w, r } = makePlic();
    plic.setSourceLevel(10, true);
    plic.setSourceLevel(40, true);
    assert.equal(r(PLIC_PENDING_BASE), 1 << 10);
    assert.equal(r(PLIC_PENDING_BASE + 4), 1 << 8);
    w(PLIC_PENDING_BASE, 0);
    assert.equal(r(PLIC_PENDING_BASE), 1 << 10);
    plic.setSourceLevel(10, false);
    assert.equal(r(PLIC_PENDING_BASE), 0);
  });

  it('claims the highest-priority enabled source above the threshold, lowest number on a tie, and raises MEIP meanwhile', () => {
    const { plic, lines, w, r } = makePlic();
    w(priority(10), 1);
    w(priority(11), 3);
    w(priority(12), 3);
    w(enable(0), (1 << 10) | (1 << 11) | (1 << 12));
    plic.setSourceLevel(10, true);
    plic.setSourceLevel(12, true);
    plic.setSourceLevel(11, true);
    assert.equal(lines.level(Irq.MEIP), true);
    assert.equal(lines.level(Irq.SEIP), false);
    assert.equal(r(claim(0)), 11);
    assert.equal(r(claim(0)), 12);
    assert.equal(lines.level(Irq.MEIP), true);
    w(threshold(0), 1); // source 10 has priority 1: not above the threshold
    assert.equal(lines.level(Irq.MEIP), false);
    assert.equal(r(claim(0)), 0);
    w(threshold(0), 0);
    assert.equal(r(claim(0)), 10);
    assert.equal(lines.level(Irq.MEIP), false);
  });

  it('holds a claimed source until completion even if the device raises it again', () => {
    const { plic, lines, w, r } = makePlic();
    w(priority(10), 1);
    w(enable(0), 1 << 10);
    plic.setSourceLevel(10, true);
    assert.equal(r(claim(0)), 10);
    plic.setSourceLevel(10, true);
    assert.equal(lines.level(Irq.MEIP), false, 'claimed, so not offered again');
    w(claim(0), 10); // complete
    assert.equal(lines.level(Irq.MEIP), true);
    assert.equal(r(claim(0)), 10);
    w(claim(0), 96); // no such source: ignored
    w(claim(0), 10);
    assert.equal(lines.level(Irq.MEIP), false);
  });

  it('never offers a source with priority 0', () => {
    const { plic, lines, w, r } = makePlic();
    w(enable(0), 1 << 10);
    plic.setSourceLevel(10, true);
    assert.equal(lines.level(Irq.MEIP), false);
    assert.equal(r(claim(0)), 0);
  });

  it('drives SEIP from context 1 with its own enables and threshold', () => {
    const { plic, lines, w, r } = makePlic();
    w(priority(11), 2);
    w(enable(1), 1 << 11);
    plic.setSourceLevel(11, true);
    assert.equal(lines.level(Irq.SEIP), true);
    assert.equal(lines.level(Irq.MEIP), false);
    assert.equal(r(enable(1)), 1 << 11);
    assert.equal(r(claim(1)), 11);
    assert.equal(lines.level(Irq.SEIP), false);
  });

  it('applies a new enable mask at the next update, as QEMU 7.2 does', () => {
    const { plic, lines, w } = makePlic();
    w(priority(10), 1);
    plic.setSourceLevel(10, true);
    w(enable(0), 1 << 10);
    assert.equal(lines.level(Irq.MEIP), false);
    plic.setSourceLevel(10, true);
    assert.equal(lines.level(Irq.MEIP), true);
  });

  it('saves and loads all registers and its line levels (save, load, save are equal) without driving lines', () => {
    const a = makePlic();
    a.w(priority(10), 5);
    a.w(priority(11), 2);
    a.w(enable(0), 3 << 10);
    a.w(enable(1), 1 << 11);
    a.w(threshold(1), 1);
    a.plic.setSourceLevel(10, true);
    a.plic.setSourceLevel(11, true);
    a.r(claim(0));
    const saved = a.plic.saveState();
    const lines = new LineRecorder();
    const b = new Plic(lines);
    b.loadState(JSON.parse(JSON.stringify(saved)));
    assert.equal(lines.history.length, 0);
    assert.equal(canonicalJson(b.saveState()), canonicalJson(saved));
    assert.equal(b.read(claim(0)), 11);
  });
});
