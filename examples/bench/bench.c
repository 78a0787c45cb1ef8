/* bench: CPU-bound kernels for measuring an emulator: CRC-32, sorting,
 * SHA-256 and a matrix multiply, built with -O2 (the only optimised example).
 * Each kernel prints a checksum of its result (so a wrong emulation shows)
 * and the instructions it retired, from mtime: under QEMU `-icount shift=0`
 * one instruction takes 1 ns and mtime ticks at 10 MHz, so instructions =
 * mtime ticks x 100 (without icount they are wall-clock time in disguise).
 * REPEAT scales the run; bench-long.elf is built with a bigger one. */
#include <stdint.h>
#include <string.h>
#include "board.h"

#ifndef REPEAT
#define REPEAT         48u
#endif
#define DATA_SIZE      16384u       /* bytes hashed / checksummed per pass */
#define SORT_COUNT     4096u
#define MATRIX_N       48u

/* ---- Input data: a fixed pseudo-random stream (xorshift32). ---- */

static uint32_t random_state;

static uint32_t next_random(void)
{
    uint32_t x = random_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return random_state = x;
}

static uint8_t data[DATA_SIZE];

static void fill_data(uint32_t seed)
{
    random_state = seed;
    for (unsigned i = 0; i < DATA_SIZE; i += 4) {
        uint32_t r = next_random();
        memcpy(&data[i], &r, 4);
    }
}

/* ---- CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320). ---- */

static uint32_t crc_table[256];

static void crc32_init(void)
{
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[n] = c;
    }
}

static uint32_t crc32(const uint8_t *p, unsigned length)
{
    uint32_t crc = 0xFFFFFFFFu;
    while (length--)
        crc = crc_table[(crc ^ *p++) & 0xFF] ^ (crc >> 8);   // #BP crc
    return crc ^ 0xFFFFFFFFu;
}

/* ---- Sorting: in-place heapsort (no recursion, no extra memory). ---- */

static uint32_t sort_buffer[SORT_COUNT];

static void sift_down(uint32_t *a, unsigned root, unsigned count)
{
    for (;;) {
        unsigned child = 2 * root + 1;
        if (child >= count)
            return;
        if (child + 1 < count && a[child + 1] > a[child])
            child++;
        if (a[root] >= a[child])
            return;
        uint32_t t = a[root];
        a[root] = a[child];
        a[child] = t;
        root = child;
    }
}

static void heapsort(uint32_t *a, unsigned count)
{
    for (unsigned i = count / 2; i-- > 0;)
        sift_down(a, i, count);
    for (unsigned end = count; end-- > 1;) {
        uint32_t t = a[0];
        a[0] = a[end];
        a[end] = t;
        sift_down(a, 0, end);
    }
}

/* ---- SHA-256 (FIPS 180-4). ---- */

static const uint32_t sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t rotr(uint32_t x, unsigned n)
{
    return (x >> n) | (x << (32 - n));
}

