/* echo: interrupt-driven UART input with a tiny line editor.
 *
 * The UART raises "received data available"; the PLIC forwards it to the
 * hart as a machine external interrupt; the handler moves the bytes into a
 * queue and main() edits a line from it (Backspace erases, Enter echoes the
 * line back). Between keys the hart sleeps in WFI. Typing "quit" ends the
 * program with "pass". */
#include <string.h>
#include "board.h"
#include "csr.h"

/* Bytes received but not yet read by main(): a single-producer (the
 * interrupt handler), single-consumer (main) queue. */
#define RX_QUEUE_SIZE 64u                       /* a power of two */
static volatile unsigned char rx_queue[RX_QUEUE_SIZE];
static volatile unsigned rx_head;               /* written by the handler */
static volatile unsigned rx_tail;               /* written by main() */

#define LINE_MAX 60u
#define KEY_BACKSPACE 0x08
#define KEY_DELETE    0x7f                      /* what most terminals send for Backspace */

static void uart_receive(void)
{
    /* Drain the UART's FIFO: one interrupt may announce several bytes. */
    int c;
    while ((c = uart_try_getc()) >= 0) {
        if (rx_head - rx_tail < RX_QUEUE_SIZE) {
            rx_queue[rx_head % RX_QUEUE_SIZE] = (unsigned char)c;   // #BP received
            rx_head++;
        }
        /* else: main() is far behind; drop the byte as a UART would. */
    }
}

MACHINE_TRAP_HANDLER void machine_trap(void)
{
    unsigned cause = csr_read(mcause);
    if (cause == (MCAUSE_INTERRUPT | IRQ_M_EXT)) {
        unsigned source = MMIO32(PLIC_CLAIM(PLIC_CONTEXT_M));  // #BP irq
        if (source == UART_IRQ)
            uart_receive();
        MMIO32(PLIC_CLAIM(PLIC_CONTEXT_M)) = source;    /* complete */
        return;
    }
    print("\nunexpected trap: mcause=0x%x mepc=0x%x\n", cause, csr_read(mepc));
    board_exit(2);
}

static void enable_uart_interrupts(void)
{
    MMIO8(UART_BASE + UART_FCR) = UART_FCR_FIFO_EN | UART_FCR_RCVR_RESET | UART_FCR_XMIT_RESET;
    MMIO8(UART_BASE + UART_IER) = UART_IER_ERBFI;

    MMIO32(PLIC_PRIORITY(UART_IRQ)) = 1;        /* 0 would mean "never" */
    MMIO32(PLIC_ENABLE(PLIC_CONTEXT_M)) = 1u << UART_IRQ;
    MMIO32(PLIC_THRESHOLD(PLIC_CONTEXT_M)) = 0;

    csr_set(mie, MIE_MEIE);
    csr_set(mstatus, MSTATUS_MIE);
}

/* Waits for the next received byte, sleeping while there is none. */
static int next_key(void)
{
    for (;;) {
        /* Check and sleep with interrupts masked, so a byte arriving
         * between the check and the WFI still wakes us (WFI wakes on a
         * pending interrupt even while mstatus.MIE is clear). */
        csr_clear(mstatus, MSTATUS_MIE);
        if (rx_tail != rx_head) {
            int c = rx_queue[rx_tail % RX_QUEUE_SIZE];
            rx_tail++;
            csr_set(mstatus, MSTATUS_MIE);
            return c;
        }
        wfi();
        csr_set(mstatus, MSTATUS_MIE);          /* take the interrupt now */
    }
}

int main(void)
{
    char line[LINE_MAX + 1];
    unsigned length = 0;
    int previous = 0;

    enable_uart_interrupts();
    print("echo: type a line and press Enter; \"quit\" exits.\n> ");

    for (;;) {
        int c = next_key();                     // #BP key
        if (c == '\n' && previous == '\r') {
            /* "\r\n" is one Enter, already handled at the '\r'. */
        } else if (c == '\r' || c == '\n') {
            line[length] = '\0';
            print("\n");
            if (strcmp(line, "quit") == 0) {
                print("bye\n");                 // #BP quit
                return 0;
            }
            print("you typed \"%s\" (%u characters)\n> ", line, length);   // #BP enter
            length = 0;
        } else if (c == KEY_BACKSPACE || c == KEY_DELETE) {
            if (length > 0) {
                length--;                       // #BP backspace
                print("\b \b");                 /* step back, blank, step back */
            }
        } else if (c >= ' ' && c <= '~' && length < LINE_MAX) {
            line[length++] = (char)c;
            uart_putc((char)c);
        }
        previous = c;
    }
}
