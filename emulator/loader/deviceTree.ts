// The flattened device tree (DTB) handed to the guest in a1 at boot, in the
// format of the Devicetree Specification v0.3, chapter 5 (header, memory
// reservation block, structure block, strings block; all big-endian). The
// tree describes this board the way QEMU 7.2's virt machine describes itself
// (hw/riscv/virt.c: create_fdt_*), limited to the devices Rewind has, with
// the same node names, compatible strings, reg ranges, interrupt wiring and
// phandle numbers. QEMU's random /chosen/rng-seed is left out: it would make
// guest memory depend on host randomness.
import {
  CLINT_BASE,
  CLINT_DT_SIZE,
  PLIC_BASE,
  PLIC_NUM_SOURCES,
  PLIC_SIZE,
  RTC_BASE,
  RTC_DT_SIZE,
  RTC_IRQ,
  TEST_BASE,
  TEST_SIZE,
  TIMEBASE_FREQUENCY,
  UART0_BASE,
  UART0_CLOCK_FREQUENCY,
  UART0_DT_SIZE,
  UART0_IRQ,
} from '../machine/memoryMap';
import { FINISHER_PASS, FINISHER_RESET } from '../devices/sifiveTest';

/** A property value: a string, a string list, u32 cells, raw bytes, or `true` for an empty (boolean) property. */
export type DtValue = string | readonly string[] | number | readonly number[] | Uint8Array | true;

export interface DtNode {
  readonly name: string;
  readonly props: ReadonlyArray<readonly [string, DtValue]>;
  readonly children: readonly DtNode[];
}

export const FDT_MAGIC = 0xd00dfeed;
export const FDT_BEGIN_NODE = 1;
export const FDT_END_NODE = 2;
export const FDT_PROP = 3;
export const FDT_NOP = 4;
export const FDT_END = 9;
const FDT_VERSION = 17;
const FDT_LAST_COMP_VERSION = 16;
const HEADER_SIZE = 40;

class ByteWriter {
  private buf = new Uint8Array(4096);
  length = 0;

  private ensure(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + extra) size *= 2;
    const bigger = new Uint8Array(size);
    bigger.set(this.buf.subarray(0, this.length));
    this.buf = bigger;
  }

  u32(value: number): void {
    this.ensure(4);
    new DataView(this.buf.buffer).setUint32(this.length, value >>> 0, false);
    this.length += 4;
  }

  bytes(data: Uint8Array): void {
    this.ensure(data.length);
    this.buf.set(data, this.length);
    this.length += data.length;
  }

  align4(): void {
    while (this.length % 4 !== 0) this.bytes(Uint8Array.of(0));
  }

  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

const utf8 = new TextEncoder();

function encodeValue(value: DtValue): Uint8Array {
  if (value === true) return new Uint8Array(0);
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return utf8.encode(value + '\0');
  if (typeof value === 'number') value = [value];
  if (value.length > 0 && typeof value[0] === 'string') return utf8.encode((value as readonly string[]).map((s) => s + '\0').join(''));
  const cells = value as readonly number[];
  const out = new Uint8Array(cells.length * 4);
  const view = new DataView(out.buffer);
  cells.forEach((cell, i) => view.setUint32(i * 4, cell >>> 0, false));
  return out;
}

/** Serializes a tree to a DTB (version 17, empty memory reservation map). */
export function buildFdt(root: DtNode, bootCpuId = 0): Uint8Array {
  const struct = new ByteWriter();
  const strings = new ByteWriter();
  const stringOffsets = new Map<string, number>();
  const nameOffset = (name: string): number => {
    let off = stringOffsets.get(name);
    if (off === undefined) {
      off = strings.length;
      strings.bytes(utf8.encode(name + '\0'));
      stringOffsets.set(name, off);
    }
    return off;
  };
  const emit = (node: DtNode): void => {
    struct.u32(FDT_BEGIN_NODE);
    struct.bytes(utf8.encode(node.name + '\0'));
    struct.align4();
    for (const [name, value] of node.props) {
      const data = encodeValue(value);
      struct.u32(FDT_PROP);
      struct.u32(data.length);
      struct.u32(nameOffset(name));
      struct.bytes(data);
      struct.align4();
    }
    for (const child of node.children) emit(child);
    struct.u32(FDT_END_NODE);
  };
  emit(root);
  struct.u32(FDT_END);

  const offMemRsvmap = HEADER_SIZE; // 8-byte aligned
  const memRsvmapSize = 16; // one terminating {0, 0} entry
  const offStruct = offMemRsvmap + memRsvmapSize;
  const offStrings = offStruct + struct.length;
  const total = offStrings + strings.length;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  const header = [FDT_MAGIC, total, offStruct, offStrings, offMemRsvmap, FDT_VERSION, FDT_LAST_COMP_VERSION, bootCpuId, strings.length, struct.length];
  header.forEach((v, i) => view.setUint32(i * 4, v, false));
  out.set(struct.result(), offStruct);
  out.set(strings.result(), offStrings);
  return out;
}

export interface BoardDescription {
  readonly ramBase: number;
  readonly ramSize: number;
  /** riscv,isa of cpu@0. */
  readonly isa: string;
  /** mmu-type of cpu@0 (e.g. "riscv,sv32"), left out when undefined. */
  readonly mmuType?: string;
}

