// Names of trap causes (mcause/scause values), as the RISC-V privileged
// spec v1.12, table 3.6 names them: shared by the timeline, the debug
// adapter's exception breakpoints and its CSR views.

const EXCEPTION_NAMES: Readonly<Record<number, string>> = {
  0: 'Instruction address misaligned',
  1: 'Instruction access fault',
  2: 'Illegal instruction',
  3: 'Breakpoint',
  4: 'Load address misaligned',
  5: 'Load access fault',
  6: 'Store/AMO address misaligned',
  7: 'Store/AMO access fault',
  8: 'Environment call from U-mode',
  9: 'Environment call from S-mode',
  11: 'Environment call from M-mode',
  12: 'Instruction page fault',
  13: 'Load page fault',
  15: 'Store/AMO page fault',
};

const INTERRUPT_NAMES: Readonly<Record<number, string>> = {
  1: 'Supervisor software interrupt',
  3: 'Machine software interrupt',
  5: 'Supervisor timer interrupt',
  7: 'Machine timer interrupt',
  9: 'Supervisor external interrupt',
  11: 'Machine external interrupt',
};

/** The spec's name of a cause ("Machine timer interrupt", "Illegal instruction"); unknown causes by number. */
export function trapName(cause: number, interrupt: boolean): string {
  return (interrupt ? INTERRUPT_NAMES[cause] : EXCEPTION_NAMES[cause]) ?? `${interrupt ? 'Interrupt' : 'Exception'} ${cause}`;
}

/** Exception causes whose tval holds an address (faults and misaligned accesses). */
const ADDRESS_TVAL = new Set([0, 1, 4, 5, 6, 7, 12, 13, 15]);

const hex = (v: number): string => `0x${(v >>> 0).toString(16).padStart(8, '0')}`;

/**
 * A one-line description of a trap as a debugger would print it:
 * "interrupt: machine timer (cause 7)",
 * "trap: environment call from U-mode (cause 8) at pc 0x80000104",
 * "trap: illegal instruction (cause 2) at pc 0x80000104, tval 0x0000ffff";
 * faults name their tval as the address.
 */
export function describeTrap(cause: number, interrupt: boolean, tval: number, epc: number): string {
  const name = trapName(cause, interrupt);
  if (interrupt) {
    const short = name.replace(/ interrupt$/, '');
    return `interrupt: ${short.charAt(0).toLowerCase()}${short.slice(1)} (cause ${cause}) before pc ${hex(epc)}`;
  }
  const lower = `${name.charAt(0).toLowerCase()}${name.slice(1)}`;
  let text = `trap: ${lower} (cause ${cause}) at pc ${hex(epc)}`;
  if (ADDRESS_TVAL.has(cause)) text += `, address ${hex(tval)}`;
  else if (tval !== 0) text += `, tval ${hex(tval)}`;
  return text;
}
