/* Symbols test program: structs, unions, bitfields, arrays, enums, function
   pointers, inline functions, recursion and static locals, compiled at
   several optimisation levels and DWARF versions and compared with gdb. */
#include "shapes.h"

struct shape shapes[3] = {
  { "tri", RED, { { 0, 0 }, { 4, 0 }, { 0, 6 } }, { 1, 5, -3, 70000, 'T' }, { 0x11223344u },
    triangle_area, &shapes[1], "first", 1.5, 0.25f, -5000000000LL, 7 },
  { "sq", BLUE, { { 1, 1 }, { 4, 1 }, { 4, 4 } }, { 0, 2, 15, 1, 'S' }, { 0xdeadbeefu },
    square_area, &shapes[2], "second", -2.0, 3.5f, 42, -1 },
  { "big", ALPHA, { { 0, 0 }, { 100, 0 }, { 0, 100 } }, { 1, 7, -16, 0xfffff, 0 }, { 0 },
    triangle_area, 0, "abc\"\n", 0.0, -1.0f, 0, 0 },
};

const char greeting[] = "hello, rewind";
int matrix[2][3] = { { 1, 2, 3 }, { 4, 5, 6 } };
enum color favourite = GREEN;
static volatile u32 sink;
char *cursor = (char *)greeting + 7;
area_fn chosen = square_area;
unsigned char bytes[5] = { 0, 1, 0x7f, 0x80, 0xff };
int counts[20] = { 1, 2 };
char padded[24] = "ab";
unsigned short ramp[230];
const char *long_text = "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz"
                        "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz"
                        "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz";
_Bool flag = 1;
signed char small = -3;

__attribute__((noinline)) int factorial(int n) {
  if (n <= 1) {
    sink = n; // #BP fact_base
    return 1;
  }
  int r = n * factorial(n - 1);
  sink = r;
  return r;
}

__attribute__((noinline)) static u32 mix(u32 seed, int rounds) {
  static u32 history = 7;
  u32 acc = seed;
  for (int i = 0; i < rounds; i++) {
    u32 t = acc ^ (acc << 5);
    acc = t + history + (u32)i;
    history = acc >> 3;
  }
  sink = acc; // #BP mix_end
  return acc;
}

__attribute__((noinline)) int describe(struct shape *s, union word w, struct point p) {
  int local_bits = s->flags.mode + s->flags.delta;
  struct point q = { p.x + 1, p.y * 2 };
  int c = clamp(q.x + q.y + local_bits, -10, 10);
  sink = w.w + (u32)c; // #BP describe
  return c + (int)w.b[0];
}

int main(void) {
  for (int i = 0; i < 230; i++) ramp[i] = (unsigned short)(i * 3);
  int total = sum_areas(shapes, 3);
  int f = factorial(5);
  u32 m = mix((u32)total, 4);
  struct point origin = { 3, -4 };
  /* #BP moved: no code on this line, so breakpoints move to the next one */
  int d = describe(&shapes[1], shapes[0].tag, origin);
  sink = (u32)(total + f + (int)m + d + favourite + matrix[1][2]); // #BP main_end
  return 0;
}