static void sha256_block(uint32_t h[8], const uint8_t block[64])
{
    uint32_t w[64];
    for (unsigned t = 0; t < 16; t++)
        w[t] = (uint32_t)block[4 * t] << 24 | (uint32_t)block[4 * t + 1] << 16 |
               (uint32_t)block[4 * t + 2] << 8 | block[4 * t + 3];
    for (unsigned t = 16; t < 64; t++) {
        uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
        uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
        w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (unsigned t = 0; t < 64; t++) {
        uint32_t t1 = hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) +
                      sha256_k[t] + w[t];
        uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        hh = g; g = f; f = e; e = d + t1;
        d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d;
    h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

static void sha256(const uint8_t *message, unsigned length, uint32_t digest[8])
{
    static const uint32_t initial[8] = {
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    };
    memcpy(digest, initial, sizeof initial);
    unsigned done = 0;
    for (; length - done >= 64; done += 64)
        sha256_block(digest, message + done);

    /* Padding: 0x80, zeros, then the length in bits as 64-bit big-endian. */
    uint8_t tail[128] = {0};
    unsigned rest = length - done;
    memcpy(tail, message + done, rest);
    tail[rest] = 0x80;
    unsigned tail_length = rest < 56 ? 64 : 128;
    uint64_t bits = (uint64_t)length * 8;
    for (unsigned i = 0; i < 8; i++)
        tail[tail_length - 1 - i] = (uint8_t)(bits >> (8 * i));
    for (unsigned i = 0; i < tail_length; i += 64)
        sha256_block(digest, tail + i);
}

/* ---- Matrix multiply (integers; the machine has no FPU in our ISA). ---- */

static int32_t matrix_a[MATRIX_N][MATRIX_N], matrix_b[MATRIX_N][MATRIX_N];
static int32_t matrix_c[MATRIX_N][MATRIX_N];

static void matrix_multiply(void)
{
    for (unsigned i = 0; i < MATRIX_N; i++)
        for (unsigned j = 0; j < MATRIX_N; j++) {
            int32_t sum = 0;
            for (unsigned k = 0; k < MATRIX_N; k++)
                sum += matrix_a[i][k] * matrix_b[k][j];          // #BP matmul
            matrix_c[i][j] = sum;
        }
}

/* ---- The benchmark driver ---- */

static uint64_t mtime_start;
static unsigned total_instructions;

static void start_measure(void)
{
    mtime_start = mtime_read();
}

static void report(const char *kernel, unsigned checksum)
{
    unsigned instructions = (unsigned)(mtime_read() - mtime_start) * 100u;
    total_instructions += instructions;
    print("%s: checksum %08x, %u instructions\n", kernel, checksum, instructions);
}

/* Known answers, so a checksum that merely repeats is still a right one. */
static int self_test(void)
{
    uint32_t digest[8];
    sha256((const uint8_t *)"abc", 3, digest);
    return crc32((const uint8_t *)"123456789", 9) == 0xCBF43926u &&
           digest[0] == 0xba7816bfu && digest[7] == 0xf20015adu;
}

int main(void)
{
    print("bench: %u repetitions; instruction counts assume QEMU -icount shift=0\n", REPEAT);
    crc32_init();
    if (!self_test()) {
        print("self-test FAILED: CRC-32 or SHA-256 gives a wrong known answer\n");
        return 1;
    }

    start_measure();
    uint32_t crc = 0;
    for (unsigned r = 0; r < REPEAT; r++) {
        fill_data(r + 1);
        crc ^= crc32(data, DATA_SIZE);
    }
    report("crc32", crc);

    start_measure();
    uint32_t sort_sum = 0;
    for (unsigned r = 0; r < REPEAT; r++) {
        random_state = 0x5EED0000u + r;
        for (unsigned i = 0; i < SORT_COUNT; i++)
            sort_buffer[i] = next_random();
        heapsort(sort_buffer, SORT_COUNT);
        for (unsigned i = 1; i < SORT_COUNT; i++)
            if (sort_buffer[i - 1] > sort_buffer[i]) {
                print("sort FAILED: out of order at %u\n", i);
                return 1;
            }
        /* Position-weighted, so it depends on the order, not just the set. */
        for (unsigned i = 0; i < SORT_COUNT; i++)
            sort_sum += sort_buffer[i] * (i + 1);
    }
    report("sort", sort_sum);

    start_measure();
    uint32_t digest[8], sha_sum = 0;
    for (unsigned r = 0; r < REPEAT; r++) {
        fill_data(0xC0FFEEu + r);
        sha256(data, DATA_SIZE, digest);
        sha_sum ^= digest[0];
    }
    report("sha256", sha_sum);

    start_measure();
    uint32_t matrix_sum = 0;
    for (unsigned r = 0; r < REPEAT; r++) {
        random_state = 0xABCD0000u + r;
        for (unsigned i = 0; i < MATRIX_N; i++)
            for (unsigned j = 0; j < MATRIX_N; j++) {
                matrix_a[i][j] = (int32_t)(next_random() % 2001u) - 1000;
                matrix_b[i][j] = (int32_t)(next_random() % 2001u) - 1000;
            }
        matrix_multiply();
        for (unsigned i = 0; i < MATRIX_N; i++)
            for (unsigned j = 0; j < MATRIX_N; j++)
                matrix_sum += (uint32_t)matrix_c[i][j] * (i * MATRIX_N + j + 1);
    }
    report("matmul", matrix_sum);

    print("total instructions %u\n", total_instructions);
    return 0;
}
