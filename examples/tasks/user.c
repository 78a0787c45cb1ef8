/* tasks: the three user-mode tasks and their system-call wrappers.
 *
 * The tasks take turns printing: each computes its next result, waits for
 * its turn, prints, and passes the turn on. Whose turn it is lives in one
 * shared variable, so the output order is fixed no matter where the timer
 * interrupts them. "fib" and "primes" wait by spinning, which only works
 * because the timer preempts them; "collatz" waits politely with yield. */
#include "tasks.h"

#define ROUNDS 4u

static volatile unsigned turn;      /* index of the task that may print next */

static unsigned system_call(unsigned number, unsigned arg0, unsigned arg1, unsigned arg2)
{
    register unsigned a0 __asm__("a0") = arg0;
    register unsigned a1 __asm__("a1") = arg1;
    register unsigned a2 __asm__("a2") = arg2;
    register unsigned a7 __asm__("a7") = number;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
    return a0;
}

/* The kernel prints `format` (print()'s conversions) with two numbers. */
static void sys_print(const char *format, unsigned first, unsigned second)
{
    system_call(SYS_PRINT, (unsigned)format, first, second);
}

static void sys_yield(void)
{
    system_call(SYS_YIELD, 0, 0, 0);
}

static void sys_exit(void)
{
    system_call(SYS_EXIT, 0, 0, 0);
}

static void wait_for_turn(unsigned me, int polite)
{
    while (turn != me) {
        if (polite)
            sys_yield();
        /* else spin: only the timer interrupt lets the others run */
    }
}

static void pass_turn(unsigned me)
{
    turn = (me + 1) % TASK_COUNT;
}

/* Task 0: Fibonacci numbers, 11 further along each round. */
void task_fibonacci(void)
{
    unsigned a = 0, b = 1, n = 0;
    for (unsigned round = 1; round <= ROUNDS; round++) {
        for (unsigned step = 0; step < 11; step++) {
            unsigned next = a + b;
            a = b;
            b = next;
            n++;
        }
        wait_for_turn(0, 0);
        sys_print("fib(%u) = %u\n", n, a);          // #BP fib
        pass_turn(0);
    }
    sys_exit();
}

static int is_prime(unsigned n)
{
    if (n < 2)
        return 0;
    for (unsigned d = 2; d * d <= n; d++)
        if (n % d == 0)
            return 0;
    return 1;
}

/* Task 1: counts primes by trial division, 2500 more numbers each round. */
void task_primes(void)
{
    unsigned count = 0, n = 0;
    for (unsigned round = 1; round <= ROUNDS; round++) {
        for (; n < round * 2500u; n++)
            count += is_prime(n);                   // #BP prime
        wait_for_turn(1, 0);
        sys_print("%u primes below %u\n", count, n);
        pass_turn(1);
    }
    sys_exit();
}

static unsigned collatz_steps(unsigned n)
{
    unsigned steps = 0;
    while (n != 1) {
        n = (n % 2) ? 3 * n + 1 : n / 2;
        steps++;
    }
    return steps;
}

/* Task 2: the longest Collatz chain that starts below 1000, 2000, ... */
void task_collatz(void)
{
    unsigned best = 1, best_steps = 0;
    unsigned start = 1;
    for (unsigned round = 1; round <= ROUNDS; round++) {
        for (; start < round * 1000u; start++) {
            unsigned steps = collatz_steps(start);
            if (steps > best_steps) {
                best = start;                       // #BP collatz
                best_steps = steps;
            }
        }
        wait_for_turn(2, 1);
        sys_print("longest chain below %u starts at %u\n", start, best);
        pass_turn(2);
    }
    sys_exit();
}
