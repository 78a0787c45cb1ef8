/* Second compilation unit of the symbols test program: functions reached
   through function pointers, a static local, and an inline helper from a
   header (so inlined call sites name another file). */
#include "shapes.h"

static int calls;

int triangle_area(const struct shape *s) {
  int w = s->corners[1].x - s->corners[0].x;
  int h = s->corners[2].y - s->corners[0].y;
  int a = clamp(w * h / 2, 0, 1000);
  calls++;
  return a; // #BP triangle_ret
}

int square_area(const struct shape *s) {
  int side = s->corners[1].x - s->corners[0].x;
  calls++;
  return clamp(side * side, 0, 1000000);
}

int sum_areas(struct shape *list, int limit) {
  static int times_called;
  int total = 0;
  times_called++;
  for (struct shape *p = list; p && limit > 0; p = p->next, limit--) {
    area_fn fn = p->area;
    int one = fn(p);
    total += one; // #BP sum_loop
  }
  return total + calls - calls;
}
