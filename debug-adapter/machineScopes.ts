// The machine-level scopes of a stop: Registers (pc, x0-x31 by ABI name),
// CSRs grouped as the privileged spec 1.12 groups them (status, trap,
// counters, PMP, paging) with their fields decoded, Devices (each device's
// registers and timers) and Time (icount, virtual time, where the cursor is
// in the recording).
import { DebugProtocol } from '@vscode/debugprotocol';
import { ABI_REGISTER_NAMES } from '../emulator/index';
import { EngineStatus, MachineView } from '../emulator/timetravel/api';
import { hex } from './breakpoints';
import { trapName } from './exceptions';
import { HandleStore } from './handles';

const PRIVILEGE = ['U', 'S', 'reserved', 'M'];

function leaf(name: string, value: string, extra: Partial<DebugProtocol.Variable> = {}): DebugProtocol.Variable {
  return { name, value, variablesReference: 0, ...extra };
}

function group(handles: HandleStore, name: string, value: string, children: DebugProtocol.Variable[], extra: Partial<DebugProtocol.Variable> = {}): DebugProtocol.Variable {
  return { name, value, variablesReference: children.length ? handles.add({ kind: 'list', variables: children }) : 0, namedVariables: children.length, ...extra };
}

/** A code or data address with its symbol, as gdb's `info registers` shows pc and ra. */
function pointerText(value: number, symbolize: (a: number) => string | undefined): string {
  const sym = symbolize(value);
  return sym ? `${hex(value)} <${sym}>` : hex(value);
}

export function registerVariables(view: MachineView, symbolize: (a: number) => string | undefined): DebugProtocol.Variable[] {
  const out = [leaf('pc', pointerText(view.pc, symbolize), { type: 'pc', evaluateName: '$pc', memoryReference: hex(view.pc) })];
  for (let i = 0; i < 32; i++) {
    const v = view.regs[i] >>> 0;
    const name = ABI_REGISTER_NAMES[i];
    const text = i === 1 ? pointerText(v, symbolize) : `${hex(v)} (${v | 0})`;
    out.push(leaf(name, text, { type: `x${i}`, evaluateName: `$${name}`, memoryReference: hex(v), presentationHint: i === 0 ? { attributes: ['readOnly'] } : undefined }));
  }
  return out;
}

function bits(value: number, fields: ReadonlyArray<readonly [string, number, number]>): DebugProtocol.Variable[] {
  return fields.map(([name, lo, width]) => {
    const v = Math.floor(value / 2 ** lo) % 2 ** width;
    return leaf(name, width === 1 ? String(v) : `${v} (0x${v.toString(16)})`);
  });
}

const MSTATUS_FIELDS: ReadonlyArray<readonly [string, number, number]> = [
  ['SIE', 1, 1], ['MIE', 3, 1], ['SPIE', 5, 1], ['UBE', 6, 1], ['MPIE', 7, 1], ['SPP', 8, 1], ['VS', 9, 2], ['MPP', 11, 2], ['FS', 13, 2],
  ['XS', 15, 2], ['MPRV', 17, 1], ['SUM', 18, 1], ['MXR', 19, 1], ['TVM', 20, 1], ['TW', 21, 1], ['TSR', 22, 1], ['SD', 31, 1],
];
const INTERRUPT_FIELDS: ReadonlyArray<readonly [string, number, number]> = [['SSI', 1, 1], ['MSI', 3, 1], ['STI', 5, 1], ['MTI', 7, 1], ['SEI', 9, 1], ['MEI', 11, 1]];

function csr(view: MachineView, handles: HandleStore, name: string, number: number, decode?: (v: number) => { text?: string; children?: DebugProtocol.Variable[] }): DebugProtocol.Variable | undefined {
  const v = view.csr(number);
  if (v === undefined) return undefined;
  const d = decode?.(v >>> 0) ?? {};
  const text = d.text ? `${hex(v)} ${d.text}` : hex(v);
  return group(handles, name, text, d.children ?? [], { type: `csr 0x${number.toString(16)}` });
}

