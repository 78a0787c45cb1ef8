// Wires the virt board together: RAM, the virtual clock and its timers, the
// devices, their interrupt lines (UART0 -> PLIC source 10, RTC -> 11, PLIC
// -> MEIP/SEIP, CLINT -> MSIP/MTIP) and the bus map (memoryMap.ts). Every
// line change, timer change and finisher write also raises the bus's
// `attention`, so the hart ends its slice and the run loop looks.
import { InterruptLines, Irq } from '../contracts';
import { TimerQueue } from '../clock/timerQueue';
import { VirtualClock } from '../clock/virtualClock';
import { BootRom } from '../devices/bootRom';
import { Clint } from '../devices/clint';
import { Device } from '../devices/device';
import { GoldfishRtc } from '../devices/goldfishRtc';
import { HostInputs } from '../devices/hostInputs';
import { Plic } from '../devices/plic';
import { SifiveTest } from '../devices/sifiveTest';
import { Ns16550a } from '../devices/uart';
import { FlatGuestRam, MIB } from '../memory/guestRam';
import { MmioRegion, SystemBus } from '../memory/physicalBus';
import {
  CLINT_BASE,
  CLINT_MTIMER_OFFSET,
  CLINT_MTIMER_SIZE,
  CLINT_SWI_SIZE,
  DRAM_BASE,
  MROM_BASE,
  MROM_SIZE,
  PLIC_BASE,
  PLIC_SIZE,
  RTC_BASE,
  RTC_IRQ,
  RTC_MAPPED_SIZE,
  TEST_BASE,
  TEST_SIZE,
  UART0_BASE,
  UART0_IRQ,
  UART0_MAPPED_SIZE,
} from './memoryMap';

export interface BoardParts {
  readonly ram: FlatGuestRam;
  readonly bus: SystemBus;
  readonly clock: VirtualClock;
  readonly timers: TimerQueue;
  readonly clint: Clint;
  readonly plic: Plic;
  readonly uart: Ns16550a;
  readonly rtc: GoldfishRtc;
  readonly test: SifiveTest;
  /** Devices with state, in a fixed order (the order is only for reset; loading works in any order). */
  readonly devices: readonly Device[];
}

export interface BoardOptions {
  readonly ramSizeMiB: number;
  readonly icountShift: number;
  readonly hostInputs: HostInputs;
  readonly uartSink: (byte: number) => void;
  /** Where the device tree goes (the boot ROM points at it). */
  readonly deviceTreeAddress: number;
  /** The exact instruction count at this moment, also mid-slice. */
  readonly icountNow: () => number;
  /** The hart's interrupt inputs (known only after the hart exists, so reached through a function). */
  readonly hartLines: () => InterruptLines;
}

export function buildBoard(options: BoardOptions): BoardParts {
  const ram = new FlatGuestRam(DRAM_BASE, options.ramSizeMiB * MIB);
  const clock = new VirtualClock(options.icountShift, options.icountNow);
  const timers = new TimerQueue();
  const bus = new SystemBus(ram);
  const attention = (): void => {
    bus.attention = true;
  };
  timers.onChange = attention;
  const lines: InterruptLines = {
    setIrqLevel(bit: Irq, level: boolean): void {
      options.hartLines().setIrqLevel(bit, level);
      attention();
    },
  };

  const clint = new Clint(clock, timers, lines);
  const plic = new Plic(lines);
  const uart = new Ns16550a(clock, timers, plic.sourceLine(UART0_IRQ), options.uartSink);
  const rtc = new GoldfishRtc(clock, timers, plic.sourceLine(RTC_IRQ), options.hostInputs);
  const test = new SifiveTest(attention);
  const rom = new BootRom(MROM_SIZE, DRAM_BASE, options.deviceTreeAddress);

  const regions: MmioRegion[] = [
    { name: 'mrom', base: MROM_BASE, size: MROM_SIZE, minAccess: 1, maxAccess: 4, device: rom },
    { name: 'test', base: TEST_BASE, size: TEST_SIZE, minAccess: 2, maxAccess: 4, device: test },
    { name: 'rtc', base: RTC_BASE, size: RTC_MAPPED_SIZE, minAccess: 4, maxAccess: 4, device: rtc },
    { name: 'clint.mswi', base: CLINT_BASE, size: CLINT_SWI_SIZE, minAccess: 4, maxAccess: 4, device: clint.swiRegisters },
    {
      name: 'clint.mtimer',
      base: CLINT_BASE + CLINT_MTIMER_OFFSET,
      size: CLINT_MTIMER_SIZE,
      minAccess: 4,
      maxAccess: 4,
      device: clint.mtimerRegisters,
    },
    { name: 'plic', base: PLIC_BASE, size: PLIC_SIZE, minAccess: 4, maxAccess: 4, device: plic },
    { name: 'uart0', base: UART0_BASE, size: UART0_MAPPED_SIZE, minAccess: 1, maxAccess: 4, device: uart },
  ];
  for (const region of regions) bus.map(region);
  return { ram, bus, clock, timers, clint, plic, uart, rtc, test, devices: [clint, plic, uart, rtc, test] };
}
