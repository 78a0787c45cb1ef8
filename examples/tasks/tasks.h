/* tasks: what the kernel (kernel.c), the trap entry (switch.S) and the user
 * tasks (user.c) agree on: the saved-register frame and the system calls. */
#ifndef TASKS_H
#define TASKS_H

#include <stdint.h>

/* A task's registers while it is not running. x[n] holds register xn, and
 * since x0 is always zero its slot holds the pc instead. switch.S relies on
 * this layout (register n at byte offset 4 * n). */
struct task_frame {
    uint32_t x[32];
};
#define FRAME_PC 0
#define FRAME_SP 2
#define FRAME_GP 3
#define FRAME_A0 10
#define FRAME_A1 11
#define FRAME_A2 12
#define FRAME_A7 17

/* System calls: number in a7, arguments in a0..a2, result in a0. */
#define SYS_PRINT 1     /* a0 = format, a1 and a2 = up to two numbers for it */
#define SYS_YIELD 2     /* give the rest of the time slice to the next task */
#define SYS_EXIT  3     /* this task is finished */

#define TASK_COUNT 3

/* user.c */
void task_fibonacci(void);
void task_primes(void);
void task_collatz(void);

/* switch.S */
void task_trap_entry(void);
void resume_task(struct task_frame *frame) __attribute__((noreturn));

#endif
