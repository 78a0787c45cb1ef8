/* heisenbug: a bug that shows only for one way of typing the input.
 *
 * A small ledger reads whole numbers from the UART, one per line, keeps a
 * running total, and on "end" audits the total against the entries. It
 * also remembers the last 16 characters typed (the "history" command shows
 * them). For almost every input it works. For one input, a write somewhere
 * lands where it should not, and only the audit, much later, notices.
 *
 * Input that fails: 125, -40, 1000, then "enx", Backspace, "d" (one per
 * line). The same numbers with "ex", Backspace, "nd" pass. To find the
 * culprit, stop at the failure, watch ledger.total and run backwards. */
#include <string.h>
#include "board.h"

#define HISTORY_SIZE 16u
#define MAX_ENTRIES  32u
#define LINE_MAX     31u
#define KEY_BACKSPACE 0x08
#define KEY_DELETE    0x7f

static struct {
    unsigned history_next;          /* the slot the next character goes to */
    char history[HISTORY_SIZE];     /* the last characters typed, a ring */
    int total;                      /* running total of the entries */
    unsigned entry_count;
    int entries[MAX_ENTRIES];
} ledger;

/* ---- Typing history ---- */

static void history_put(char c)
{
    ledger.history[ledger.history_next] = c;        // #BP culprit
    ledger.history_next = (ledger.history_next + 1) % HISTORY_SIZE;
}

/* Backspace: forget the most recent character (step the ring back one). */
static void history_unput(void)
{
    if (ledger.history_next > 0)
        ledger.history_next--;
    else
        ledger.history_next = HISTORY_SIZE;         // #BP unput (wrap to the end)
}

static void history_show(void)
{
    print("history: \"");
    for (unsigned i = 0; i < HISTORY_SIZE; i++) {
        char c = ledger.history[(ledger.history_next + i) % HISTORY_SIZE];
        if (c == '\n')
            print("\\n");
        else if (c != '\0')
            uart_putc(c);
    }
    print("\"\n");
}

/* ---- Line input with echo and Backspace ---- */

static void read_line(char *line)
{
    unsigned length = 0;
    int previous = 0;
    for (;;) {
        int c = uart_getc();
        if (c == '\n' && previous == '\r') {
            /* the second half of a "\r\n" Enter */
        } else if (c == '\r' || c == '\n') {
            history_put('\n');
            print("\n");
            line[length] = '\0';
            return;
        } else if (c == KEY_BACKSPACE || c == KEY_DELETE) {
            if (length > 0) {
                length--;
                history_unput();
                print("\b \b");
            }
        } else if (c >= ' ' && c <= '~' && length < LINE_MAX) {
            line[length++] = (char)c;               // #BP typed
            history_put((char)c);
            uart_putc((char)c);
        }
        previous = c;
    }
}

/* Parses an optionally signed decimal number; returns 0 if `s` is not one. */
static int parse_number(const char *s, int *value)
{
    int sign = 1, n = 0;
    if (*s == '-') {
        sign = -1;
        s++;
    }
    if (*s == '\0')
        return 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return 0;
        n = n * 10 + (*s - '0');
    }
    *value = sign * n;
    return 1;
}

/* ---- The ledger ---- */

static void ledger_add(int amount)
{
    ledger.entries[ledger.entry_count++] = amount;
    ledger.total += amount;                         // #BP add
    print("  total so far: %d\n", ledger.total);
}

/* Double-entry check: the running total must equal the sum of entries. */
static int ledger_audit(void)
{
    int sum = 0;
    for (unsigned i = 0; i < ledger.entry_count; i++)
        sum += ledger.entries[i];
    if (ledger.total != sum) {
        print("audit FAILED: total is %d, entries add up to %d\n", ledger.total, sum); // #BP failure
        return 0;
    }
    print("audit ok: total %d, entries: %u\n", sum, ledger.entry_count);
    return 1;
}

int main(void)
{
    char line[LINE_MAX + 1];

    print("ledger: type whole numbers, one per line; \"history\" shows what you\n"
          "typed, \"end\" audits the total.\n");
    for (;;) {
        print("> ");
        read_line(line);
        int amount;
        if (strcmp(line, "end") == 0)
            break;
        else if (strcmp(line, "history") == 0)
            history_show();
        else if (parse_number(line, &amount) && ledger.entry_count < MAX_ENTRIES)
            ledger_add(amount);
        else
            print("  not a number (or the ledger is full): \"%s\"\n", line);
    }
    return ledger_audit() ? 0 : 1;
}
