/* clock: timer interrupts from the CLINT and wall time from the goldfish RTC.
 *
 * The CLINT compares mtime (10 MHz) with mtimecmp and raises a machine
 * timer interrupt when it is due; the handler counts the tick and sets the
 * next deadline 100 ms later. Between ticks the hart sleeps in WFI. At each
 * tick main() reads the RTC (nanoseconds since 1970, UTC) and prints it as a
 * date and time. After five ticks the program ends with "pass". */
#include <stdint.h>
#include "board.h"
#include "csr.h"

#define TICKS          5u
#define TICK_INTERVAL  (MTIME_HZ / 10u)         /* 100 ms in mtime units */

static volatile unsigned ticks;                 /* written by the handler */
static uint64_t next_deadline;

MACHINE_TRAP_HANDLER void machine_trap(void)
{
    unsigned cause = csr_read(mcause);
    if (cause == (MCAUSE_INTERRUPT | IRQ_M_TIMER)) {
        ticks++;                                // #BP tick
        /* Step from the previous deadline, not from "now", so the ticks
         * do not drift by however long this handler took to start. */
        next_deadline += TICK_INTERVAL;
        mtimecmp_write(next_deadline);          /* also clears the interrupt */
        return;
    }
    print("\nunexpected trap: mcause=0x%x mepc=0x%x\n", cause, csr_read(mepc));
    board_exit(2);
}

struct date_time {
    unsigned year, month, day, hour, minute, second, millisecond;
};

static int is_leap_year(unsigned year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/* Splits nanoseconds since 1970-01-01 00:00:00 UTC into a calendar date.
 * (UTC as POSIX counts it: every day has 86400 seconds.) */
static struct date_time to_date_time(uint64_t ns)
{
    static const unsigned char days_in_month[12] = {
        31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
    };
    struct date_time t;
    uint64_t ms_since_epoch = ns / 1000000u;
    uint32_t seconds_since_epoch = (uint32_t)(ms_since_epoch / 1000u);   // #BP convert
    uint32_t days = seconds_since_epoch / 86400u;
    uint32_t second_of_day = seconds_since_epoch % 86400u;

    t.millisecond = (unsigned)(ms_since_epoch % 1000u);
    t.hour = second_of_day / 3600u;
    t.minute = second_of_day / 60u % 60u;
    t.second = second_of_day % 60u;

    t.year = 1970;
    for (;;) {
        unsigned year_length = is_leap_year(t.year) ? 366u : 365u;
        if (days < year_length)
            break;
        days -= year_length;
        t.year++;
    }
    t.month = 1;
    for (;;) {
        unsigned month_length = days_in_month[t.month - 1];
        if (t.month == 2 && is_leap_year(t.year))
            month_length++;
        if (days < month_length)
            break;
        days -= month_length;
        t.month++;
    }
    t.day = days + 1;
    return t;
}

/* Sleeps until the tick counter moves past `seen`. */
static unsigned wait_for_tick(unsigned seen)
{
    for (;;) {
        /* Masked check-then-sleep: a tick between the two still wakes us. */
        csr_clear(mstatus, MSTATUS_MIE);
        unsigned now = ticks;
        if (now != seen) {
            csr_set(mstatus, MSTATUS_MIE);
            return now;
        }
        wfi();
        csr_set(mstatus, MSTATUS_MIE);
    }
}

int main(void)
{
    print("clock: %u ticks, one every %u ms\n", TICKS, TICK_INTERVAL / (MTIME_HZ / 1000u));

    next_deadline = mtime_read() + TICK_INTERVAL;
    mtimecmp_write(next_deadline);
    csr_set(mie, MIE_MTIE);
    csr_set(mstatus, MSTATUS_MIE);

    unsigned seen = 0;
    while (seen < TICKS) {
        seen = wait_for_tick(seen);
        struct date_time t = to_date_time(rtc_read_ns());      // #BP read
        print("tick %u: %04u-%02u-%02u %02u:%02u:%02u.%03u UTC\n", seen,
              t.year, t.month, t.day, t.hour, t.minute, t.second, t.millisecond);
    }

    csr_clear(mie, MIE_MTIE);
    print("done\n");
    return 0;
}
