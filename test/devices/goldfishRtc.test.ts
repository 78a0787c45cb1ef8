// Goldfish RTC: wall time only through HostInputs (one read per TIME_LOW,
// TIME_HIGH latched), guest-set time as an offset, and the alarm on the
// virtual clock with its interrupt.
import { strict as assert } from 'assert';
import { canonicalJson } from '../../emulator/machine/canonical';
import {
  GoldfishRtc,
  RTC_ALARM_HIGH,
  RTC_ALARM_LOW,
  RTC_ALARM_STATUS,
  RTC_CLEAR_ALARM,
  RTC_CLEAR_INTERRUPT,
  RTC_IRQ_ENABLED,
  RTC_TIME_HIGH,
  RTC_TIME_LOW,
} from '../../emulator/devices/goldfishRtc';
import { ManualTime, SourceLine } from './harness';

/** Host wall clock the test controls; counts reads. */
class FakeWall {
  reads = 0;
  constructor(public ns: bigint) {}
  wallClockNs(): bigint {
    this.reads++;
    return this.ns;
  }
}

function makeRtc(wallNs = 1_700_000_000_123_456_789n) {
  const time = new ManualTime();
  const irq = new SourceLine();
  const wall = new FakeWall(wallNs);
  const rtc = new GoldfishRtc(time.clock, time.timers, irq.line, wall);
  rtc.reset();
  const w = (off: number, v: number) => rtc.write(off, 4, v);
  const r = (off: number) => rtc.read(off);
  return { rtc, irq, wall, time, w, r };
}

const readTime = (r: (off: number) => number) => {
  const low = BigInt(r(RTC_TIME_LOW));
  return (BigInt(r(RTC_TIME_HIGH)) << 32n) | low;
};

describe('goldfish RTC', () => {
  it('reads the host wall clock once per TIME_LOW and latches the high half for TIME_HIGH', () => {
    const { wall, r } = makeRtc();
    assert.equal(readTime(r), wall.ns);
    assert.equal(wall.reads, 1);
    wall.ns += 1n << 32n;
    assert.equal(r(RTC_TIME_HIGH), Number((wall.ns - (1n << 32n)) >> 32n), 'TIME_HIGH is the latched value');
    assert.equal(wall.reads, 1);
  });

  it('keeps a guest-set time as an offset from the wall clock', () => {
    const { wall, w, r } = makeRtc();
    w(RTC_TIME_HIGH, 0);
    w(RTC_TIME_LOW, 1000);
    assert.equal(readTime(r), 1000n);
    wall.ns += 500n;
    assert.equal(readTime(r), 1500n);
  });

  it('fires an alarm set N ns ahead after N virtual ns, and interrupts only when enabled', () => {
    const { irq, wall, time, w, r } = makeRtc(10_000n);
    w(RTC_ALARM_HIGH, 0);
    w(RTC_ALARM_LOW, 12_500);
    assert.equal(r(RTC_ALARM_STATUS), 1);
    assert.equal(time.timers.nextDeadline(), 2500);
    wall.ns = 99_999_999n; // host time racing ahead changes nothing
    time.jumpTo(2499);
    assert.equal(r(RTC_ALARM_STATUS), 1);
    time.step(1);
    assert.equal(r(RTC_ALARM_STATUS), 0);
    assert.equal(irq.level, false, 'interrupts are disabled');
    w(RTC_IRQ_ENABLED, 1);
    assert.equal(irq.level, true);
    assert.equal(r(RTC_IRQ_ENABLED), 1);
    w(RTC_CLEAR_INTERRUPT, 0);
    assert.equal(irq.level, false);
    assert.equal(r(RTC_ALARM_LOW), 12_500);
  });

  it('fires at once for an alarm in the past, and cancels on CLEAR_ALARM', () => {
    const { irq, time, w, r } = makeRtc(10_000n);
    w(RTC_IRQ_ENABLED, 1);
    w(RTC_ALARM_LOW, 5);
    assert.equal(irq.level, true);
    w(RTC_CLEAR_INTERRUPT, 0);
    w(RTC_ALARM_LOW, 20_000);
    assert.equal(r(RTC_ALARM_STATUS), 1);
    w(RTC_CLEAR_ALARM, 0);
    assert.equal(r(RTC_ALARM_STATUS), 0);
    assert.equal(time.timers.nextDeadline(), Infinity);
  });

  it('saves and loads with an alarm armed (save, load, save are equal) without reading the host or driving the line', () => {
    const a = makeRtc(10_000n);
    a.w(RTC_TIME_LOW, 77);
    a.w(RTC_IRQ_ENABLED, 1);
    a.w(RTC_ALARM_LOW, 5000);
    a.r(RTC_TIME_LOW);
    const saved = a.rtc.saveState();
    const time = new ManualTime();
    const irq = new SourceLine();
    const wall = new FakeWall(0n);
    const b = new GoldfishRtc(time.clock, time.timers, irq.line, wall);
    b.loadState(JSON.parse(JSON.stringify(saved)));
    assert.equal(wall.reads, 0);
    assert.equal(irq.calls, 0);
    assert.equal(canonicalJson(b.saveState()), canonicalJson(saved));
    assert.equal(time.timers.nextDeadline(), saved.alarmDeadlineNs);
  });
});
