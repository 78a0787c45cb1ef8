/* The QEMU `virt` board as the examples see it (RV32, machine mode).
 *
 * Addresses come from QEMU hw/riscv/virt.c (virt_memmap[] and the IRQ
 * numbers). Register names follow each device's datasheet or reference:
 *   - NS16550A UART: National Semiconductor PC16550D datasheet
 *   - CLINT: SiFive Core-Local Interruptor (FE310 / U54 manuals)
 *   - PLIC: RISC-V Platform-Level Interrupt Controller specification
 *   - goldfish RTC: Android emulator "goldfish" virtual hardware docs
 *   - test finisher: QEMU hw/misc/sifive_test.c
 */
#ifndef BOARD_H
#define BOARD_H

#include <stdint.h>

#define MMIO8(addr)  (*(volatile uint8_t *)(uintptr_t)(addr))
#define MMIO32(addr) (*(volatile uint32_t *)(uintptr_t)(addr))

/* ---- RAM: where QEMU loads the program (VIRT_DRAM, default size). ---- */
#define RAM_BASE            0x80000000u
#define RAM_SIZE            0x08000000u /* 128 MiB */

/* ---- Test finisher (sifive_test): one write ends the simulation. ---- */
#define FINISHER_BASE       0x00100000u
#define FINISHER_FAIL       0x3333u     /* (exit code << 16) | FAIL */
#define FINISHER_PASS       0x5555u     /* QEMU exits with status 0 */
#define FINISHER_RESET      0x7777u

/* ---- goldfish RTC: nanoseconds since the Unix epoch (UTC). ---- */
#define RTC_BASE            0x00101000u
#define RTC_TIME_LOW        0x00u       /* reading it latches TIME_HIGH */
#define RTC_TIME_HIGH       0x04u
#define RTC_IRQ             11u         /* PLIC source */

/* ---- CLINT: software interrupt and the machine timer (hart 0). ---- */
#define CLINT_BASE          0x02000000u
#define CLINT_MSIP          0x0000u
#define CLINT_MTIMECMP      0x4000u     /* 64-bit */
#define CLINT_MTIME         0xBFF8u     /* 64-bit */
#define MTIME_HZ            10000000u   /* virt's timebase-frequency: 10 MHz */

/* ---- PLIC: routes device interrupts to hart 0's M-mode (context 0). ---- */
#define PLIC_BASE           0x0C000000u
#define PLIC_PRIORITY(src)  (PLIC_BASE + 4u * (src))
#define PLIC_PENDING        (PLIC_BASE + 0x1000u)
#define PLIC_ENABLE(ctx)    (PLIC_BASE + 0x2000u + 0x80u * (ctx))
#define PLIC_THRESHOLD(ctx) (PLIC_BASE + 0x200000u + 0x1000u * (ctx))
#define PLIC_CLAIM(ctx)     (PLIC_BASE + 0x200004u + 0x1000u * (ctx))  /* also COMPLETE */
#define PLIC_CONTEXT_M      0u          /* hart 0, machine mode */

/* ---- UART0: NS16550A, byte registers (reg-shift 0). ---- */
#define UART_BASE           0x10000000u
#define UART_IRQ            10u         /* PLIC source */
#define UART_RBR            0u          /* receiver buffer (read) */
#define UART_THR            0u          /* transmitter holding (write) */
#define UART_IER            1u          /* interrupt enable */
#define UART_IIR            2u          /* interrupt identification (read) */
#define UART_FCR            2u          /* FIFO control (write) */
#define UART_LCR            3u          /* line control */
#define UART_MCR            4u          /* modem control */
#define UART_LSR            5u          /* line status */
#define UART_IER_ERBFI      0x01u       /* enable received-data-available interrupt */
#define UART_IIR_NO_INT     0x01u       /* 1 = no interrupt pending */
#define UART_FCR_FIFO_EN    0x01u
#define UART_FCR_RCVR_RESET 0x02u
#define UART_FCR_XMIT_RESET 0x04u
#define UART_LSR_DR         0x01u       /* data ready */
#define UART_LSR_THRE       0x20u       /* transmitter holding register empty */

/* ---- Board helpers (board.c). ---- */

/* Ends the program: 0 = pass, anything else = fail with that exit code. */
void board_exit(int code) __attribute__((noreturn));

uint64_t mtime_read(void);
void mtimecmp_write(uint64_t deadline);
uint64_t rtc_read_ns(void);

void uart_putc(char c);            /* '\n' goes out as "\r\n" */
void uart_puts(const char *s);
int uart_getc(void);               /* waits for a byte (polling) */
int uart_try_getc(void);           /* -1 when nothing has arrived */

/* A small printf: %c %s %d %u %x %%, optional '0' flag and width. */
void print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* How a C function becomes the trap handler crt0 installs in mtvec: the
 * compiler saves every register it touches and returns with mret. mtvec
 * needs 4-byte alignment, which compressed code does not guarantee. */
#define MACHINE_TRAP_HANDLER __attribute__((interrupt("machine"), aligned(4)))
void machine_trap(void);

#endif
