// Compiles hot code to JavaScript (ARCHITECTURE.md: performance shape).
// When the interpreter has run an instruction often enough it asks for a
// region starting there: the basic blocks reachable from it inside the same
// 4 KiB page that the interpreter has run at least once, following
// fall-through, branches and direct jumps, stopping at
// anything that is not plain computation or a RAM access (SYSTEM, CSR, AMO,
// fence.i, illegal encodings), which the interpreter executes.
//
// The generated function is a loop over a switch on block numbers. Each
// block first checks that its whole length fits in the instruction budget
// (else it returns to the interpreter, which finishes the slice exactly),
// then runs its instructions with immediates and register numbers as
// constants. Loads and stores use the same TLB fast paths as the
// interpreter; anything else (TLB miss, MMIO, fault, watchpoint, a store
// onto decoded code) calls the same slow path with pc and icount exact, and
// returns with h.regionExit set so the interpreter re-reads all state.
// Instruction counts inside a region are relative to the start of the run
// slice (h.runBase), to stay small integers.
// Guest-visible behaviour is identical to the interpreter's, instruction by
// instruction; tests run both and compare.
import type { Hart } from './hart';
import { CompiledRegion, DecodedPage, HEAT, IMM, MAX_BLOCKS, RegionCode } from './decode-cache';
import { Op, SLOTS, SLOT_COMPRESSED } from './interpreter';
import { peekDecode } from './fetch';

/** Upper bound on instructions per region (keeps compile time and code size small). */
const MAX_INSTRUCTIONS = 200;

interface Insn {
  readonly op: Op;
  readonly rd: number;
  readonly rs1: number;
  readonly rs2: number;
  readonly imm: number;
  readonly pc: number;
  readonly npc: number;
}

type Terminator =
  | { kind: 'branch'; insn: Insn; taken: number; fall: number } // targets: in-page slots, or outside(pc) < 0
  | { kind: 'jump'; insn: Insn; target: number }
  | { kind: 'indirect'; insn: Insn }
  | { kind: 'next'; target: number }; // continue at a slot, or outside(pc)

interface Block {
  readonly pc: number;
  readonly insns: Insn[];
  term: Terminator;
}

/** High 32 bits of the unsigned 64-bit product (same as the interpreter's). */
function mulhu(a: number, b: number): number {
  const a0 = a & 0xffff, a1 = a >>> 16, b0 = b & 0xffff, b1 = b >>> 16;
  const p01 = a0 * b1, p10 = a1 * b0;
  const mid = ((a0 * b0) >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  return (a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16)) | 0;
}

function isComputation(op: Op): boolean {
  return (op >= Op.Nop && op <= Op.Fence) && op !== Op.Illegal;
}

function lit(v: number): string {
  return v < 0 ? `(${v})` : String(v);
}

/** A guest register as the JavaScript local that holds it inside a region. */
function reg(r: number): string {
  return r === 0 ? '0' : `r${r}`;
}

const BRANCH_TEST: Partial<Record<Op, (a: string, b: string) => string>> = {
  [Op.Beq]: (a, b) => `${a} === ${b}`,
  [Op.Bne]: (a, b) => `${a} !== ${b}`,
  [Op.Blt]: (a, b) => `${a} < ${b}`,
  [Op.Bge]: (a, b) => `${a} >= ${b}`,
  [Op.Bltu]: (a, b) => `(${a} ^ -2147483648) < (${b} ^ -2147483648)`,
  [Op.Bgeu]: (a, b) => `(${a} ^ -2147483648) >= (${b} ^ -2147483648)`,
};

/** Registers an instruction reads and writes. */
function readsOf(i: Insn): number[] {
  switch (i.op) {
    case Op.Lui: case Op.Auipc: case Op.Jal: case Op.J: case Op.Nop: case Op.Fence: return [];
    case Op.Jalr: case Op.Jr: case Op.Lb: case Op.Lbu: case Op.Lh: case Op.Lhu: case Op.Lw:
    case Op.Addi: case Op.Slti: case Op.Sltiu: case Op.Xori: case Op.Ori: case Op.Andi:
    case Op.Slli: case Op.Srli: case Op.Srai:
      return [i.rs1];
    default: return [i.rs1, i.rs2];
  }
}

function writesOf(i: Insn): number {
  switch (i.op) {
    case Op.Nop: case Op.Fence: case Op.J: case Op.Jr: case Op.Sb: case Op.Sh: case Op.Sw:
    case Op.Beq: case Op.Bne: case Op.Blt: case Op.Bge: case Op.Bltu: case Op.Bgeu:
      return 0;
    default: return i.rd;
  }
}

