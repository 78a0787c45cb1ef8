// Traps and the privileged SYSTEM instructions (privileged spec v1.12,
// 3.1.6-3.1.9, 3.3, 4.1): trap entry with medeleg/mideleg delegation to S
// mode, direct and vectored xtvec, interrupt selection, mret/sret, wfi,
// sfence.vma and fence.i.
//
// Interrupt selection follows the spec and QEMU 7.2
// (riscv_cpu_local_irq_pending): an interrupt not delegated is enabled when
// running below M or in M with mstatus.MIE; a delegated one when running in
// U, or in S with mstatus.SIE; pending M-level interrupts win over S-level
// ones, and within a level the order is MEI, MSI, MTI, SEI, SSI, STI.
// Every trap entry and xRET clears the LR reservation (QEMU does this when
// the privilege mode is set). Two QEMU 7.2 choices kept for compatibility:
// mret to S or U while no PMP entry is active is an illegal instruction,
// and wfi in U mode is always illegal (S mode exists).
import type { Hart } from './hart';
import { Op, StopCode } from './interpreter';
import { systemBits } from './decode';
import {
  MSTATUS_MIE, MSTATUS_MPIE, MSTATUS_MPP, MSTATUS_MPRV, MSTATUS_SIE, MSTATUS_SPIE, MSTATUS_SPP,
  MSTATUS_TSR, MSTATUS_TVM, MSTATUS_TW,
} from './csr';

/**
 * Told of every trap the hart takes (Hart.trapObserver), after trap entry.
 * `icount` is where the handler's first instruction is about to run: for
 * an exception the faulting instruction counts as retired (icount before
 * it + 1), for an interrupt nothing retired (the boundary it came at);
 * the same position a stopOnTrap stop reports.
 */
export type TrapObserver = (cause: number, interrupt: boolean, tval: number, epc: number, icount: number) => void;

/** Interrupt causes in decreasing priority: MEI, MSI, MTI, SEI, SSI, STI. */
const PRIORITY: readonly number[] = [11, 3, 7, 9, 1, 5];

/**
 * Enters the trap handler for `cause` raised by the instruction at `epc`
 * (or interrupting before it). Sets h.pcValue to the handler.
 */
export function takeTrap(h: Hart, cause: number, interrupt: boolean, tval: number, epc: number): void {
  const priv = h.privilege;
  const deleg = interrupt ? h.mideleg : h.medeleg;
  const code = (interrupt ? 0x80000000 | cause : cause) | 0;
  let vector: number;
  h.trapTaken = true;
  h.reservationValid = false;
  let ms = h.mstatus;
  if (priv <= 1 && ((deleg >>> cause) & 1) !== 0) {
    h.scause = code;
    h.sepc = epc & ~1;
    h.stval = tval | 0;
    ms = (ms & ~(MSTATUS_SPIE | MSTATUS_SIE | MSTATUS_SPP))
      | ((ms & MSTATUS_SIE) !== 0 ? MSTATUS_SPIE : 0) | (priv === 1 ? MSTATUS_SPP : 0);
    vector = h.stvec;
    h.mstatus = ms;
    h.setPrivilege(1);
  } else {
    h.mcause = code;
    h.mepc = epc & ~1;
    h.mtval = tval | 0;
    ms = (ms & ~(MSTATUS_MPIE | MSTATUS_MIE | MSTATUS_MPP))
      | ((ms & MSTATUS_MIE) !== 0 ? MSTATUS_MPIE : 0) | (priv << 11);
    vector = h.mtvec;
    h.mstatus = ms;
    h.setPrivilege(3);
  }
  h.pcValue = ((vector & ~3) + (interrupt && (vector & 3) === 1 ? 4 * cause : 0)) | 0;
  // While an instruction executes (and at a boundary where an interrupt is taken) h.icount is exact: the count before it.
  const observer = h.trapObserver;
  if (observer !== null) observer(cause, interrupt, tval >>> 0, epc >>> 0, interrupt ? h.icount : h.icount + 1);
  if (h.stopOnTrap) {
    h.stop = StopCode.Trap;
    h.trapStop = { kind: 'trap', cause, interrupt, tval: tval >>> 0, pc: epc >>> 0 };
  }
}

