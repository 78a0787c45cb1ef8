// NS16550A UART0 of the virt board, following QEMU 7.2's 16550A model
// (hw/char/serial.c, serial_mm with regshift 0) and the PC16550D datasheet's
// register names. Transmission is immediate: a byte written to THR goes to
// the sink at once and THRE/TEMT are set again before the next instruction,
// as QEMU does with a backend that never blocks. Received bytes enter only
// through `receive`, which the run loop applies at an instruction boundary
// (host input is a nondeterministic input the replay layer records), and
// only as many as `rxCapacity` allows, as QEMU's serial_can_receive. The
// FIFO character-timeout runs on the virtual clock. Modem-status polling
// does not exist here: like QEMU with a stdio backend, MSR reads
// DCD|DSR|CTS and never changes outside loopback mode.
import { SavedState } from '../contracts';
import { VirtualClock } from '../clock/virtualClock';
import { TimerQueue, VirtualTimer } from '../clock/timerQueue';
import { UART0_BAUDBASE } from '../machine/memoryMap';
import { Device, IrqLine, MmioDevice, StateError, expectState } from './device';
import {
  UART_RBR_THR_DLL,
  UART_IER_DLM,
  UART_IIR_FCR,
  UART_LCR,
  UART_MCR,
  UART_LSR,
  UART_MSR,
  UART_LCR_DLAB,
  UART_IER_RDI,
  UART_IER_THRI,
  UART_IER_RLSI,
  UART_IER_MSI,
  UART_IIR_NO_INT,
  UART_IIR_ID,
  UART_IIR_MSI,
  UART_IIR_THRI,
  UART_IIR_RDI,
  UART_IIR_RLSI,
  UART_IIR_CTI,
  UART_IIR_FE,
  UART_FCR_FE,
  UART_FCR_RFR,
  UART_FCR_XFR,
  UART_FCR_STICKY,
  UART_MCR_OUT2,
  UART_MCR_LOOP,
  UART_LSR_DR,
  UART_LSR_OE,
  UART_LSR_BI,
  UART_LSR_THRE,
  UART_LSR_TEMT,
  UART_LSR_INT_ANY,
  UART_MSR_CTS,
  UART_MSR_DSR,
  UART_MSR_DCD,
  UART_MSR_ANY_DELTA,
  UART_FIFO_LENGTH,
} from './uartRegisters';

export * from './uartRegisters';


const NS_PER_SECOND = 1_000_000_000;
/** Reset line settings: divisor 12, 8N1 (9600 baud with a 1.8432 MHz clock), as QEMU's serial_reset. */
const RESET_DIVIDER = 0x0c;
const RESET_CHAR_TRANSMIT_NS = Math.floor(NS_PER_SECOND / 9600) * 10;

interface UartState extends SavedState {
  readonly kind: 'ns16550a';
  readonly version: 1;
  readonly rbr: number;
  readonly thr: number;
  readonly ier: number;
  readonly iir: number;
  readonly fcr: number;
  readonly lcr: number;
  readonly mcr: number;
  readonly lsr: number;
  readonly msr: number;
  readonly scr: number;
  readonly divider: number;
  readonly rxFifo: number[];
  readonly rxTriggerLevel: number;
  readonly thrInterruptPending: boolean;
  readonly timeoutInterruptPending: boolean;
  readonly charTransmitTimeNs: number;
  readonly irqLevel: boolean;
  readonly fifoTimeoutDeadlineNs: number | null;
}

export class Ns16550a implements Device, MmioDevice {
  readonly name = 'uart0';
  private rbr = 0;
  private thr = 0;
  private ier = 0;
  private iir = UART_IIR_NO_INT;
  private fcr = 0;
  private lcr = 0;
  private mcr = UART_MCR_OUT2;
  private lsr = UART_LSR_TEMT | UART_LSR_THRE;
  private msr = UART_MSR_DCD | UART_MSR_DSR | UART_MSR_CTS;
  private scr = 0;
  private divider = RESET_DIVIDER;
  private rxFifo: number[] = [];
  private rxTriggerLevel = 0;
  private thrInterruptPending = false;
  private timeoutInterruptPending = false;
  private charTransmitTimeNs = RESET_CHAR_TRANSMIT_NS;
  private irqLevel = false;
  private readonly fifoTimeout: VirtualTimer;
  /** Told when a guest read of RBR made room for more host input (the run loop may hand it over). */
  onRxSpace: () => void = () => {};

