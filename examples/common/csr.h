/* Control and status registers used by the examples, with the bit names of
 * the RISC-V Privileged Architecture specification (version 1.12). */
#ifndef CSR_H
#define CSR_H

#include <stdint.h>

#define csr_read(csr) ({ unsigned v_; __asm__ volatile("csrr %0, " #csr : "=r"(v_)); v_; })
#define csr_write(csr, val) __asm__ volatile("csrw " #csr ", %0" :: "rK"(val))
#define csr_set(csr, bits) __asm__ volatile("csrs " #csr ", %0" :: "rK"(bits))
#define csr_clear(csr, bits) __asm__ volatile("csrc " #csr ", %0" :: "rK"(bits))

static inline void wfi(void) { __asm__ volatile("wfi"); }

/* mstatus */
#define MSTATUS_MIE     (1u << 3)       /* M-mode interrupts enabled */
#define MSTATUS_MPIE    (1u << 7)       /* MIE before the trap */
#define MSTATUS_MPP     (3u << 11)      /* privilege before the trap */
#define MSTATUS_MPP_U   (0u << 11)
#define MSTATUS_MPP_M   (3u << 11)

/* mie / mip */
#define MIE_MSIE        (1u << 3)       /* software interrupt */
#define MIE_MTIE        (1u << 7)       /* timer interrupt */
#define MIE_MEIE        (1u << 11)      /* external interrupt (from the PLIC) */

/* mcause: the top bit says interrupt, the rest is the cause code */
#define MCAUSE_INTERRUPT        (1u << 31)
#define IRQ_M_SOFT              3u
#define IRQ_M_TIMER             7u
#define IRQ_M_EXT               11u
#define EXC_INSTR_ACCESS_FAULT  1u
#define EXC_ILLEGAL_INSTR       2u
#define EXC_LOAD_ACCESS_FAULT   5u
#define EXC_STORE_ACCESS_FAULT  7u
#define EXC_ECALL_U             8u
#define EXC_ECALL_M             11u

/* pmpcfg fields (one byte per PMP entry) */
#define PMP_R           0x01u
#define PMP_W           0x02u
#define PMP_X           0x04u
#define PMP_NAPOT       0x18u           /* A = naturally aligned power of two */

#endif