/** The interrupt to take now (its cause), or -1. */
export function pendingInterrupt(h: Hart): number {
  const pending = h.mip & h.mie;
  if (pending === 0) return -1;
  const priv = h.privilege;
  const mEnabled = priv < 3 || (h.mstatus & MSTATUS_MIE) !== 0;
  const sEnabled = priv === 0 || (priv === 1 && (h.mstatus & MSTATUS_SIE) !== 0);
  let irqs = mEnabled ? pending & ~h.mideleg : 0;
  if (irqs === 0) irqs = sEnabled ? pending & h.mideleg : 0;
  if (irqs === 0) return -1;
  for (const cause of PRIORITY) if ((irqs >>> cause) & 1) return cause;
  return -1;
}

/** Takes the highest-priority enabled interrupt before the instruction at h.pcValue, if any. */
export function takePendingInterrupt(h: Hart): boolean {
  const cause = pendingInterrupt(h);
  if (cause < 0) {
    h.irqDirty = false;
    return false;
  }
  takeTrap(h, cause, true, 0, h.pcValue);
  return true;
}

function illegal(h: Hart, op: Op, rs1: number, rs2: number): void {
  h.raiseException(2, systemBits(op, 0, rs1, rs2, 0));
}

/** fence.i, mret, sret, wfi and sfence.vma. */
export function execSystem(h: Hart, op: Op, rs1: number, rs2: number, npc: number): void {
  const priv = h.privilege;
  const ms = h.mstatus;
  switch (op) {
    case Op.FenceI:
      h.codeCache.clearAll();
      h.pcValue = npc;
      return;
    case Op.Mret: {
      const mpp = (ms & MSTATUS_MPP) >>> 11;
      if (priv < 3 || (mpp !== 3 && h.pmp.activeCount === 0)) return illegal(h, op, rs1, rs2);
      let next = (ms & ~(MSTATUS_MIE | MSTATUS_MPP)) | MSTATUS_MPIE | ((ms & MSTATUS_MPIE) !== 0 ? MSTATUS_MIE : 0);
      if (mpp !== 3) next &= ~MSTATUS_MPRV;
      h.mstatus = next;
      h.reservationValid = false;
      h.setPrivilege(mpp);
      h.pcValue = h.mepc;
      return;
    }
    case Op.Sret: {
      if (priv < 1 || (priv === 1 && (ms & MSTATUS_TSR) !== 0)) return illegal(h, op, rs1, rs2);
      const spp = (ms & MSTATUS_SPP) !== 0 ? 1 : 0;
      h.mstatus = (ms & ~(MSTATUS_SIE | MSTATUS_SPP | MSTATUS_MPRV)) | MSTATUS_SPIE
        | ((ms & MSTATUS_SPIE) !== 0 ? MSTATUS_SIE : 0);
      h.reservationValid = false;
      h.setPrivilege(spp);
      h.pcValue = h.sepc;
      return;
    }
    case Op.Wfi:
      if (priv === 0 || (priv === 1 && (ms & MSTATUS_TW) !== 0)) return illegal(h, op, rs1, rs2);
      h.pcValue = npc;
      if ((h.mip & h.mie) === 0) {
        h.waiting = true;
        h.stop = StopCode.Wfi;
      }
      return;
    case Op.SfenceVma:
      if (priv === 0 || (priv === 1 && (ms & MSTATUS_TVM) !== 0)) return illegal(h, op, rs1, rs2);
      h.flushTlbs();
      h.pcValue = npc;
      return;
    default:
      return illegal(h, op, rs1, rs2);
  }
}