function cause(v: number): { text: string } {
  const interrupt = v >>> 31 === 1;
  return { text: `(${trapName(v & 0x7fffffff, interrupt)})` };
}

function counter64(view: MachineView, name: string, low: number): DebugProtocol.Variable | undefined {
  const lo = view.csr(low);
  const hi = view.csr(low + 0x80);
  if (lo === undefined || hi === undefined) return undefined;
  return leaf(name, String(BigInt(hi >>> 0) * 2n ** 32n + BigInt(lo >>> 0)), { type: `csr 0x${low.toString(16)}/0x${(low + 0x80).toString(16)}` });
}

/** PMP entry i: permissions, address matching and the range it covers (privileged spec 3.7.1). */
function pmpEntry(view: MachineView, i: number): DebugProtocol.Variable {
  const cfgWord = view.csr(0x3a0 + (i >> 2)) ?? 0;
  const cfg = (cfgWord >>> ((i & 3) * 8)) & 0xff;
  const addr = (view.csr(0x3b0 + i) ?? 0) >>> 0;
  const mode = ['OFF', 'TOR', 'NA4', 'NAPOT'][(cfg >> 3) & 3];
  const perms = `${cfg & 1 ? 'R' : '-'}${cfg & 2 ? 'W' : '-'}${cfg & 4 ? 'X' : '-'}${cfg & 0x80 ? ' L' : ''}`;
  let range = '';
  if (mode === 'TOR') {
    const prev = i === 0 ? 0 : (view.csr(0x3b0 + i - 1) ?? 0) >>> 0;
    range = ` [0x${(prev * 4).toString(16)}, 0x${(addr * 4).toString(16)})`;
  } else if (mode === 'NA4') range = ` [0x${(addr * 4).toString(16)}, +4)`;
  else if (mode === 'NAPOT') {
    let ones = 0;
    while (ones < 32 && Math.floor(addr / 2 ** ones) % 2 === 1) ones++;
    const size = 2 ** (ones + 3);
    const base = (Math.floor(addr / 2 ** (ones + 1)) * 2 ** (ones + 1) * 4) % 2 ** 34;
    range = ` [0x${base.toString(16)}, +0x${size.toString(16)})`;
  }
  return leaf(`pmp${i}`, `${mode} ${perms}${range}`, { type: `pmpcfg 0x${cfg.toString(16)}, pmpaddr ${hex(addr)}` });
}

