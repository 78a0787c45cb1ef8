// The run loop with a scripted stand-in hart: timers firing at exact
// instruction counts whatever the slicing, WFI warps, idle and UART input,
// finisher exit and reset, breakpoints, pacing limits, and whole-machine
// save/load determinism.
import { strict as assert } from 'assert';
import { Irq } from '../../emulator/contracts';
import { canonicalJson } from '../../emulator/machine/canonical';
import { Machine, MachineState } from '../../emulator/machine/machine';
import { ElfError } from '../../emulator/loader/elf';
import { GuestMemoryError } from '../../emulator/machine/errors';
import { buildElf } from './elfBuilder';
import { ScriptedHart, Step } from './scriptedHart';

const CLINT_MTIMECMP = 0x02004000;
const CLINT_MTIME = 0x0200bff8;
const UART = 0x10000000;
const PLIC = 0x0c000000;
const TEST = 0x00100000;
const ENTRY = 0x80000000;
const DATA = 0x80001000;

const ELF = buildElf({
  entry: ENTRY,
  segments: [
    { paddr: ENTRY, data: new Uint8Array(64).fill(0x13) },
    { paddr: DATA, data: Uint8Array.of(0x11, 0x22), memSize: 0x2000 },
  ],
});

const write = (addr: number, value: number, size: 1 | 2 | 4 = 4): Step => ({ bus }) => bus.write(addr, size, value);
const nop: Step = () => {};
const setMie = (bits: number): Step => ({ hart }) => {
  hart.mie = bits;
  hart.mstatusMie = false;
};
const wfi: Step = () => 'wfi';
const jump = (to: number): Step => () => ({ jump: to });
const pass = write(TEST, 0x5555);

function boot(program: Step[], options: { shift?: number; wall?: () => bigint } = {}) {
  const out: number[] = [];
  let hart: ScriptedHart | undefined;
  const machine = new Machine({
    ramSizeMiB: 8,
    icountShift: options.shift ?? 0,
    hostInputs: { wallClockNs: options.wall ?? (() => 1_000_000_000n) },
    uartSink: (b) => out.push(b),
    createHart: (bus, time) => (hart = new ScriptedHart(bus, time, program)),
  });
  machine.loadElf(ELF);
  return { machine, hart: hart as ScriptedHart, out };
}