  constructor(
    private readonly clock: VirtualClock,
    timers: TimerQueue,
    private readonly irq: IrqLine,
    /** Receives every transmitted byte (the guest's console output). */
    private readonly sink: (byte: number) => void,
    private readonly baudbase = UART0_BAUDBASE,
  ) {
    this.fifoTimeout = timers.create('uart0.fifoTimeout', () => this.characterTimeout());
  }

  /** How many host bytes the UART takes now (QEMU serial_can_receive). */
  rxCapacity(): number {
    if (this.fcr & UART_FCR_FE) {
      const count = this.rxFifo.length;
      if (count >= UART_FIFO_LENGTH) return 0;
      return count <= this.rxTriggerLevel ? this.rxTriggerLevel - count : 1;
    }
    return this.lsr & UART_LSR_DR ? 0 : 1;
  }

  /**
   * Host input arriving on the line (QEMU serial_receive1). Callers pass at
   * most rxCapacity() bytes; without the FIFO only the first byte is kept.
   */
  receive(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    if (this.fcr & UART_FCR_FE) {
      for (const byte of bytes) this.pushRx(byte);
      this.lsr |= UART_LSR_DR;
      this.fifoTimeout.arm(this.clock.nowNs() + this.charTransmitTimeNs * 4);
    } else {
      if (this.lsr & UART_LSR_DR) this.lsr |= UART_LSR_OE;
      this.rbr = bytes[0];
      this.lsr |= UART_LSR_DR;
    }
    this.updateIrq();
  }

  read(offset: number): number {
    switch (offset & 7) {
      case UART_RBR_THR_DLL:
        if (this.lcr & UART_LCR_DLAB) return this.divider & 0xff;
        return this.readRbr();
      case UART_IER_DLM:
        return this.lcr & UART_LCR_DLAB ? (this.divider >> 8) & 0xff : this.ier;
      case UART_IIR_FCR: {
        const value = this.iir;
        if ((value & UART_IIR_ID) === UART_IIR_THRI) {
          this.thrInterruptPending = false;
          this.updateIrq();
        }
        return value;
      }
      case UART_LCR:
        return this.lcr;
      case UART_MCR:
        return this.mcr;
      case UART_LSR: {
        const value = this.lsr;
        if (this.lsr & (UART_LSR_BI | UART_LSR_OE)) {
          this.lsr &= ~(UART_LSR_BI | UART_LSR_OE);
          this.updateIrq();
        }
        return value;
      }
      case UART_MSR:
        if (this.mcr & UART_MCR_LOOP) {
          // Loopback wires OUT2/OUT1 to DCD/RI, RTS to CTS, DTR to DSR.
          return ((this.mcr & 0x0c) << 4) | ((this.mcr & 0x02) << 3) | ((this.mcr & 0x01) << 5);
        } else {
          const value = this.msr;
          if (this.msr & UART_MSR_ANY_DELTA) {
            this.msr &= 0xf0;
            this.updateIrq();
          }
          return value;
        }
      default:
        return this.scr;
    }
  }

  write(offset: number, _size: number, value: number): void {
    switch (offset & 7) {
      case UART_RBR_THR_DLL:
        if (this.lcr & UART_LCR_DLAB) {
          this.divider = ((this.divider & 0xff00) | value) & 0xffff;
          this.updateParameters();
        } else {
          this.transmit(value & 0xff);
        }
        return;
      case UART_IER_DLM:
        if (this.lcr & UART_LCR_DLAB) {
          this.divider = ((this.divider & 0x00ff) | (value << 8)) & 0xffff;
          this.updateParameters();
        } else {
          const changed = (this.ier ^ value) & 0x0f;
          this.ier = value & 0x0f;
          // Enabling THRI while THR is empty raises the THRE interrupt even if an
          // IIR read had cleared it (QEMU; drivers rely on it).
          if (changed & UART_IER_THRI) {
            this.thrInterruptPending = (this.ier & UART_IER_THRI) !== 0 && (this.lsr & UART_LSR_THRE) !== 0;
          }
          if (changed) this.updateIrq();
        }
        return;
      case UART_IIR_FCR:
        this.writeFcr(value);
        return;
      case UART_LCR:
        this.lcr = value & 0xff;
        this.updateParameters();
        return;
      case UART_MCR:
        this.mcr = value & 0x1f;
        return;
      case UART_LSR:
      case UART_MSR:
        return; // read-only
      default:
        this.scr = value & 0xff;
    }
  }

