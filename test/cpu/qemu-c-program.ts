// The compiled differential program against QEMU (qemu.test.ts): freestanding
// C with its own startup, printing to the UART at 0x1000_0000 and ending
// through the finisher at 0x0010_0000.

/**
 * A freestanding C program (compiled with -O2 at test time): loops,
 * recursion, jump tables, 64-bit arithmetic through the M extension,
 * byte and halfword traffic, and enough iterations for the hart to compile
 * its hot code. Returns [C source, startup assembly].
 */
export function cProgram(): [string, string] {
  const c = String.raw`
typedef unsigned int u32;
typedef unsigned long long u64;
#define UART ((volatile unsigned char *)0x10000000)
static void putc_(char ch) { while ((UART[5] & 0x20) == 0) {} UART[0] = ch; }
static void hex(u32 v) { for (int i = 28; i >= 0; i -= 4) putc_("0123456789abcdef"[(v >> i) & 15]); putc_(' '); }
static u32 crc32(const unsigned char *p, int n) {
  u32 c = ~0u;
  while (n--) { c ^= *p++; for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320u & -(c & 1)); }
  return ~c;
}
static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
static u32 lcg = 12345;
static u32 rnd(void) { lcg = lcg * 1103515245u + 12345u; return lcg; }
static int cmp(int a, int b) { return (a > b) - (a < b); }
static void sort(int *a, int n) {
  for (int i = 1; i < n; i++) { int k = a[i], j = i; while (j > 0 && cmp(a[j - 1], k) > 0) { a[j] = a[j - 1]; j--; } a[j] = k; }
}
static u32 op(int which, u32 a, u32 b) {
  switch (which) {
    case 0: return a + b; case 1: return a - b; case 2: return a * b; case 3: return b ? a / b : 0;
    case 4: return b ? a % b : 0; case 5: return (u32)((int)a >> (b & 31)); case 6: return a << (b & 31);
    case 7: return (u32)(((u64)a * b) >> 32); case 8: return (u32)((long long)(int)a * (int)b >> 32);
    default: return a ^ b;
  }
}
static unsigned char buf[4096];
static int arr[300];
static short halves[64];
void cmain(void) {
  for (int i = 0; i < 4096; i++) buf[i] = (unsigned char)rnd();
  hex(crc32(buf, 4096)); hex(crc32(buf + 1, 1000));
  hex((u32)fib(20));
  for (int i = 0; i < 300; i++) arr[i] = (int)rnd();
  sort(arr, 300);
  u32 s = 0; for (int i = 0; i < 300; i++) s = s * 31 + (u32)arr[i];
  hex(s); hex((u32)arr[0]); hex((u32)arr[299]);
  u32 acc = 0;
  for (int i = 0; i < 2000; i++) acc = op(i % 10, acc + (u32)i, rnd()) ^ (acc << 1);
  hex(acc);
  u64 big = 1; for (int i = 1; i < 40; i++) big = big * (u64)(i | 1) / 3 + (big >> 7);
  hex((u32)big); hex((u32)(big >> 32));
  for (int i = 0; i < 64; i++) halves[i] = (short)(rnd() >> 7);
  int hs = 0; for (int r = 0; r < 50; r++) for (int i = 1; i < 64; i++) hs += halves[i] * halves[i - 1] >> 3;
  hex((u32)hs);
  putc_('\n');
}
`;
  const start = String.raw`
.section .text.start, "ax"
.globl _start
_start:
  la sp, stack_top
  call cmain
  li t0, 0x100000
  li t1, 0x5555
  sw t1, 0(t0)
1: j 1b
.bss
.align 4
.space 16384
stack_top:
`;
  return [c, start];
}
