// The physical bus of the virt board: RAM with dirty pages, MMIO dispatch,
// and the access faults QEMU 7.2 raises (holes, widths a device refuses).
// The fault cases were checked on qemu-system-riscv32 with a guest that
// counts load access faults.
import { strict as assert } from 'assert';
import { AccessSize } from '../../emulator/contracts';
import { FlatGuestRam } from '../../emulator/memory/guestRam';
import { SystemBus } from '../../emulator/memory/physicalBus';
import { buildBoard } from '../../emulator/machine/board';
import { LineRecorder } from '../devices/harness';

function makeBoard() {
  const lines = new LineRecorder();
  const sent: number[] = [];
  const board = buildBoard({
    ramSizeMiB: 1,
    icountShift: 0,
    hostInputs: { wallClockNs: () => 0n },
    uartSink: (b) => sent.push(b),
    deviceTreeAddress: 0x800e0000,
    icountNow: () => 0,
    hartLines: () => lines,
  });
  for (const d of board.devices) d.reset();
  return { board, bus: board.bus, sent, lines };
}

function faults(bus: SystemBus, paddr: number, size: AccessSize, write = false): boolean {
  bus.fault = false;
  if (write) bus.write(paddr, size, 0);
  else bus.read(paddr, size);
  return bus.fault;
}

describe('physical bus', () => {
  it('reads and writes RAM little-endian and marks the pages written', () => {
    const ram = new FlatGuestRam(0x80000000, 64 * 1024);
    const bus = new SystemBus(ram);
    bus.write(0x80001ffe, 4, 0x11223344);
    assert.equal(bus.read(0x80001ffe, 4), 0x11223344);
    assert.equal(bus.read(0x80001ffe, 2), 0x3344);
    assert.equal(bus.read(0x80002000, 1), 0x22);
    assert.deepEqual(Array.from(ram.dirtyPages.subarray(0, 4)), [0, 1, 1, 0]);
    assert.equal(bus.read(0x80000000 - 4, 4), 0);
    assert.equal(bus.fault, true);
  });

  it('reaches every device of the board at its address', () => {
    const { bus, sent } = makeBoard();
    bus.write(0x10000000, 1, 0x41);
    assert.deepEqual(sent, [0x41]);
    assert.equal(bus.read(0x10000005, 1), 0x60, 'UART LSR');
    assert.equal(bus.read(0x00001000, 4), 0x00000297, 'boot ROM: auipc t0, 0');
    bus.write(0x0c000028, 4, 5);
    assert.equal(bus.read(0x0c000028, 4), 5, 'PLIC priority of source 10');
    assert.equal(bus.read(0x0200bff8, 4), 0, 'CLINT mtime');
    assert.equal(bus.fault, false);
  });

  it('faults where QEMU 7.2 faults: holes past a device, and widths a device does not take', () => {
    const { bus } = makeBoard();
    assert.equal(faults(bus, 0x10000010, 1), true, 'UART maps 8 bytes, not 0x100');
    assert.equal(faults(bus, 0x0c000004, 1), true, 'PLIC takes words only');
    assert.equal(faults(bus, 0x0c300000, 4), false, 'PLIC aperture is 0x600000');
    assert.equal(faults(bus, 0x0200c000, 4), true, 'CLINT maps 0xC000 bytes');
    assert.equal(faults(bus, 0x02000000, 2), true, 'CLINT takes words only');
    assert.equal(faults(bus, 0x00101024, 4), true, 'RTC maps 0x24 bytes');
    assert.equal(faults(bus, 0x00101000, 1), true, 'RTC takes words only');
    assert.equal(faults(bus, 0x00100000, 1), true, 'finisher takes halfwords and words');
    assert.equal(faults(bus, 0x00100000, 2), false);
    assert.equal(faults(bus, 0x10000004, 4), false, 'UART takes any width');
    assert.equal(faults(bus, 0x40000000, 4, true), true, 'nothing at 0x40000000');
  });

  it('splits a misaligned MMIO load into two aligned loads, as QEMU does (UART lh at +5 reads 0xb000)', () => {
    const { bus } = makeBoard();
    bus.fault = false;
    assert.equal(bus.read(0x10000005, 2), 0xb000);
    assert.equal(bus.fault, false);
  });

  it('drops writes to the boot ROM', () => {
    const { bus } = makeBoard();
    bus.write(0x1000, 4, 0);
    assert.equal(bus.read(0x1000, 4), 0x297);
    assert.equal(bus.fault, false);
  });
});
