/* tasks: the trap entry and exit that switch between tasks (RV32, M-mode).
 *
 * While a task runs in U-mode, mscratch points at its struct task_frame
 * (tasks.h: register n at offset 4 * n, the pc in slot 0). A trap saves the
 * task's registers there, runs kernel_trap() on the kernel stack, and
 * resumes whichever frame kernel_trap returns: the same task, or another. */

    .section .text
    .globl task_trap_entry
    .balign 4                       /* mtvec needs 4-byte alignment */
task_trap_entry:
    csrrw   sp, mscratch, sp        /* sp = frame, mscratch = the task's sp */
    .irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    sw      x\n, \n*4(sp)
    .endr
    csrr    t0, mscratch
    sw      t0, 2*4(sp)             /* the task's sp */
    csrr    t0, mepc
    sw      t0, 0(sp)               /* the task's pc */

    /* The kernel must not trust the task's gp: reload its own. */
    .option push
    .option norelax
    la      gp, __global_pointer$
    .option pop

    mv      a0, sp
    /* The kernel runs on the boot stack: main() never returns once the
     * first task starts, so that stack is free. */
    la      sp, __stack_top
    call    kernel_trap             /* returns the frame to resume in a0 */
    /* fall through */

    .globl resume_task
resume_task:                        /* a0 = frame of the task to run */
    csrw    mscratch, a0
    lw      t0, 0(a0)
    csrw    mepc, t0
    mv      sp, a0
    .irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    lw      x\n, \n*4(sp)
    .endr
    lw      sp, 2*4(sp)             /* last: sp was the base until now */
    mret                            /* to mepc, in the privilege in mstatus.MPP */