/** What the shared exit of a region does for a slow path (see SITE_FIELDS). */
const enum SiteKind { Load = 0, Store = 1, Watched = 2 }

/**
 * Per slow-path site of a region, SITE_FIELDS numbers: kind, load op or
 * store size, rd, pc, npc, and how many of the block's counted
 * instructions come at or after it (subtracted from icount on the way out).
 */
const SITE_FIELDS = 6;

/**
 * Straight-line code for the k-th of the n instructions of a block (not a
 * branch or jump). A slow path records its site (an index into `sites`) and
 * leaves through the region's one shared exit, which stores the register
 * locals back and calls the Hart: one copy of that code per region keeps
 * the function small, and V8's optimizing compile time grows fast with size.
 */
function computation(i: Insn, k: number, n: number, sites: number[]): string {
  const { rd, rs1, rs2, imm } = i;
  const a = reg(rs1), b = reg(rs2), d = reg(rd);
  const site = (kind: SiteKind, opOrSize: number): number => {
    sites.push(kind, opOrSize, rd, i.pc, i.npc, n - k);
    return sites.length / SITE_FIELDS - 1;
  };
  const load = (cond: string, value: string): string =>
    `{ const a = (${a} + ${lit(imm)}) | 0, v = a >>> 12, e = v & 255;\n`
    + `  if (rt[e] === v${cond}) { ${rd !== 0 ? `${d} = ${value};` : ''} }\n`
    + `  else { site = ${site(SiteKind.Load, i.op)}; sa = a; break run; } }`;
  const store = (size: number, cond: string, target: string): string =>
    `{ const a = (${a} + ${lit(imm)}) | 0, v = a >>> 12, e = v & 255;\n`
    + `  if (wt[e] === v${cond}) { const o = wo[e] | (a & 4095); ${target} = ${b}; dirty[o >>> 12] = 1;\n`
    + `    if (pageFlags[o >>> 12] !== 0 && h.watchedPageWritten(o, ${size})) { site = ${site(SiteKind.Watched, size)}; break run; } }\n`
    + `  else { site = ${site(SiteKind.Store, size)}; sa = a; sv = ${b}; break run; } }`;
  switch (i.op) {
    case Op.Nop: case Op.Fence: return '';
    case Op.Lui: return `${d} = ${lit(imm)};`;
    case Op.Auipc: return `${d} = ${lit((i.pc + imm) | 0)};`;
    case Op.Lb: return load('', '(m8[ro[e] | (a & 4095)] << 24) >> 24');
    case Op.Lbu: return load('', 'm8[ro[e] | (a & 4095)]');
    case Op.Lh: return load(' && (a & 1) === 0', '(m16[(ro[e] | (a & 4095)) >> 1] << 16) >> 16');
    case Op.Lhu: return load(' && (a & 1) === 0', 'm16[(ro[e] | (a & 4095)) >> 1]');
    case Op.Lw: return load(' && (a & 3) === 0', 'm32[(ro[e] | (a & 4095)) >> 2]');
    case Op.Sb: return store(1, '', 'm8[o]');
    case Op.Sh: return store(2, ' && (a & 1) === 0', 'm16[o >> 1]');
    case Op.Sw: return store(4, ' && (a & 3) === 0', 'm32[o >> 2]');
    case Op.Addi: return `${d} = (${a} + ${lit(imm)}) | 0;`;
    case Op.Slti: return `${d} = ${a} < ${lit(imm)} ? 1 : 0;`;
    case Op.Sltiu: return `${d} = (${a} ^ -2147483648) < ${lit(imm ^ 0x80000000)} ? 1 : 0;`;
    case Op.Xori: return `${d} = ${a} ^ ${lit(imm)};`;
    case Op.Ori: return `${d} = ${a} | ${lit(imm)};`;
    case Op.Andi: return `${d} = ${a} & ${lit(imm)};`;
    case Op.Slli: return `${d} = ${a} << ${imm};`;
    case Op.Srli: return `${d} = (${a} >>> ${imm}) | 0;`;
    case Op.Srai: return `${d} = ${a} >> ${imm};`;
    case Op.Add: return `${d} = (${a} + ${b}) | 0;`;
    case Op.Sub: return `${d} = (${a} - ${b}) | 0;`;
    case Op.Sll: return `${d} = ${a} << ${b};`;
    case Op.Slt: return `${d} = ${a} < ${b} ? 1 : 0;`;
    case Op.Sltu: return `${d} = (${a} ^ -2147483648) < (${b} ^ -2147483648) ? 1 : 0;`;
    case Op.Xor: return `${d} = ${a} ^ ${b};`;
    case Op.Srl: return `${d} = (${a} >>> ${b}) | 0;`;
    case Op.Sra: return `${d} = ${a} >> ${b};`;
    case Op.Or: return `${d} = ${a} | ${b};`;
    case Op.And: return `${d} = ${a} & ${b};`;
    case Op.Mul: return `${d} = Math.imul(${a}, ${b});`;
    case Op.Mulhu: return `${d} = mulhu(${a}, ${b});`;
    case Op.Mulh: return `{ const p = ${a}, q = ${b}; ${d} = (mulhu(p, q) - (p < 0 ? q : 0) - (q < 0 ? p : 0)) | 0; }`;
    case Op.Mulhsu: return `{ const p = ${a}, q = ${b}; ${d} = (mulhu(p, q) - (p < 0 ? q : 0)) | 0; }`;
    case Op.Div: return `{ const p = ${a}, q = ${b}; ${d} = q === 0 ? -1 : (p === -2147483648 && q === -1) ? p : (p / q) | 0; }`;
    case Op.Divu: return `{ const q = ${b} >>> 0; ${d} = q === 0 ? -1 : ((${a} >>> 0) / q) | 0; }`;
    case Op.Rem: return `{ const p = ${a}, q = ${b}; ${d} = q === 0 ? p : (p % q) | 0; }`;
    case Op.Remu: return `{ const p = ${a}, q = ${b} >>> 0; ${d} = q === 0 ? p : ((p >>> 0) % q) | 0; }`;
    default: throw new Error(`block compiler: op ${i.op} is not straight-line`);
  }
}