describe('machine', () => {
  it('loads the program and device tree and boots the hart at the entry with a0 = 0, a1 = device tree', () => {
    const { machine, hart } = boot([pass]);
    assert.deepEqual(hart.resets, [[ENTRY, 0, 0x80600000]]);
    assert.equal(machine.deviceTreeAddress, 0x80600000);
    assert.deepEqual(Array.from(machine.readMemory(machine.deviceTreeAddress, 4)), [0xd0, 0x0d, 0xfe, 0xed]);
    assert.deepEqual(Array.from(machine.readMemory(DATA, 4)), [0x11, 0x22, 0, 0]);
    assert.equal(machine.readMemory(0x1018, 4)[3], 0x80, 'boot ROM holds the start address');
    assert.throws(() => machine.readMemory(UART, 1), GuestMemoryError);
  });

  it('refuses a bad ELF with an ElfError and leaves RAM untouched', () => {
    const machine = new Machine({ ramSizeMiB: 8, hostInputs: { wallClockNs: () => 0n }, createHart: (bus, time) => new ScriptedHart(bus, time, []) });
    assert.throws(() => machine.loadElf(buildElf({ elfClass: 2, segments: [{ paddr: ENTRY, data: Uint8Array.of(1) }] })), ElfError);
    assert.equal(machine.ram.bytes.some((b) => b !== 0), false);
    assert.throws(() => machine.run(1), /no program loaded/);
  });

  it('stops on budget with an exact icount, and slicing does not change where it ends', () => {
    const program = [nop, nop, nop, jump(0)];
    const a = boot(program);
    assert.deepEqual(a.machine.run(1000), { kind: 'budget' });
    assert.equal(a.machine.icount, 1000);
    const b = boot(program);
    for (let i = 0; i < 100; i++) b.machine.run(10);
    assert.equal(b.machine.icount, 1000);
    assert.equal(a.machine.stateHash(), b.machine.stateHash());
  });

  it('raises MTIP at exactly the instruction where mtime reaches mtimecmp, whatever the slice sizes', () => {
    const seenAt = (slice: number) => {
      const records: Array<[number, boolean]> = [];
      const ref: { machine?: Machine } = {};
      const program: Step[] = [
        write(CLINT_MTIMECMP + 4, 0),
        write(CLINT_MTIMECMP, 10), // tick 10 = 1000 ns = icount 1000 at shift 0
        ({ hart }) => void records.push([(ref.machine as Machine).icount, (hart.mip & Irq.MTIP) !== 0]),
        jump(2),
      ];
      const machine = (ref.machine = boot(program).machine);
      while (machine.icount < 1100) machine.run(slice);
      return records.find(([, mtip]) => mtip)?.[0];
    };
    assert.equal(seenAt(1), 1000);
    assert.equal(seenAt(7), 1000);
    assert.equal(seenAt(1_000_000), 1000);
  });

  it('reads mtime exactly mid-slice, and at shift 3 each instruction is 8 ns', () => {
    const reads: number[] = [];
    const program: Step[] = [nop, ({ time }) => void reads.push(time.mtime()), jump(0)];
    const { machine } = boot(program, { shift: 3 });
    machine.run(100);
    // The loop is 3 instructions long: reads happen at icount 1, 4, 7, ..., mtime = floor(8 * icount / 100).
    assert.deepEqual(reads.slice(0, 8), [0, 0, 0, 0, 1, 1, 1, 1]);
    assert.deepEqual(reads, reads.map((_, k) => Math.floor((8 * (1 + 3 * k)) / 100)));
    assert.equal(reads.length, 33);
  });

  it('warps virtual time to the next deadline while the hart sleeps in WFI, without retiring instructions', () => {
    let seen: [number, number] | undefined;
    const ref: { machine?: Machine } = {};
    const program: Step[] = [
      write(CLINT_MTIMECMP + 4, 0),
      write(CLINT_MTIMECMP, 1_000_000), // 0.1 s of virtual time
      setMie(Irq.MTIP),
      wfi,
      ({ time }) => {
        seen = [(ref.machine as Machine).icount, time.mtime()];
      },
      pass,
    ];
    const machine = (ref.machine = boot(program).machine);
    assert.deepEqual(machine.run(1000), { kind: 'exit', code: 0, pass: true });
    assert.deepEqual(seen, [4, 1_000_000]);
    assert.equal(machine.icount, 6);
    assert.deepEqual(machine.clock.warps, { count: 1, totalNs: 100_000_000 - 4 });
    assert.equal(machine.virtualNs(), 100_000_000 + 2);
  });

  it('stops as idle when the hart sleeps with no timer armed, and wakes on UART input through the PLIC', () => {
    const program: Step[] = [
      write(UART + 1, 1, 1), // IER: received-data interrupt
      write(PLIC + 10 * 4, 1), // priority of source 10
      write(PLIC + 0x2000, 1 << 10), // enable source 10 for context 0 (M mode)
      setMie(Irq.MEIP),
      wfi,
      ({ bus, hart }) => {
        hart.regs[5] = bus.read(UART, 1);
      },
      ({ bus, hart }) => bus.write(TEST, 4, (hart.regs[5] << 16) | 0x3333),
    ];
    const { machine, hart } = boot(program);
    assert.deepEqual(machine.run(1000), { kind: 'idle' });
    assert.equal(machine.icount, 5);
    const before = machine.stateHash();
    assert.deepEqual(machine.run(1000), { kind: 'idle' });
    assert.equal(machine.stateHash(), before, 'stopping and resuming change nothing');
    const idleAt = machine.virtualNs();
    machine.warpIdle(5000);
    assert.equal(machine.virtualNs(), idleAt + 5000, 'the host may let time pass while idle');
    assert.equal(machine.uartRxCapacity(), 1);
    assert.equal(machine.uartReceive(Uint8Array.of(0x41, 0x42)), 1, 'no FIFO: one byte at a time');
    assert.equal(hart.waiting, false);
    assert.throws(() => machine.warpIdle(1), /only .* while the machine is idle/);
    assert.deepEqual(machine.run(1000), { kind: 'exit', code: 0x41, pass: false });
    assert.deepEqual(machine.run(1000), { kind: 'exit', code: 0x41, pass: false }, 'exit is sticky');
    assert.equal(machine.icount, 7);
  });

  it('stops as soon as a polling guest makes room for pending host input (inputReady)', () => {
    const program: Step[] = [
      ({ bus, hart }) => {
        hart.regs[5] = bus.read(UART + 5, 1) & 1;
      },
      ({ hart }) => (hart.regs[5] ? undefined : { jump: 0 }),
      ({ bus }) => bus.write(UART, 1, bus.read(UART, 1)),
      jump(0),
    ];
    const { machine, out } = boot(program);
    const input = Buffer.from('abc');
    let sent = 0;
    const stops: Array<[string, number]> = [];
    while (sent < input.length) {
      sent += machine.uartReceive(input.subarray(sent));
      stops.push([machine.run(1_000_000, { hostInputPending: sent < input.length }).kind, machine.icount]);
    }
    // Each byte goes in right after the guest read the one before (a 4-instruction loop).
    assert.deepEqual(stops.slice(0, 2), [['inputReady', 3], ['inputReady', 7]]);
    assert.equal(Buffer.from(out).toString(), 'abc');
  });

  it('sends UART output to the sink', () => {
    const { machine, out } = boot([write(UART, 0x68, 1), write(UART, 0x69, 1), pass]);
    machine.run(10);
    assert.equal(Buffer.from(out).toString(), 'hi');
  });

  it('stops for a guest reset request, and reset() reloads the program and restarts the hart', () => {
    const { machine, hart } = boot([write(DATA, 0xff, 1), write(TEST, 0x7777), jump(2)]);
    assert.deepEqual(machine.run(100), { kind: 'reset' });
    assert.equal(machine.readMemory(DATA, 1)[0], 0xff);
    machine.reset();
    assert.equal(machine.readMemory(DATA, 1)[0], 0x11);
    assert.equal(hart.resets.length, 2);
    assert.equal(hart.pc, ENTRY);
    assert.equal(machine.icount, 2, 'time goes on across a reset');
    assert.deepEqual(machine.run(1), { kind: 'budget' });
  });

  it('passes breakpoints, watchpoints and stopOnTrap through to the hart', () => {
    const { machine, hart } = boot([nop, nop, nop, nop, jump(0)]);
    machine.breakpoints.add(hart.pcOf(3));
    assert.deepEqual(machine.run(100), { kind: 'breakpoint', pc: hart.pcOf(3) });
    assert.equal(machine.icount, 3);
    assert.deepEqual(machine.run(100), { kind: 'breakpoint', pc: hart.pcOf(3) });
    assert.equal(machine.icount, 3);
    assert.deepEqual(machine.run(2, { resumeFromBreakpoint: true }), { kind: 'budget' });
    assert.equal(machine.icount, 5);
    machine.setWatchpoints([{ address: DATA, size: 4, kind: 'write' }]);
    assert.deepEqual(hart.watchpoints, [{ address: DATA, size: 4, kind: 'write' }]);
    machine.stopOnTrap = true;
    assert.equal(hart.stopOnTrap, true);
  });

  it('stops at a virtual time limit without warping past it (pacing), then goes on', () => {
    const program: Step[] = [write(CLINT_MTIMECMP + 4, 0), write(CLINT_MTIMECMP, 1_000_000), setMie(Irq.MTIP), wfi, pass];
    const { machine } = boot(program);
    assert.deepEqual(machine.run(1000, { virtualTimeLimitNs: 50_000_000 }), { kind: 'timeLimit', nextEventNs: 100_000_000 });
    assert.equal(machine.virtualNs(), 4);
    assert.deepEqual(machine.run(1000, { virtualTimeLimitNs: 100_000_010 }), { kind: 'exit', code: 0, pass: true });
    const busy = boot([nop, jump(0)]).machine;
    assert.deepEqual(busy.run(1000, { virtualTimeLimitNs: 10 }), { kind: 'timeLimit', nextEventNs: Infinity });
    assert.equal(busy.icount, 10);
  });

  describe('saved state', () => {
    // A guest whose state depends on time, the UART FIFO timeout and the CLINT timer.
    const program: Step[] = [
      write(UART + 2, 0x81, 1), // FIFO on, trigger level 8
      write(UART + 1, 1, 1),
      write(CLINT_MTIMECMP + 4, 0),
      write(CLINT_MTIMECMP, 500),
      ({ bus, hart }) => {
        hart.regs[6] = bus.read(CLINT_MTIME, 4);
        hart.regs[7] = (hart.regs[7] + hart.regs[6] + (hart.mip & 0xfff)) | 0;
        bus.write(DATA + 8, 4, hart.regs[7]);
      },
      jump(4),
    ];

    function runningMachine() {
      const booted = boot(program);
      booted.machine.run(1000);
      booted.machine.uartReceive(Uint8Array.of(1, 2, 3));
      booted.machine.run(500);
      return booted;
    }

    const copyRam = (m: Machine) => Array.from({ length: m.ramPageCount }, (_, i) => m.copyRamPage(i));

    it('saves, loads and saves again to the same bytes, with timers armed', () => {
      const { machine } = runningMachine();
      const saved = machine.saveState();
      assert.ok(Object.keys(machine.armedTimers()).includes('uart0.fifoTimeout'));
      assert.ok(Object.keys(machine.armedTimers()).includes('clint.mtimer'));
      const other = boot(program).machine;
      other.loadState(JSON.parse(canonicalJson(saved)));
      assert.equal(canonicalJson(other.saveState()), canonicalJson(saved));
    });

    it('continues identically after a load into a fresh machine', () => {
      const a = runningMachine();
      const saved = JSON.parse(canonicalJson(a.machine.saveState()));
      const pages = copyRam(a.machine);
      a.machine.run(200_000);
      const b = boot(program);
      b.machine.run(3);
      b.machine.loadState(saved);
      pages.forEach((page, i) => b.machine.restoreRamPage(i, page));
      b.machine.run(200_000);
      assert.equal(b.machine.icount, a.machine.icount);
      assert.equal(b.machine.stateHash(), a.machine.stateHash());
    });

    it('gives the same machine hash whatever order the devices are loaded in', () => {
      const { machine } = runningMachine();
      const saved = machine.saveState();
      const pages = copyRam(machine);
      const hashes = new Set<string>();
      const orders = [
        ['clint', 'plic', 'uart0', 'rtc', 'test'],
        ['test', 'rtc', 'uart0', 'plic', 'clint'],
        ['uart0', 'clint', 'test', 'plic', 'rtc'],
        ['plic', 'test', 'clint', 'rtc', 'uart0'],
      ];
      for (const order of orders) {
        const devices: Record<string, unknown> = {};
        for (const name of order) devices[name] = saved.devices[name];
        const other = boot(program).machine;
        other.loadState({ ...saved, devices } as MachineState);
        pages.forEach((page, i) => other.restoreRamPage(i, page));
        hashes.add(other.stateHash());
      }
      assert.deepEqual([...hashes], [machine.stateHash()]);
    });

    it('refuses state from a machine with another RAM size or device set', () => {
      const { machine } = runningMachine();
      const saved = machine.saveState();
      assert.throws(() => machine.loadState({ ...saved, ramSize: 1 } as MachineState), /RAM/);
      const devices = { ...saved.devices } as Record<string, unknown>;
      delete devices.rtc;
      assert.throws(() => machine.loadState({ ...saved, devices } as MachineState), /missing \[rtc\]/);
    });
  });

  it('writes guest memory for a debugger and drops the hart\'s cached code there', () => {
    const { machine, hart } = boot([pass]);
    machine.writeMemory(DATA + 4, Uint8Array.of(1, 2, 3));
    assert.deepEqual(Array.from(machine.readMemory(DATA + 3, 5)), [0, 1, 2, 3, 0]);
    assert.deepEqual(hart.invalidated[hart.invalidated.length - 1], [DATA + 4, 3]);
    assert.throws(() => machine.writeMemory(0x1000, Uint8Array.of(1)), GuestMemoryError);
  });

  it('hashes all of RAM: one byte anywhere changes the hash, and putting it back restores it', () => {
    const { machine } = boot([pass]);
    const before = machine.stateHash();
    const last = 0x80000000 + 8 * 2 ** 20 - 1;
    machine.writeMemory(last, Uint8Array.of(1));
    const changed = machine.stateHash();
    assert.notEqual(changed, before);
    machine.writeMemory(last, Uint8Array.of(0));
    assert.equal(machine.stateHash(), before);
    machine.writeMemory(0x80400000, Uint8Array.of(1));
    assert.notEqual(machine.stateHash(), changed, 'where the byte is matters');
  });
});
