/* hello: the smallest Rewind example. Prints a greeting and a few computed
 * lines on the UART, then tells the test finisher "pass". Good for a first
 * look at stepping forwards and backwards through a loop. */
#include "board.h"

static unsigned factorial(unsigned n)
{
    unsigned result = 1;                        // #BP factorial
    for (unsigned i = 2; i <= n; i++)
        result *= i;
    return result;
}

int main(void)
{
    print("Hello from Rewind!\n");              // #BP main

    unsigned sum = 0;
    for (unsigned n = 1; n <= 5; n++) {
        unsigned f = factorial(n);
        sum += f;                               // #BP loop
        print("%u! = %u\n", n, f);
    }
    print("sum of the first five factorials: %u\n", sum);
    print("Goodbye.\n");
    return 0;
}
