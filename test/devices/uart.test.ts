// NS16550A register behaviour, checked against the 16550A datasheet and QEMU
// 7.2's hw/char/serial.c: LSR/IIR/FIFO/interrupt logic, divisor latch,
// loopback, the virtual-clock character timeout, and saved state.
import { strict as assert } from 'assert';
import { canonicalJson } from '../../emulator/machine/canonical';
import {
  Ns16550a,
  UART_FCR_FE,
  UART_FCR_RFR,
  UART_IER_DLM,
  UART_IER_RDI,
  UART_IER_RLSI,
  UART_IER_THRI,
  UART_IIR_FCR,
  UART_LCR,
  UART_LCR_DLAB,
  UART_LSR,
  UART_MCR,
  UART_MCR_LOOP,
  UART_MSR,
  UART_RBR_THR_DLL,
  UART_SCR,
} from '../../emulator/devices/uart';
import { ManualTime, SourceLine } from './harness';

function makeUart(time = new ManualTime()) {
  const irq = new SourceLine();
  const sent: number[] = [];
  const uart = new Ns16550a(time.clock, time.timers, irq.line, (b) => sent.push(b));
  uart.reset();
  return { uart, irq, sent, time };
}

const rd = (u: Ns16550a, off: number) => u.read(off);
const wr = (u: Ns16550a, off: number, v: number) => u.write(off, 1, v);