  private readRbr(): number {
    let value: number;
    if (this.fcr & UART_FCR_FE) {
      value = this.rxFifo.length === 0 ? 0 : (this.rxFifo.shift() as number);
      if (this.rxFifo.length === 0) this.lsr &= ~(UART_LSR_DR | UART_LSR_BI);
      else this.fifoTimeout.arm(this.clock.nowNs() + this.charTransmitTimeNs * 4);
      this.timeoutInterruptPending = false;
    } else {
      value = this.rbr;
      this.lsr &= ~(UART_LSR_DR | UART_LSR_BI);
    }
    this.updateIrq();
    if (!(this.mcr & UART_MCR_LOOP) && this.rxCapacity() > 0) this.onRxSpace();
    return value;
  }

  private transmit(byte: number): void {
    this.thr = byte;
    this.thrInterruptPending = false;
    this.lsr &= ~(UART_LSR_THRE | UART_LSR_TEMT);
    this.updateIrq();
    // The shift register takes the byte at once; THR is empty again.
    this.lsr |= UART_LSR_THRE;
    if (!this.thrInterruptPending) {
      this.thrInterruptPending = true;
      this.updateIrq();
    }
    if (this.mcr & UART_MCR_LOOP) this.receive(Uint8Array.of(byte));
    else this.sink(byte);
    this.lsr |= UART_LSR_TEMT;
  }

  private writeFcr(value: number): void {
    let v = value & 0xff;
    // Switching the FIFOs on or off flushes both.
    if ((v ^ this.fcr) & UART_FCR_FE) v |= UART_FCR_XFR | UART_FCR_RFR;
    if (v & UART_FCR_RFR) {
      this.lsr &= ~(UART_LSR_DR | UART_LSR_BI);
      this.fifoTimeout.cancel();
      this.timeoutInterruptPending = false;
      this.rxFifo = [];
    }
    if (v & UART_FCR_XFR) {
      this.lsr |= UART_LSR_THRE;
      this.thrInterruptPending = true;
    }
    this.fcr = v & UART_FCR_STICKY;
    if (this.fcr & UART_FCR_FE) {
      this.iir |= UART_IIR_FE;
      this.rxTriggerLevel = [1, 4, 8, 14][this.fcr >> 6];
    } else {
      this.iir &= ~UART_IIR_FE;
    }
    this.updateIrq();
  }

  private pushRx(byte: number): void {
    // An overrun keeps the FIFO's contents and flags OE.
    if (this.rxFifo.length < UART_FIFO_LENGTH) this.rxFifo.push(byte);
    else this.lsr |= UART_LSR_OE;
  }

  /** Character-timeout indication: data sat in the FIFO for 4 character times. */
  private characterTimeout(): void {
    if (this.rxFifo.length > 0) {
      this.timeoutInterruptPending = true;
      this.updateIrq();
    }
  }

  /** Recomputes the character time from divisor and LCR (QEMU serial_update_parameters). */
  private updateParameters(): void {
    if (this.divider === 0 || this.divider > this.baudbase) return;
    const parityBits = this.lcr & 0x08 ? 1 : 0;
    const stopBits = this.lcr & 0x04 ? 2 : 1;
    const dataBits = (this.lcr & 0x03) + 5;
    const frameBits = 1 + parityBits + dataBits + stopBits;
    const speed = Math.floor(this.baudbase / this.divider);
    this.charTransmitTimeNs = Math.floor(NS_PER_SECOND / speed) * frameBits;
  }

