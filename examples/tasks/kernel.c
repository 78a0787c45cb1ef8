/* tasks: a tiny preemptive round-robin kernel (machine mode).
 *
 * Three tasks run in user mode, each on its own stack. The CLINT timer
 * interrupts every 100 us and the kernel switches to the next task; a task
 * can also give up its slice (yield), print, or exit with an ecall. PMP
 * must grant user mode access to memory explicitly: with no PMP entry, QEMU
 * denies U-mode everything, so one entry opens RAM (and nothing else: the
 * UART belongs to the kernel, tasks print through it). When every task has
 * exited, the kernel ends the program with "pass". */
#include "board.h"
#include "csr.h"
#include "tasks.h"

#define TIME_SLICE      (MTIME_HZ / 10000u)     /* 100 us in mtime units */
#define MAX_TICKS       100000u                 /* give up: something hangs */
#define TASK_STACK_SIZE 1024u

struct task {
    struct task_frame frame;        /* first, so a frame pointer is a task pointer */
    const char *name;
    int exited;
    uint8_t stack[TASK_STACK_SIZE] __attribute__((aligned(16)));
};

static struct task tasks[TASK_COUNT];
static unsigned current;
static unsigned ticks;

static void start_time_slice(void)
{
    mtimecmp_write(mtime_read() + TIME_SLICE);
}

/* Picks the next task that has not exited, after the current one. */
static struct task_frame *schedule(void)
{
    for (unsigned i = 1; i <= TASK_COUNT; i++) {
        unsigned next = (current + i) % TASK_COUNT;
        if (!tasks[next].exited) {
            current = next;                         // #BP switch
            start_time_slice();
            return &tasks[next].frame;
        }
    }
    print("kernel: all tasks finished\n");
    board_exit(0);
}

static struct task_frame *system_call(struct task *task)
{
    struct task_frame *frame = &task->frame;
    frame->x[FRAME_PC] += 4;                        /* return past the ecall */
    switch (frame->x[FRAME_A7]) {
    case SYS_PRINT:
        /* A real kernel would check that the format lies in the task's
         * memory before reading it; this one trusts its three tasks. */
        print("[%s] ", task->name);
        print((const char *)frame->x[FRAME_A0], frame->x[FRAME_A1], frame->x[FRAME_A2]);   // #BP print
        return frame;
    case SYS_YIELD:
        return schedule();
    case SYS_EXIT:
        task->exited = 1;
        return schedule();
    default:
        frame->x[FRAME_A0] = (uint32_t)-1;          /* unknown call */
        return frame;
    }
}

/* Called by switch.S for every trap, with the interrupted task's frame;
 * returns the frame to resume. */
struct task_frame *kernel_trap(struct task_frame *frame)
{
    struct task *task = (struct task *)frame;
    unsigned cause = csr_read(mcause);

    if (cause == (MCAUSE_INTERRUPT | IRQ_M_TIMER)) {
        if (++ticks > MAX_TICKS) {
            print("kernel: tasks still running after %u ticks; giving up\n", MAX_TICKS);
            board_exit(3);
        }
        return schedule();                          // #BP preempt
    }
    if (cause == EXC_ECALL_U)
        return system_call(task);

    print("kernel: task %s stopped: mcause=%u mepc=0x%x mtval=0x%x\n",
          task->name, cause, csr_read(mepc), csr_read(mtval));
    task->exited = 1;
    return schedule();
}

static void create_task(unsigned index, const char *name, void (*entry)(void))
{
    struct task *task = &tasks[index];
    task->name = name;
    task->frame.x[FRAME_PC] = (uint32_t)entry;
    task->frame.x[FRAME_SP] = (uint32_t)(task->stack + TASK_STACK_SIZE);
    /* Tasks are linked into this program, so they share its global pointer
     * (compiled code reaches small globals relative to gp). */
    uint32_t global_pointer;
    __asm__("mv %0, gp" : "=r"(global_pointer));
    task->frame.x[FRAME_GP] = global_pointer;
}

/* One NAPOT region covering RAM, read/write/execute for user mode. NAPOT
 * encodes base and size in pmpaddr: base >> 2, with the low bits set to
 * (size / 2 - 1) >> 2 (RISC-V privileged spec, "Physical Memory Protection"). */
static void allow_user_access_to_ram(void)
{
    csr_write(pmpaddr0, (RAM_BASE >> 2) | ((RAM_SIZE / 2 - 1) >> 2));
    csr_write(pmpcfg0, PMP_NAPOT | PMP_R | PMP_W | PMP_X);
}

int main(void)
{
    print("kernel: starting %u user-mode tasks, %u us time slices\n",
          TASK_COUNT, TIME_SLICE / (MTIME_HZ / 1000000u));
    create_task(0, "fib", task_fibonacci);
    create_task(1, "primes", task_primes);
    create_task(2, "collatz", task_collatz);
    allow_user_access_to_ram();

    csr_write(mtvec, (uint32_t)task_trap_entry);
    csr_clear(mstatus, MSTATUS_MPP);                /* mret goes to U-mode */
    csr_set(mie, MIE_MTIE);
    current = 0;
    start_time_slice();
    resume_task(&tasks[0].frame);                   // #BP start
}
