// CSR names the disassembler prints for a 12-bit CSR number: the standard
// CSRs of the privileged specs 1.9.1 to 1.12 (tables 2.2-2.6) and of the
// extensions GNU binutils 2.40 knows (F, V, Zkr, Sstc, Smstateen, AIA,
// Sscofpmf, H, the debug spec): exactly the names objdump 2.40 prints, which
// depend on the ELF's priv-spec attribute (1.12 when it has none). Any other
// number prints as hex (`csrr a0,0x7c0`).

/** Privileged architecture versions whose CSR names differ, oldest first. */
export type PrivSpec = '1.9.1' | '1.10' | '1.11' | '1.12';
const SPECS: readonly PrivSpec[] = ['1.9.1', '1.10', '1.11', '1.12'];
/** What objdump assumes when an ELF does not say. */
export const DEFAULT_PRIV_SPEC: PrivSpec = '1.12';

interface CsrEntry {
  readonly name: string;
  /** First and last spec (indices into SPECS) that name the CSR so. */
  readonly from: number;
  readonly until: number;
}

const names = new Map<number, CsrEntry[]>();
/** While set, add() records names valid only in these specs (see the version blocks below). */
let versions: { from: number; until: number } = { from: 0, until: SPECS.length - 1 };

function add(num: number, name: string): void {
  const list = names.get(num) ?? [];
  list.push({ name, ...versions });
  names.set(num, list);
}

function inSpecs(from: PrivSpec, until: PrivSpec, addNames: () => void): void {
  versions = { from: SPECS.indexOf(from), until: SPECS.indexOf(until) };
  addNames();
  versions = { from: 0, until: SPECS.length - 1 };
}

/** Adds `prefix{first..last}{suffix}` at consecutive numbers from `base`. */
function addRange(base: number, prefix: string, first: number, last: number, suffix = ''): void {
  for (let i = first; i <= last; i++) add(base + (i - first), `${prefix}${i}${suffix}`);
}

function addList(entries: ReadonlyArray<readonly [number, string]>): void {
  for (const [num, name] of entries) add(num, name);
}

// Unprivileged: floating point, vector, entropy source, counters.
addList([
  [0x001, 'fflags'], [0x002, 'frm'], [0x003, 'fcsr'],
  [0x008, 'vstart'], [0x009, 'vxsat'], [0x00a, 'vxrm'], [0x00f, 'vcsr'],
  [0x015, 'seed'],
  [0xc00, 'cycle'], [0xc01, 'time'], [0xc02, 'instret'],
  [0xc20, 'vl'], [0xc21, 'vtype'], [0xc22, 'vlenb'],
  [0xc80, 'cycleh'], [0xc81, 'timeh'], [0xc82, 'instreth'],
]);
addRange(0xc03, 'hpmcounter', 3, 31);
addRange(0xc83, 'hpmcounter', 3, 31, 'h');

// Supervisor level.
addList([
  [0x100, 'sstatus'], [0x104, 'sie'], [0x105, 'stvec'],
  [0x114, 'sieh'],
  [0x140, 'sscratch'], [0x141, 'sepc'], [0x142, 'scause'], [0x144, 'sip'],
  [0x14d, 'stimecmp'], [0x150, 'siselect'], [0x151, 'sireg'], [0x154, 'siph'], [0x15c, 'stopei'],
  [0x15d, 'stimecmph'], [0x5a8, 'scontext'],
  [0xda0, 'scountovf'], [0xdb0, 'stopi'],
]);
addRange(0x10c, 'sstateen', 0, 3);

// Virtual supervisor (H extension).
addList([
  [0x200, 'vsstatus'], [0x204, 'vsie'], [0x205, 'vstvec'], [0x214, 'vsieh'],
  [0x240, 'vsscratch'], [0x241, 'vsepc'], [0x242, 'vscause'], [0x243, 'vstval'], [0x244, 'vsip'],
  [0x24d, 'vstimecmp'], [0x250, 'vsiselect'], [0x251, 'vsireg'], [0x254, 'vsiph'], [0x25c, 'vstopei'],
  [0x25d, 'vstimecmph'], [0x280, 'vsatp'], [0xeb0, 'vstopi'],
]);

// Hypervisor.
addList([
  [0x600, 'hstatus'], [0x602, 'hedeleg'], [0x603, 'hideleg'], [0x604, 'hie'], [0x605, 'htimedelta'],
  [0x606, 'hcounteren'], [0x607, 'hgeie'], [0x608, 'hvien'], [0x609, 'hvictl'], [0x60a, 'henvcfg'],
  [0x613, 'hidelegh'], [0x615, 'htimedeltah'], [0x618, 'hvienh'], [0x61a, 'henvcfgh'],
  [0x643, 'htval'], [0x644, 'hip'], [0x645, 'hvip'], [0x646, 'hviprio1'], [0x647, 'hviprio2'],
  [0x64a, 'htinst'], [0x655, 'hviph'], [0x656, 'hviprio1h'], [0x657, 'hviprio2h'],
  [0x680, 'hgatp'], [0x6a8, 'hcontext'], [0xe12, 'hgeip'],
]);
addRange(0x60c, 'hstateen', 0, 3);
addRange(0x61c, 'hstateen', 0, 3, 'h');