describe('NS16550A UART', () => {
  it('comes out of reset with THR empty, no interrupt, 8N1 divisor 12, DCD/DSR/CTS and OUT2', () => {
    const { uart } = makeUart();
    assert.equal(rd(uart, UART_LSR), 0x60);
    assert.equal(rd(uart, UART_IIR_FCR), 0x01);
    assert.equal(rd(uart, UART_MSR), 0xb0);
    assert.equal(rd(uart, UART_MCR), 0x08);
    assert.equal(rd(uart, UART_IER_DLM), 0);
    wr(uart, UART_LCR, UART_LCR_DLAB);
    assert.equal(rd(uart, UART_RBR_THR_DLL), 12);
    assert.equal(rd(uart, UART_IER_DLM), 0);
  });

  it('sends THR bytes to the sink at once and reports THR and transmitter empty again', () => {
    const { uart, sent } = makeUart();
    for (const c of 'hi\n') wr(uart, UART_RBR_THR_DLL, c.charCodeAt(0));
    assert.equal(Buffer.from(sent).toString(), 'hi\n');
    assert.equal(rd(uart, UART_LSR) & 0x60, 0x60);
  });

  it('raises the THRE interrupt when enabled, clears it on an IIR read, raises it again after the next byte', () => {
    const { uart, irq } = makeUart();
    wr(uart, UART_IER_DLM, UART_IER_THRI);
    assert.equal(irq.level, true);
    assert.equal(rd(uart, UART_IIR_FCR), 0x02);
    assert.equal(irq.level, false);
    assert.equal(rd(uart, UART_IIR_FCR), 0x01);
    wr(uart, UART_RBR_THR_DLL, 0x41);
    assert.equal(irq.level, true);
    assert.equal(rd(uart, UART_IIR_FCR), 0x02);
    wr(uart, UART_IER_DLM, 0);
    assert.equal(irq.level, false);
  });

  it('takes one byte at a time without the FIFO, with a data-ready interrupt', () => {
    const { uart, irq } = makeUart();
    wr(uart, UART_IER_DLM, UART_IER_RDI);
    assert.equal(uart.rxCapacity(), 1);
    uart.receive(Uint8Array.of(0x61));
    assert.equal(uart.rxCapacity(), 0);
    assert.equal(rd(uart, UART_LSR) & 1, 1);
    assert.equal(rd(uart, UART_IIR_FCR), 0x04);
    assert.equal(irq.level, true);
    assert.equal(rd(uart, UART_RBR_THR_DLL), 0x61);
    assert.equal(rd(uart, UART_LSR) & 1, 0);
    assert.equal(irq.level, false);
    assert.equal(uart.rxCapacity(), 1);
  });

  it('flags an overrun without the FIFO and clears OE when LSR is read', () => {
    const { uart, irq } = makeUart();
    wr(uart, UART_IER_DLM, UART_IER_RLSI);
    uart.receive(Uint8Array.of(1));
    uart.receive(Uint8Array.of(2));
    assert.equal(irq.level, true);
    assert.equal(rd(uart, UART_IIR_FCR), 0x06);
    assert.equal(rd(uart, UART_LSR) & 0x03, 0x03);
    assert.equal(irq.level, false);
    assert.equal(rd(uart, UART_LSR) & 0x02, 0);
    assert.equal(rd(uart, UART_RBR_THR_DLL), 2);
  });

  it('fills the 16-byte FIFO up to the trigger level it advertises, and interrupts at the level', () => {
    const { uart, irq } = makeUart();
    wr(uart, UART_IIR_FCR, 0xc0 | UART_FCR_FE); // FIFO on, trigger level 14
    assert.equal(rd(uart, UART_IIR_FCR) & 0xc0, 0xc0);
    wr(uart, UART_IER_DLM, UART_IER_RDI);
    assert.equal(uart.rxCapacity(), 14);
    uart.receive(new Uint8Array(13).fill(0x30));
    assert.equal(irq.level, false);
    assert.equal(uart.rxCapacity(), 1);
    uart.receive(Uint8Array.of(0x31));
    assert.equal(irq.level, true);
    assert.equal(rd(uart, UART_IIR_FCR), 0xc4);
    assert.equal(uart.rxCapacity(), 0, 'QEMU advertises nothing once the trigger level is reached');
    // Bytes pushed past what was advertised (as loopback can) fill the FIFO, then overrun.
    uart.receive(Uint8Array.of(0x32, 0x33));
    uart.receive(Uint8Array.of(0x34)); // FIFO full: overrun, contents kept
    assert.equal(rd(uart, UART_LSR) & 0x02, 0x02);
    const got: number[] = [];
    while (rd(uart, UART_LSR) & 1) got.push(rd(uart, UART_RBR_THR_DLL));
    assert.equal(got.length, 16);
    assert.deepEqual(got.slice(12), [0x30, 0x31, 0x32, 0x33]);
    assert.equal(irq.level, false);
  });

  it('raises the character timeout exactly 4 character times after data arrives below the trigger level', () => {
    const time = new ManualTime();
    const { uart, irq } = makeUart(time);
    wr(uart, UART_IIR_FCR, 0x80 | UART_FCR_FE); // trigger level 8
    wr(uart, UART_IER_DLM, UART_IER_RDI);
    uart.receive(Uint8Array.of(0x41, 0x42));
    // 9600 baud 8N1 after reset: floor(1e9 / 9600) * 10 ns per character.
    const timeout = 104166 * 10 * 4;
    time.jumpTo(timeout - 1);
    assert.equal(irq.level, false);
    time.step(1);
    assert.equal(irq.level, true);
    assert.equal(rd(uart, UART_IIR_FCR), 0xcc);
    assert.equal(rd(uart, UART_RBR_THR_DLL), 0x41);
    assert.equal(irq.level, false, 'reading RBR clears the timeout indication');
    // One byte left: the timeout is re-armed from this read.
    time.jumpTo(timeout + timeout - 1);
    assert.equal(irq.level, false);
    time.step(1);
    assert.equal(irq.level, true);
  });

  it('derives the character time from the divisor latch and LCR', () => {
    const time = new ManualTime();
    const { uart, irq } = makeUart(time);
    wr(uart, UART_LCR, UART_LCR_DLAB | 0x03);
    wr(uart, UART_RBR_THR_DLL, 1);
    wr(uart, UART_IER_DLM, 0);
    assert.equal(rd(uart, UART_RBR_THR_DLL), 1);
    wr(uart, UART_LCR, 0x03 | 0x04); // 8 data bits, 2 stop bits: 11-bit frames
    wr(uart, UART_IIR_FCR, 0xc0 | UART_FCR_FE);
    wr(uart, UART_IER_DLM, UART_IER_RDI);
    uart.receive(Uint8Array.of(1));
    // baudbase 399193 / divisor 1 = 399193 baud: floor(1e9 / 399193) = 2505 ns per bit.
    const timeout = 2505 * 11 * 4;
    time.jumpTo(timeout - 1);
    assert.equal(irq.level, false);
    time.step(1);
    assert.equal(irq.level, true);
  });

  it('loops THR back to RBR in loopback mode and mirrors MCR into MSR', () => {
    const { uart, sent } = makeUart();
    wr(uart, UART_MCR, UART_MCR_LOOP | 0x0f);
    assert.equal(rd(uart, UART_MSR), 0xf0);
    wr(uart, UART_RBR_THR_DLL, 0x5a);
    assert.deepEqual(sent, []);
    assert.equal(rd(uart, UART_RBR_THR_DLL), 0x5a);
  });

  it('keeps the scratch register and flushes the receive FIFO on FCR.RFR', () => {
    const { uart } = makeUart();
    wr(uart, UART_SCR, 0xa5);
    assert.equal(rd(uart, UART_SCR), 0xa5);
    wr(uart, UART_IIR_FCR, UART_FCR_FE);
    uart.receive(Uint8Array.of(1));
    wr(uart, UART_IIR_FCR, UART_FCR_FE | UART_FCR_RFR);
    assert.equal(rd(uart, UART_LSR) & 1, 0);
  });

  it('saves and loads every register, the FIFO and the armed timeout (save, load, save are equal)', () => {
    const time = new ManualTime();
    const a = makeUart(time);
    wr(a.uart, UART_IIR_FCR, 0x40 | UART_FCR_FE);
    wr(a.uart, UART_IER_DLM, UART_IER_RDI | UART_IER_THRI);
    wr(a.uart, UART_SCR, 7);
    a.uart.receive(Uint8Array.of(9, 8, 7));
    time.jumpTo(1000);
    const saved = a.uart.saveState();
    assert.notEqual(saved.fifoTimeoutDeadlineNs, null);

    const time2 = new ManualTime();
    time2.icount = 1000;
    const irq2 = new SourceLine();
    const b = new Ns16550a(time2.clock, time2.timers, irq2.line, () => {});
    b.loadState(JSON.parse(JSON.stringify(saved)));
    assert.equal(irq2.calls, 0, 'loading does not drive the interrupt line');
    assert.equal(canonicalJson(b.saveState()), canonicalJson(saved));
    assert.equal(time2.timers.nextDeadline(), saved.fifoTimeoutDeadlineNs);
    assert.deepEqual([rd(b, UART_RBR_THR_DLL), rd(b, UART_RBR_THR_DLL), rd(b, UART_RBR_THR_DLL)], [9, 8, 7]);
  });
});