/** The ISA string the hart implements (ARCHITECTURE.md: RV32IMAC + Zicsr + Zifencei). */
export const DEFAULT_ISA = 'rv32imac_zicsr_zifencei';
/** The hart pages with Sv32 (emulator/cpu/mmu.ts), as QEMU's rv32 does. */
export const DEFAULT_MMU_TYPE = 'riscv,sv32';

const PHANDLE_CPU0 = 1;
const PHANDLE_CPU0_INTC = 2;
const PHANDLE_PLIC = 3;
const PHANDLE_TEST = 4;
/** Local interrupt numbers at the hart's interrupt controller (mip bit numbers). */
const IRQ_M_SOFT = 3;
const IRQ_M_TIMER = 7;
const IRQ_S_EXT = 9;
const IRQ_M_EXT = 11;

const node = (name: string, props: Array<readonly [string, DtValue]>, children: DtNode[] = []): DtNode => ({ name, props, children });
const reg64 = (base: number, size: number): number[] => [Math.floor(base / 2 ** 32), base >>> 0, Math.floor(size / 2 ** 32), size >>> 0];

/** The device tree of the board (QEMU virt with only Rewind's devices). */
export function boardDeviceTree(board: BoardDescription): DtNode {
  const cpuProps: Array<readonly [string, DtValue]> = [
    ['phandle', PHANDLE_CPU0],
    ['device_type', 'cpu'],
    ['reg', 0],
    ['status', 'okay'],
    ['compatible', 'riscv'],
    ['riscv,isa', board.isa],
  ];
  if (board.mmuType !== undefined) cpuProps.push(['mmu-type', board.mmuType]);
  const hex = (n: number): string => n.toString(16);
  return node('', [
    ['#address-cells', 2],
    ['#size-cells', 2],
    ['compatible', 'riscv-virtio'],
    ['model', 'riscv-virtio,qemu'],
  ], [
    node('chosen', [['stdout-path', `/soc/serial@${hex(UART0_BASE)}`]]),
    node('poweroff', [['value', FINISHER_PASS], ['offset', 0], ['regmap', PHANDLE_TEST], ['compatible', 'syscon-poweroff']]),
    node('reboot', [['value', FINISHER_RESET], ['offset', 0], ['regmap', PHANDLE_TEST], ['compatible', 'syscon-reboot']]),
    node(`memory@${hex(board.ramBase)}`, [['device_type', 'memory'], ['reg', reg64(board.ramBase, board.ramSize)]]),
    node('cpus', [['#address-cells', 1], ['#size-cells', 0], ['timebase-frequency', TIMEBASE_FREQUENCY]], [
      node('cpu@0', cpuProps, [
        node('interrupt-controller', [
          ['#interrupt-cells', 1],
          ['interrupt-controller', true],
          ['compatible', 'riscv,cpu-intc'],
          ['phandle', PHANDLE_CPU0_INTC],
        ]),
      ]),
      node('cpu-map', [], [node('cluster0', [], [node('core0', [['cpu', PHANDLE_CPU0]])])]),
    ]),
    node('soc', [['#address-cells', 2], ['#size-cells', 2], ['compatible', 'simple-bus'], ['ranges', true]], [
      node(`rtc@${hex(RTC_BASE)}`, [
        ['interrupts', RTC_IRQ],
        ['interrupt-parent', PHANDLE_PLIC],
        ['reg', reg64(RTC_BASE, RTC_DT_SIZE)],
        ['compatible', 'google,goldfish-rtc'],
      ]),
      node(`serial@${hex(UART0_BASE)}`, [
        ['interrupts', UART0_IRQ],
        ['interrupt-parent', PHANDLE_PLIC],
        ['clock-frequency', UART0_CLOCK_FREQUENCY],
        ['reg', reg64(UART0_BASE, UART0_DT_SIZE)],
        ['compatible', 'ns16550a'],
      ]),
      node(`test@${hex(TEST_BASE)}`, [
        ['phandle', PHANDLE_TEST],
        ['reg', reg64(TEST_BASE, TEST_SIZE)],
        ['compatible', ['sifive,test1', 'sifive,test0', 'syscon']],
      ]),
      node(`plic@${hex(PLIC_BASE)}`, [
        ['phandle', PHANDLE_PLIC],
        // Sources 1..95. (QEMU 7.2 writes 96 here, one more than it has; later QEMU fixed it to 95.)
        ['riscv,ndev', PLIC_NUM_SOURCES - 1],
        ['reg', reg64(PLIC_BASE, PLIC_SIZE)],
        ['interrupts-extended', [PHANDLE_CPU0_INTC, IRQ_M_EXT, PHANDLE_CPU0_INTC, IRQ_S_EXT]],
        ['interrupt-controller', true],
        ['compatible', ['sifive,plic-1.0.0', 'riscv,plic0']],
        ['#address-cells', 0],
        ['#interrupt-cells', 1],
      ]),
      node(`clint@${hex(CLINT_BASE)}`, [
        ['interrupts-extended', [PHANDLE_CPU0_INTC, IRQ_M_SOFT, PHANDLE_CPU0_INTC, IRQ_M_TIMER]],
        ['reg', reg64(CLINT_BASE, CLINT_DT_SIZE)],
        ['compatible', ['sifive,clint0', 'riscv,clint0']],
      ]),
    ]),
  ]);
}