export function csrVariables(view: MachineView, handles: HandleStore, symbolize: (a: number) => string | undefined): DebugProtocol.Variable[] {
  const present = (list: Array<DebugProtocol.Variable | undefined>): DebugProtocol.Variable[] => list.filter((v): v is DebugProtocol.Variable => v !== undefined);
  const misa = (v: number): { text: string } => {
    let ext = '';
    for (let b = 0; b < 26; b++) if ((v >>> b) & 1) ext += String.fromCharCode(65 + b);
    return { text: `(RV${v >>> 30 === 1 ? 32 : 64}${ext})` };
  };
  const status = present([
    leaf('privilege', `${PRIVILEGE[view.privilege] ?? view.privilege} (${view.privilege})`),
    csr(view, handles, 'mstatus', 0x300, (v) => ({ children: bits(v, MSTATUS_FIELDS) })),
    csr(view, handles, 'misa', 0x301, misa),
    csr(view, handles, 'mie', 0x304, (v) => ({ children: bits(v, INTERRUPT_FIELDS) })),
    csr(view, handles, 'mip', 0x344, (v) => ({ children: bits(v, INTERRUPT_FIELDS) })),
    csr(view, handles, 'sstatus', 0x100, (v) => ({ children: bits(v, MSTATUS_FIELDS.filter(([n]) => ['SIE', 'SPIE', 'UBE', 'SPP', 'VS', 'FS', 'XS', 'SUM', 'MXR', 'SD'].includes(n))) })),
    csr(view, handles, 'sie', 0x104),
    csr(view, handles, 'sip', 0x144),
    csr(view, handles, 'mhartid', 0xf14),
  ]);
  const code = (v: number): { text?: string } => {
    const sym = symbolize(v);
    return sym ? { text: `<${sym}>` } : {};
  };
  const trap = present([
    csr(view, handles, 'mtvec', 0x305, (v) => ({ text: `(${v & 1 ? 'vectored' : 'direct'}, base 0x${((v & ~3) >>> 0).toString(16)})` })),
    csr(view, handles, 'mepc', 0x341, code),
    csr(view, handles, 'mcause', 0x342, cause),
    csr(view, handles, 'mtval', 0x343),
    csr(view, handles, 'mscratch', 0x340),
    csr(view, handles, 'medeleg', 0x302),
    csr(view, handles, 'mideleg', 0x303),
    csr(view, handles, 'stvec', 0x105),
    csr(view, handles, 'sepc', 0x141, code),
    csr(view, handles, 'scause', 0x142, cause),
    csr(view, handles, 'stval', 0x143),
    csr(view, handles, 'sscratch', 0x140),
  ]);
  const counters = present([
    counter64(view, 'mcycle', 0xb00),
    counter64(view, 'minstret', 0xb02),
    counter64(view, 'time', 0xc01),
    csr(view, handles, 'mcounteren', 0x306),
    csr(view, handles, 'scounteren', 0x106),
    csr(view, handles, 'mcountinhibit', 0x320),
  ]);
  const pmp = Array.from({ length: 16 }, (_, i) => pmpEntry(view, i));
  const satp = view.csr(0x180) ?? 0;
  const paging = [
    leaf('satp', `${hex(satp)} (${satp >>> 31 ? 'Sv32' : 'Bare'}, ASID ${(satp >>> 22) & 0x1ff}, root table 0x${((satp & 0x3fffff) * 4096).toString(16)})`, { type: 'csr 0x180' }),
  ];
  return [
    group(handles, 'Status', `${PRIVILEGE[view.privilege] ?? '?'}-mode`, status),
    group(handles, 'Trap', `mcause ${cause(view.csr(0x342) ?? 0).text}`, trap),
    group(handles, 'Counters', `minstret ${counters[1]?.value ?? '?'}`, counters),
    group(handles, 'PMP', `${pmp.filter((p) => !p.value.startsWith('OFF')).length} of 16 entries on`, pmp),
    group(handles, 'Paging', satp >>> 31 ? 'Sv32' : 'Bare (no translation)', paging),
  ];
}

/** The board's devices by the names the engine gives them (QEMU hw/riscv/virt.c). */
const DEVICE_LABELS: Readonly<Record<string, string>> = {
  uart0: 'UART0 (NS16550A)',
  clint: 'CLINT',
  plic: 'PLIC',
  rtc: 'RTC (goldfish)',
  test: 'Test finisher (sifive_test)',
};

export function deviceVariables(view: MachineView, handles: HandleStore): DebugProtocol.Variable[] {
  return Object.entries(view.devices()).map(([device, fields]) => {
    const children = Object.entries(fields).map(([name, v]) => leaf(name, typeof v === 'number' ? `${hex(v)} (${v})` : String(v)));
    return group(handles, DEVICE_LABELS[device] ?? device, `${children.length} fields`, children);
  });
}

function nsText(ns: number): string {
  return `${ns} ns (${(ns / 1e9).toFixed(9)} s)`;
}

export function timeVariables(view: MachineView, status: EngineStatus): DebugProtocol.Variable[] {
  return [
    leaf('icount', String(status.icount), { type: 'retired instructions' }),
    leaf('virtual time', nsText(view.virtualNs)),
    leaf('position', `${status.icount} of ${status.length} (${status.length ? ((100 * status.icount) / status.length).toFixed(1) : '100.0'}%)`),
    leaf('recording length', String(status.length)),
    leaf('mode', status.mode),
    leaf('live', status.live ? 'yes: new input is recorded' : 'no: in the recorded past'),
    leaf('snapshots', `${status.snapshots} (${(status.snapshotBytes / 2 ** 20).toFixed(1)} MiB)`),
  ];
}
