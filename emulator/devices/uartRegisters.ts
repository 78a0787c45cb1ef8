// Register map and bit names of the NS16550A UART (National Semiconductor
// PC16550D datasheet; the names QEMU's hw/char/serial.c uses), for the
// device model in uart.ts and its tests.

/** Register offsets (with LCR.DLAB = 1, offsets 0 and 1 are DLL and DLM). */
export const UART_RBR_THR_DLL = 0;
export const UART_IER_DLM = 1;
export const UART_IIR_FCR = 2;
export const UART_LCR = 3;
export const UART_MCR = 4;
export const UART_LSR = 5;
export const UART_MSR = 6;
export const UART_SCR = 7;

export const UART_LCR_DLAB = 0x80;

export const UART_IER_RDI = 0x01;
export const UART_IER_THRI = 0x02;
export const UART_IER_RLSI = 0x04;
export const UART_IER_MSI = 0x08;

export const UART_IIR_NO_INT = 0x01;
export const UART_IIR_ID = 0x06;
export const UART_IIR_MSI = 0x00;
export const UART_IIR_THRI = 0x02;
export const UART_IIR_RDI = 0x04;
export const UART_IIR_RLSI = 0x06;
export const UART_IIR_CTI = 0x0c;
export const UART_IIR_FE = 0xc0;

export const UART_FCR_FE = 0x01;
export const UART_FCR_RFR = 0x02;
export const UART_FCR_XFR = 0x04;
/** FCR bits that stick (FIFO enable, DMA mode, trigger level). */
export const UART_FCR_STICKY = 0xc9;

export const UART_MCR_DTR = 0x01;
export const UART_MCR_RTS = 0x02;
export const UART_MCR_OUT1 = 0x04;
export const UART_MCR_OUT2 = 0x08;
export const UART_MCR_LOOP = 0x10;

export const UART_LSR_DR = 0x01;
export const UART_LSR_OE = 0x02;
export const UART_LSR_BI = 0x10;
export const UART_LSR_THRE = 0x20;
export const UART_LSR_TEMT = 0x40;
/** LSR bits that raise the receiver-line-status interrupt. */
export const UART_LSR_INT_ANY = 0x1e;

export const UART_MSR_CTS = 0x10;
export const UART_MSR_DSR = 0x20;
export const UART_MSR_DCD = 0x80;
export const UART_MSR_ANY_DELTA = 0x0f;

export const UART_FIFO_LENGTH = 16;
