/* Types and an inline helper shared by the symbols test program. */
#ifndef SHAPES_H
#define SHAPES_H

typedef unsigned int u32;
typedef unsigned char u8;

enum color { RED, GREEN = 5, BLUE, ALPHA = -1 };

struct point {
  int x;
  int y;
};

struct flags {
  unsigned int ready : 1;
  unsigned int mode : 3;
  int delta : 5;
  unsigned int wide : 20;
  u8 tail;
};

union word {
  u32 w;
  unsigned short h[2];
  u8 b[4];
};

struct shape {
  const char *name;
  enum color color;
  struct point corners[3];
  struct flags flags;
  union word tag;
  int (*area)(const struct shape *s);
  struct shape *next;
  char label[8];
  double weight;
  float ratio;
  long long big;
  volatile short level;
};

typedef int (*area_fn)(const struct shape *);

static inline int clamp(int v, int lo, int hi) {
  if (v < lo) v = lo; /* #BP inline_clamp */
  if (v > hi) v = hi;
  return v;
}

int triangle_area(const struct shape *s);
int square_area(const struct shape *s);
int sum_areas(struct shape *list, int limit);

#endif
