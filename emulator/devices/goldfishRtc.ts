// Goldfish RTC of the virt board (QEMU hw/rtc/goldfish_rtc.c; registers
// from Android's GOLDFISH-VIRTUAL-HARDWARE.TXT). The counter is host wall
// time in ns plus an offset the guest can move by writing TIME_LOW/HIGH.
// Wall time comes only from HostInputs, once per TIME_LOW read (which
// latches the high half for TIME_HIGH), counter write and alarm set: each
// such read is a nondeterministic input for the replay layer to record. The
// alarm runs on the virtual clock — QEMU uses the host clock, which would
// make guest state depend on host speed — so an alarm set N ns ahead of the
// counter fires N virtual ns later. IRQ = alarm fired AND interrupts enabled.
import { SavedState } from '../contracts';
import { VirtualClock } from '../clock/virtualClock';
import { TimerQueue, VirtualTimer } from '../clock/timerQueue';
import { Device, IrqLine, MmioDevice, expectState, u64FromState, u64ToState } from './device';
import { HostInputs } from './hostInputs';

export const RTC_TIME_LOW = 0x00;
export const RTC_TIME_HIGH = 0x04;
export const RTC_ALARM_LOW = 0x08;
export const RTC_ALARM_HIGH = 0x0c;
export const RTC_IRQ_ENABLED = 0x10;
export const RTC_CLEAR_ALARM = 0x14;
export const RTC_ALARM_STATUS = 0x18;
export const RTC_CLEAR_INTERRUPT = 0x1c;

const U32 = 0xffffffffn;

interface GoldfishRtcState extends SavedState {
  readonly kind: 'goldfishRtc';
  readonly version: 1;
  /** Counter minus host wall time, modulo 2^64. */
  readonly tickOffset: string;
  readonly alarmNext: string;
  readonly alarmRunning: boolean;
  readonly irqPending: boolean;
  readonly irqEnabled: boolean;
  readonly timeHigh: number;
  readonly irqLevel: boolean;
  readonly alarmDeadlineNs: number | null;
}

export class GoldfishRtc implements Device, MmioDevice {
  readonly name = 'rtc';
  private tickOffset = 0n;
  private alarmNext = 0n;
  private alarmRunning = false;
  private irqPending = false;
  private irqEnabled = false;
  private timeHigh = 0;
  private irqLevel = false;
  private readonly alarm: VirtualTimer;

  constructor(
    private readonly clock: VirtualClock,
    timers: TimerQueue,
    private readonly irq: IrqLine,
    private readonly host: HostInputs,
  ) {
    this.alarm = timers.create('rtc.alarm', () => this.alarmFired());
  }

  /** The counter now: one host wall-clock read. */
  private count(): bigint {
    return BigInt.asUintN(64, this.host.wallClockNs() + this.tickOffset);
  }

  read(offset: number): number {
    switch (offset) {
      case RTC_TIME_LOW: {
        const count = this.count();
        this.timeHigh = Number(count >> 32n);
        return Number(count & U32);
      }
      case RTC_TIME_HIGH:
        return this.timeHigh;
      case RTC_ALARM_LOW:
        return Number(this.alarmNext & U32);
      case RTC_ALARM_HIGH:
        return Number(this.alarmNext >> 32n);
      case RTC_IRQ_ENABLED:
        return this.irqEnabled ? 1 : 0;
      case RTC_ALARM_STATUS:
        return this.alarmRunning ? 1 : 0;
      default:
        return 0;
    }
  }

  write(offset: number, _size: number, value: number): void {
    const v = BigInt(value >>> 0);
    switch (offset) {
      case RTC_TIME_LOW: {
        const current = this.count();
        const wanted = (current & (U32 << 32n)) | v;
        this.tickOffset = BigInt.asUintN(64, this.tickOffset + wanted - current);
        return;
      }
      case RTC_TIME_HIGH: {
        const current = this.count();
        const wanted = (v << 32n) | (current & U32);
        this.tickOffset = BigInt.asUintN(64, this.tickOffset + wanted - current);
        return;
      }
      case RTC_ALARM_LOW:
        this.alarmNext = (this.alarmNext & (U32 << 32n)) | v;
        this.setAlarm();
        return;
      case RTC_ALARM_HIGH:
        this.alarmNext = (v << 32n) | (this.alarmNext & U32);
        return;
      case RTC_IRQ_ENABLED:
        this.irqEnabled = (value & 1) !== 0;
        this.updateIrq();
        return;
      case RTC_CLEAR_ALARM:
        this.clearAlarm();
        return;
      case RTC_CLEAR_INTERRUPT:
        this.irqPending = false;
        this.updateIrq();
        return;
      default:
        return;
    }
  }

  private setAlarm(): void {
    const now = this.count();
    if (this.alarmNext <= now) {
      this.clearAlarm();
      this.alarmFired();
      return;
    }
    this.alarm.arm(this.clock.nowNs() + Number(this.alarmNext - now));
    this.alarmRunning = true;
  }

  private clearAlarm(): void {
    this.alarm.cancel();
    this.alarmRunning = false;
  }

  private alarmFired(): void {
    this.alarmRunning = false;
    this.irqPending = true;
    this.updateIrq();
  }

  private updateIrq(): void {
    this.irqLevel = this.irqPending && this.irqEnabled;
    this.irq(this.irqLevel);
  }

  /** QEMU goldfish_rtc_reset: alarm and interrupt state cleared; the counter keeps running. */
  reset(): void {
    this.alarm.cancel();
    this.alarmNext = 0n;
    this.alarmRunning = false;
    this.irqPending = false;
    this.irqEnabled = false;
    this.irqLevel = false;
    this.irq(false);
  }

  saveState(): GoldfishRtcState {
    return {
      kind: 'goldfishRtc',
      version: 1,
      tickOffset: u64ToState(this.tickOffset),
      alarmNext: u64ToState(this.alarmNext),
      alarmRunning: this.alarmRunning,
      irqPending: this.irqPending,
      irqEnabled: this.irqEnabled,
      timeHigh: this.timeHigh,
      irqLevel: this.irqLevel,
      alarmDeadlineNs: this.alarm.deadlineNs,
    };
  }

  loadState(state: SavedState): void {
    const s = expectState<GoldfishRtcState>(state, 'goldfishRtc', 1);
    this.tickOffset = u64FromState(s.tickOffset);
    this.alarmNext = u64FromState(s.alarmNext);
    this.alarmRunning = s.alarmRunning === true;
    this.irqPending = s.irqPending === true;
    this.irqEnabled = s.irqEnabled === true;
    this.timeHigh = s.timeHigh >>> 0;
    this.irqLevel = s.irqLevel === true;
    this.alarm.restore(s.alarmDeadlineNs);
  }
}