function isBranch(op: Op): boolean {
  return op >= Op.Beq && op <= Op.Bgeu;
}

/**
 * Compiles the region entered at `entrySlot` of `page` (virtual pc `pc`,
 * RAM offset `pageOff`). Returns null when there is nothing worth compiling.
 */
export function compileRegion(
  h: Hart, page: DecodedPage, entrySlot: number, pc: number, pageOff: number,
): CompiledRegion<Hart> | null {
  const pageIndex = pageOff >>> 12;
  const base = (pc - entrySlot * 2) | 0; // virtual address of the page
  const pcOf = (slot: number): number => (base + slot * 2) | 0;
  /** A target outside the page, encoded as a negative number (-1 - its unsigned pc). */
  const outside = (target: number): number => -1 - (target >>> 0);
  /** Slot of an in-page target, or outside(target) when it leaves the page. */
  const slotOf = (target: number): number =>
    (target >>> 12) === (pc >>> 12) ? (target & 4095) >>> 1 : outside(target);

  const blocks: Block[] = [];
  const leaders = new Map<number, number>();
  const queue: number[] = [];
  let total = 0;
  const leader = (slot: number): number => {
    let b = leaders.get(slot);
    if (b === undefined) {
      if (blocks.length >= MAX_BLOCKS) return -1;
      b = blocks.length;
      leaders.set(slot, b);
      blocks.push({ pc: pcOf(slot), insns: [], term: { kind: 'next', target: outside(pcOf(slot)) } });
      queue.push(slot);
    }
    return b;
  };
  // Only code the interpreter has run: cold paths (error handling, the
  // rest of a big function) would make the function bigger, slower to
  // optimize, and deoptimize it when first taken. They leave the region.
  const hot = (slot: number): boolean => page[HEAT + slot] > 0;
  leader(entrySlot);
  /** Each block's first instruction as decoded (before the slot becomes an entry). */
  const leaderW: number[] = [], leaderImm: number[] = [];

  while (queue.length !== 0) {
    const start = queue.shift()!;
    const block = blocks[leaders.get(start)!];
    let s = start;
    for (;;) {
      if (s !== start && leaders.has(s)) { block.term = { kind: 'next', target: s }; break; }
      if (s >= SLOTS || !peekDecode(h, page, s, pageOff)) {
        block.term = { kind: 'next', target: outside(pcOf(s)) };
        break;
      }
      let w = page[s], imm = page[s + IMM];
      if ((w & 127) === Op.Region) {
        // An entry of another region. When that region runs at this virtual
        // page, leave to it rather than compile its code a second time;
        // otherwise compile the instruction underneath.
        const r = h.codeCache.regions[Math.floor(imm / MAX_BLOCKS)];
        if (r === null || r === undefined || r.vpn === pc >>> 12) { block.term = { kind: 'next', target: outside(pcOf(s)) }; break; }
        w = r.entryW[imm % MAX_BLOCKS];
        imm = r.entryImm[imm % MAX_BLOCKS];
      }
      if (s === start) { leaderW[leaders.get(start)!] = w; leaderImm[leaders.get(start)!] = imm; }
      if (total >= MAX_INSTRUCTIONS) { block.term = { kind: 'next', target: outside(pcOf(s)) }; break; }
      const op = (w & 127) as Op;
      const len = (w & SLOT_COMPRESSED) !== 0 ? 2 : 4;
      const insn: Insn = {
        op, rd: (w >> 8) & 31, rs1: (w >> 13) & 31, rs2: (w >> 18) & 31, imm, pc: pcOf(s), npc: (pcOf(s) + len) | 0,
      };
      const next = s + (len >> 1);
      if (isBranch(op)) {
        total++;
        const t = slotOf((insn.pc + imm) | 0), f = slotOf(insn.npc);
        block.term = { kind: 'branch', insn, taken: t, fall: f };
        if (t >= 0 && total < MAX_INSTRUCTIONS && hot(t)) leader(t);
        if (f >= 0 && total < MAX_INSTRUCTIONS && hot(f)) leader(f);
        break;
      }
      if (op === Op.J || op === Op.Jal) {
        total++;
        const t = slotOf((insn.pc + imm) | 0);
        block.term = { kind: 'jump', insn, target: t };
        if (t >= 0 && total < MAX_INSTRUCTIONS && hot(t)) leader(t);
        break;
      }
      if (op === Op.Jr || op === Op.Jalr) {
        total++;
        block.term = { kind: 'indirect', insn };
        break;
      }
      if (!isComputation(op)) { block.term = { kind: 'next', target: outside(pcOf(s)) }; break; }
      total++;
      block.insns.push(insn);
      s = next;
    }
  }
  const first = blocks[0];
  if (first.insns.length === 0 && first.term.kind === 'next') return null; // entry is not compilable

  const build = (cut: readonly boolean[]): RegionCode<Hart> => {
    const sites: number[] = [];
    const source = generate(blocks, leaders, pcOf, sites, cut);
    const make = new Function('mulhu', 'sites', source) as (m: typeof mulhu, s: Int32Array) => RegionCode<Hart>;
    return make(mulhu, new Int32Array(sites));
  };
  let firstSlot = SLOTS, lastSlot = 0;
  const covered: number[] = [];
  const blockSlots: number[][] = [];
  for (const b of blocks) {
    const all = [...b.insns, ...('insn' in b.term ? [b.term.insn] : [])];
    const slots: number[] = [];
    for (const i of all) {
      const slot = (i.pc - base) >>> 1;
      covered.push(slot);
      slots.push(slot);
      firstSlot = Math.min(firstSlot, slot);
      lastSlot = Math.max(lastSlot, slot + 1); // a 4-byte instruction spans two slots
    }
    blockSlots.push(slots);
  }
  // Slots that become entries: blocks that run at least one instruction.
  const entrySlots: number[] = new Array<number>(blocks.length).fill(-1);
  for (const [slot, k] of leaders) {
    const b = blocks[k];
    if (leaderW[k] !== undefined && (b.insns.length !== 0 || b.term.kind !== 'next')) entrySlots[k] = slot;
  }
  const run = build([]);
  return {
    run, pageIndex, vpn: pc >>> 12, entrySlots, entryW: leaderW, entryImm: leaderImm, covered,
    firstSlot, lastSlot: Math.min(lastSlot, SLOTS - 1), id: -1,
    breakpointGeneration: -1, breakpointRun: run, breakpointCut: [], blockSlots, withCutBlocks: build,
  };
}