  /** Picks the highest-priority interrupt into IIR and drives the PLIC line (QEMU serial_update_irq). */
  private updateIrq(): void {
    let id = UART_IIR_NO_INT;
    if (this.ier & UART_IER_RLSI && this.lsr & UART_LSR_INT_ANY) {
      id = UART_IIR_RLSI;
    } else if (this.ier & UART_IER_RDI && this.timeoutInterruptPending) {
      id = UART_IIR_CTI;
    } else if (
      this.ier & UART_IER_RDI &&
      this.lsr & UART_LSR_DR &&
      (!(this.fcr & UART_FCR_FE) || this.rxFifo.length >= this.rxTriggerLevel)
    ) {
      id = UART_IIR_RDI;
    } else if (this.ier & UART_IER_THRI && this.thrInterruptPending) {
      id = UART_IIR_THRI;
    } else if (this.ier & UART_IER_MSI && this.msr & UART_MSR_ANY_DELTA) {
      id = UART_IIR_MSI;
    }
    this.iir = id | (this.iir & 0xf0);
    // Every update re-drives the line, as QEMU's qemu_irq_raise/lower do: the
    // PLIC sets or clears the source's pending bit each time.
    this.irqLevel = id !== UART_IIR_NO_INT;
    this.irq(this.irqLevel);
  }

  /**
   * QEMU serial_reset. FCR is cleared too (QEMU keeps it across a reset,
   * leaving IIR inconsistent with it; at power-on both are 0 anyway).
   */
  reset(): void {
    this.rbr = 0;
    this.thr = 0;
    this.ier = 0;
    this.iir = UART_IIR_NO_INT;
    this.fcr = 0;
    this.lcr = 0;
    this.lsr = UART_LSR_TEMT | UART_LSR_THRE;
    this.msr = UART_MSR_DCD | UART_MSR_DSR | UART_MSR_CTS;
    this.divider = RESET_DIVIDER;
    this.mcr = UART_MCR_OUT2;
    this.scr = 0;
    this.charTransmitTimeNs = RESET_CHAR_TRANSMIT_NS;
    this.timeoutInterruptPending = false;
    this.fifoTimeout.cancel();
    this.rxFifo = [];
    this.rxTriggerLevel = 0;
    this.thrInterruptPending = false;
    this.irqLevel = false;
    this.irq(false);
  }

  saveState(): UartState {
    return {
      kind: 'ns16550a',
      version: 1,
      rbr: this.rbr,
      thr: this.thr,
      ier: this.ier,
      iir: this.iir,
      fcr: this.fcr,
      lcr: this.lcr,
      mcr: this.mcr,
      lsr: this.lsr,
      msr: this.msr,
      scr: this.scr,
      divider: this.divider,
      rxFifo: [...this.rxFifo],
      rxTriggerLevel: this.rxTriggerLevel,
      thrInterruptPending: this.thrInterruptPending,
      timeoutInterruptPending: this.timeoutInterruptPending,
      charTransmitTimeNs: this.charTransmitTimeNs,
      irqLevel: this.irqLevel,
      fifoTimeoutDeadlineNs: this.fifoTimeout.deadlineNs,
    };
  }

  loadState(state: SavedState): void {
    const s = expectState<UartState>(state, 'ns16550a', 1);
    if (!Array.isArray(s.rxFifo) || s.rxFifo.length > UART_FIFO_LENGTH) {
      throw new StateError(`ns16550a: rxFifo must hold at most ${UART_FIFO_LENGTH} bytes`);
    }
    this.rbr = s.rbr & 0xff;
    this.thr = s.thr & 0xff;
    this.ier = s.ier & 0x0f;
    this.iir = s.iir & 0xff;
    this.fcr = s.fcr & UART_FCR_STICKY;
    this.lcr = s.lcr & 0xff;
    this.mcr = s.mcr & 0x1f;
    this.lsr = s.lsr & 0xff;
    this.msr = s.msr & 0xff;
    this.scr = s.scr & 0xff;
    this.divider = s.divider & 0xffff;
    this.rxFifo = s.rxFifo.map((b) => b & 0xff);
    this.rxTriggerLevel = s.rxTriggerLevel;
    this.thrInterruptPending = s.thrInterruptPending === true;
    this.timeoutInterruptPending = s.timeoutInterruptPending === true;
    this.charTransmitTimeNs = s.charTransmitTimeNs;
    this.irqLevel = s.irqLevel === true;
    this.fifoTimeout.restore(s.fifoTimeoutDeadlineNs);
  }
}