// Machine level.
addList([
  [0x300, 'mstatus'], [0x301, 'misa'], [0x302, 'medeleg'], [0x303, 'mideleg'], [0x304, 'mie'],
  [0x305, 'mtvec'], [0x308, 'mvien'], [0x309, 'mvip'],
  [0x313, 'midelegh'], [0x314, 'mieh'], [0x318, 'mvienh'], [0x319, 'mviph'],
  [0x340, 'mscratch'], [0x341, 'mepc'], [0x342, 'mcause'], [0x344, 'mip'],
  [0x350, 'miselect'], [0x351, 'mireg'], [0x354, 'miph'], [0x35c, 'mtopei'],
  [0xb00, 'mcycle'], [0xb02, 'minstret'], [0xb80, 'mcycleh'], [0xb82, 'minstreth'],
  [0xf11, 'mvendorid'], [0xf12, 'marchid'], [0xf13, 'mimpid'], [0xf14, 'mhartid'],
  [0xfb0, 'mtopi'],
]);
addRange(0x30c, 'mstateen', 0, 3);
addRange(0x31c, 'mstateen', 0, 3, 'h');
addRange(0x323, 'mhpmevent', 3, 31);
addRange(0x723, 'mhpmevent', 3, 31, 'h');
addRange(0xb03, 'mhpmcounter', 3, 31);
addRange(0xb83, 'mhpmcounter', 3, 31, 'h');

// Debug and trigger modules (debug spec 0.13).
addList([
  [0x7a0, 'tselect'], [0x7a1, 'tdata1'], [0x7a2, 'tdata2'], [0x7a3, 'tdata3'], [0x7a4, 'tinfo'],
  [0x7a5, 'tcontrol'], [0x7a8, 'mcontext'], [0x7aa, 'mscontext'],
  [0x7b0, 'dcsr'], [0x7b1, 'dpc'], [0x7b2, 'dscratch0'], [0x7b3, 'dscratch1'],
]);

// Names that changed between privileged spec versions.
inSpecs('1.9.1', '1.9.1', () => addList([
  [0x043, 'ubadaddr'], [0x143, 'sbadaddr'], [0x180, 'sptbr'], [0x320, 'mucounteren'], [0x321, 'mscounteren'],
  [0x322, 'mhcounteren'], [0x343, 'mbadaddr'], [0x380, 'mbase'], [0x381, 'mbound'], [0x382, 'mibase'],
  [0x383, 'mibound'], [0x384, 'mdbase'], [0x385, 'mdbound'],
]));
inSpecs('1.10', '1.11', () => add(0x043, 'utval'));
inSpecs('1.9.1', '1.11', () => addList([ // the N extension and its delegation registers, dropped in 1.12
  [0x000, 'ustatus'], [0x004, 'uie'], [0x005, 'utvec'], [0x040, 'uscratch'], [0x041, 'uepc'], [0x042, 'ucause'],
  [0x044, 'uip'], [0x102, 'sedeleg'], [0x103, 'sideleg'],
]));
inSpecs('1.10', '1.12', () => {
  addList([[0x106, 'scounteren'], [0x143, 'stval'], [0x180, 'satp'], [0x306, 'mcounteren'], [0x343, 'mtval']]);
  addRange(0x3a0, 'pmpcfg', 0, 3);
  addRange(0x3b0, 'pmpaddr', 0, 15);
});
inSpecs('1.11', '1.12', () => add(0x320, 'mcountinhibit'));
inSpecs('1.12', '1.12', () => {
  addList([
    [0x10a, 'senvcfg'], [0x30a, 'menvcfg'], [0x310, 'mstatush'], [0x31a, 'menvcfgh'], [0x34a, 'mtinst'],
    [0x34b, 'mtval2'], [0x747, 'mseccfg'], [0x757, 'mseccfgh'], [0xf15, 'mconfigptr'],
  ]);
  addRange(0x3a4, 'pmpcfg', 4, 15);
  addRange(0x3c0, 'pmpaddr', 16, 63);
});

/** The CSR's standard name under `spec`, or undefined for a number objdump prints as hex. */
export function knownCsrName(num: number, spec: PrivSpec = DEFAULT_PRIV_SPEC): string | undefined {
  const index = SPECS.indexOf(spec);
  return names.get(num & 0xfff)?.find((e) => e.from <= index && index <= e.until)?.name;
}

/** The name objdump prints for CSR `num` under `spec`, or its number in hex (`0x7c0`). */
export function csrName(num: number, spec: PrivSpec = DEFAULT_PRIV_SPEC): string {
  return knownCsrName(num, spec) ?? `0x${(num & 0xfff).toString(16)}`;
}
