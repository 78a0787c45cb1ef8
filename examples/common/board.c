/* Board helpers shared by the examples: the test finisher, the CLINT timer,
 * the goldfish RTC, polled UART I/O, a small print() and the default trap
 * handler. Device facts are in board.h. */
#include <stdarg.h>
#include "board.h"
#include "csr.h"

void board_exit(int code)
{
    uint32_t command = code == 0 ? FINISHER_PASS
                                 : ((uint32_t)code << 16) | FINISHER_FAIL;
    MMIO32(FINISHER_BASE) = command;
    for (;;)            /* the finisher stops the machine; never reached */
        wfi();
}

/* RV32 reads the 64-bit mtime as two halves; if the high half changed
 * between the reads, the low half wrapped and we read again. */
uint64_t mtime_read(void)
{
    uint32_t hi, lo;
    do {
        hi = MMIO32(CLINT_BASE + CLINT_MTIME + 4);
        lo = MMIO32(CLINT_BASE + CLINT_MTIME);
    } while (hi != MMIO32(CLINT_BASE + CLINT_MTIME + 4));
    return ((uint64_t)hi << 32) | lo;
}

/* The write order recommended by the privileged spec: park the low half at
 * its maximum first, so no mix of old and new halves looks due. */
void mtimecmp_write(uint64_t deadline)
{
    MMIO32(CLINT_BASE + CLINT_MTIMECMP) = 0xFFFFFFFFu;
    MMIO32(CLINT_BASE + CLINT_MTIMECMP + 4) = (uint32_t)(deadline >> 32);
    MMIO32(CLINT_BASE + CLINT_MTIMECMP) = (uint32_t)deadline;
}

/* TIME_LOW must be read first: it latches TIME_HIGH for the second read. */
uint64_t rtc_read_ns(void)
{
    uint32_t lo = MMIO32(RTC_BASE + RTC_TIME_LOW);
    uint32_t hi = MMIO32(RTC_BASE + RTC_TIME_HIGH);
    return ((uint64_t)hi << 32) | lo;
}

void uart_putc(char c)
{
    if (c == '\n')
        uart_putc('\r');
    while (!(MMIO8(UART_BASE + UART_LSR) & UART_LSR_THRE))
        ;
    MMIO8(UART_BASE + UART_THR) = (uint8_t)c;
}

void uart_puts(const char *s)
{
    while (*s)
        uart_putc(*s++);
}

int uart_try_getc(void)
{
    if (!(MMIO8(UART_BASE + UART_LSR) & UART_LSR_DR))
        return -1;
    return MMIO8(UART_BASE + UART_RBR);
}

int uart_getc(void)
{
    int c;
    while ((c = uart_try_getc()) < 0)
        ;
    return c;
}

static void print_unsigned(unsigned value, unsigned base, int width, char pad)
{
    char digits[10];            /* 2^32 - 1 has 10 decimal digits */
    int n = 0;
    do {
        digits[n++] = "0123456789abcdef"[value % base];
        value /= base;
    } while (value != 0);
    for (; width > n; width--)
        uart_putc(pad);
    while (n > 0)
        uart_putc(digits[--n]);
}

void print(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            uart_putc(*fmt);
            continue;
        }
        fmt++;
        char pad = ' ';
        int width = 0;
        if (*fmt == '0')
            pad = *fmt++;
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        switch (*fmt) {
        case 'c':
            uart_putc((char)va_arg(args, int));
            break;
        case 's':
            uart_puts(va_arg(args, const char *));
            break;
        case 'd': {
            int v = va_arg(args, int);
            if (v < 0) {
                uart_putc('-');
                width--;
            }
            print_unsigned(v < 0 ? -(unsigned)v : (unsigned)v, 10, width, pad);
            break;
        }
        case 'u':
            print_unsigned(va_arg(args, unsigned), 10, width, pad);
            break;
        case 'x':
            print_unsigned(va_arg(args, unsigned), 16, width, pad);
            break;
        case '%':
            uart_putc('%');
            break;
        case '\0':
            fmt--;              /* a lone '%' at the end */
            break;
        default:                /* unknown conversion: show it as written */
            uart_putc('%');
            uart_putc(*fmt);
            break;
        }
    }
    va_end(args);
}

/* Programs that expect no traps get this one (weak: a program's own
 * machine_trap replaces it). Any trap here is a bug: say what and where. */
__attribute__((weak)) MACHINE_TRAP_HANDLER void machine_trap(void)
{
    print("\nunexpected trap: mcause=0x%x mepc=0x%x mtval=0x%x\n",
          csr_read(mcause), csr_read(mepc), csr_read(mtval));
    board_exit(2);
}