/**
 * The region's JavaScript source. A block flagged in `cut` (it holds a
 * breakpoint) runs nothing: entering it leaves the region at its first
 * instruction, so the interpreter, which checks breakpoints, runs it.
 */
function generate(blocks: Block[], leaders: Map<number, number>, pcOf: (slot: number) => number, sites: number[], cut: readonly boolean[]): string {
  // Guest registers live in JavaScript locals inside the region; the one
  // exit stores the ones the region writes back into h.regs.
  const used = new Set<number>(), written = new Set<number>();
  for (const block of blocks) {
    const all = [...block.insns, ...('insn' in block.term ? [block.term.insn] : [])];
    for (const i of all) {
      for (const r of readsOf(i)) if (r !== 0) used.add(r);
      const w = writesOf(i);
      if (w !== 0) { used.add(w); written.add(w); }
    }
  }
  const writeBack = [...written].sort((p, q) => p - q).map((r) => `x[${r}] = r${r};`).join(' ');
  const goTo = (target: number, nextIndex: number): string => {
    if (target >= 0) {
      const b = leaders.get(target);
      if (b !== undefined) return b === nextIndex ? '' : `b = ${b}; continue;`;
      target = pcOf(target); // not compiled (cold, or the size cap): leave
    } else {
      target = -1 - target;
    }
    return `pc = ${target | 0}; break run;`;
  };
  const cases: string[] = [];
  blocks.forEach((block, index) => {
    const term = block.term;
    const next = index + 1 < blocks.length ? index + 1 : -1;
    const n = block.insns.length + (term.kind === 'next' ? 0 : 1);
    if (n > 0 && cut[index] === true) {
      cases.push(`case ${index}: { pc = ${block.pc}; break run; }`);
      return;
    }
    const lines: string[] = [`case ${index}: {`];
    if (n > 0) lines.push(`if (end - icount < ${n}) { pc = ${block.pc}; break run; }`, `icount += ${n};`);
    block.insns.forEach((insn, k) => lines.push(computation(insn, k, n, sites)));
    switch (term.kind) {
      case 'next': lines.push(goTo(term.target, next)); break;
      case 'branch': {
        const i = term.insn;
        lines.push(`if (${BRANCH_TEST[i.op]!(reg(i.rs1), reg(i.rs2))}) { ${goTo(term.taken, -1)} }`, goTo(term.fall, next));
        break;
      }
      case 'jump':
        if (term.insn.op === Op.Jal) lines.push(`r${term.insn.rd} = ${term.insn.npc};`);
        lines.push(goTo(term.target, next));
        break;
      case 'indirect': {
        const i = term.insn;
        lines.push(`pc = (${reg(i.rs1)} + ${lit(i.imm)}) & -2;${i.op === Op.Jalr ? ` r${i.rd} = ${i.npc};` : ''} break run;`);
        break;
      }
    }
    lines.push('}');
    cases.push(lines.join('\n'));
  });
  const body = cases.join('\n');
  const locals: string[] = ['const x = h.regs;'];
  for (const r of [...used].sort((p, q) => p - q)) locals.push(`let r${r} = x[${r}];`);
  if (/\bm8\b/.test(body)) locals.push('const m8 = h.ram8;');
  if (/\bm16\b/.test(body)) locals.push('const m16 = h.ram16;');
  if (/\bm32\b/.test(body)) locals.push('const m32 = h.ram32;');
  if (/\b(rt|wt)\b/.test(body)) {
    locals.push('const dt = h.dataTlb, rt = dt.readTag, ro = dt.readOff, wt = dt.writeTag, wo = dt.writeOff;');
  }
  if (/\bdirty\b/.test(body)) locals.push('const dirty = h.ramDirty, pageFlags = h.pageFlags;');
  // The shared exit. For a slow path: icount goes back to the count before
  // the instruction (the Hart sees it exact), the Hart does the access (or
  // the trap), and the instruction counts as retired.
  const slowExit = sites.length === 0 ? '' : `if (site >= 0) {
  const f = site * ${SITE_FIELDS}, kind = sites[f];
  icount -= sites[f + 5];
  if (kind === ${SiteKind.Watched}) h.pcValue = sites[f + 4];
  else {
    h.pcValue = sites[f + 3];
    h.icount = h.runBase + icount;
    if (kind === ${SiteKind.Load}) h.loadSlow(sites[f + 1], sa, sites[f + 2], sites[f + 4]);
    else h.storeSlow(sites[f + 1], sa, sv, sites[f + 4]);
  }
  h.regionExit = 1;
  return icount + 1;
}
`;
  return `"use strict";\nreturn function region(h, icount, end, block) {\n${locals.join('\n')}\n`
    + `let b = block, pc = ${blocks[0].pc}${sites.length !== 0 ? ', site = -1, sa = 0, sv = 0' : ''};\n`
    + `run: for (;;) {\nswitch (b) {\n${body}\ndefault: break run;\n}\n}\n`
    + `${writeBack}\n${slowExit}h.pcValue = pc;\nreturn icount;\n};`;
}
