// .debug_line reader (DWARF 5 section 6.2; versions 2-5): the header with its
// directory and file tables (v5 entry formats with .debug_line_str) and the
// line-number state machine, producing one row per emitted address.
import { ByteReader, SymbolsError, stringAt } from './reader';

export interface LineRow {
  address: number;
  /** Index into the owning LineTable's `files`. */
  file: number;
  line: number;
  column: number;
  isStmt: boolean;
  endSequence: boolean;
}

export interface LineTable {
  offset: number;
  version: number;
  /** Full paths, indexed by the file numbers of this table (v5: 0-based, v4: 1-based, slot 0 = primary file). */
  files: string[];
  rows: LineRow[];
}

const DW_LNCT_path = 1;
const DW_LNCT_directory_index = 2;
const DW_FORM_string = 0x08;
const DW_FORM_line_strp = 0x1f;
const DW_FORM_strp = 0x0e;
const DW_FORM_udata = 0x0f;
const DW_FORM_data1 = 0x0b;
const DW_FORM_data2 = 0x05;
const DW_FORM_data4 = 0x06;
const DW_FORM_data8 = 0x07;
const DW_FORM_data16 = 0x1e;
const DW_FORM_block = 0x09;

export function joinPath(dir: string, name: string): string {
  if (name.startsWith('/') || dir === '') return name;
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

interface Strings {
  str: Uint8Array;
  lineStr: Uint8Array;
}

function readEntryFormat(r: ByteReader): Array<[number, number]> {
  const n = r.u8();
  const fmt: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) fmt.push([r.uleb(), r.uleb()]);
  return fmt;
}

function readEntries(r: ByteReader, fmt: Array<[number, number]>, offsetSize: number, s: Strings): Array<{ path: string; dir: number }> {
  const count = r.uleb();
  const out: Array<{ path: string; dir: number }> = [];
  for (let i = 0; i < count; i++) {
    let path = '';
    let dir = 0;
    for (const [ct, form] of fmt) {
      let v: number | string;
      switch (form) {
        case DW_FORM_string: v = r.cstring(); break;
        case DW_FORM_line_strp: v = stringAt(s.lineStr, offsetSize === 8 ? r.u64() : r.u32()); break;
        case DW_FORM_strp: v = stringAt(s.str, offsetSize === 8 ? r.u64() : r.u32()); break;
        case DW_FORM_udata: v = r.uleb(); break;
        case DW_FORM_data1: v = r.u8(); break;
        case DW_FORM_data2: v = r.u16(); break;
        case DW_FORM_data4: v = r.u32(); break;
        case DW_FORM_data8: v = r.u64(); break;
        case DW_FORM_data16: r.skip(16); v = 0; break;
        case DW_FORM_block: r.skip(r.uleb()); v = 0; break;
        default: throw new SymbolsError(`line table entry: unsupported form 0x${form.toString(16)}`);
      }
      if (ct === DW_LNCT_path && typeof v === 'string') path = v;
      else if (ct === DW_LNCT_directory_index && typeof v === 'number') dir = v;
    }
    out.push({ path, dir });
  }
  return out;
}

const MAX_ROWS = 10_000_000;

/** Reads the line program at `offset`; `compDir` and `primaryName` fill v4's implicit entries. */
export function readLineTable(section: Uint8Array, offset: number, s: Strings, compDir: string, primaryName: string): LineTable {
  const r = new ByteReader(section);
  r.seek(offset);
  let unitLength = r.u32();
  let offsetSize = 4;
  if (unitLength === 0xffffffff) {
    unitLength = r.u64();
    offsetSize = 8;
  }
  const end = r.pos + unitLength;
  if (end > r.end) throw new SymbolsError(`line table at 0x${offset.toString(16)} runs past the end of .debug_line`);
  const version = r.u16();
  if (version < 2 || version > 5) throw new SymbolsError(`line table at 0x${offset.toString(16)}: unsupported version ${version}`);
  let addrSize = 4;
  if (version >= 5) {
    addrSize = r.u8();
    r.u8(); // segment selector size
  }
  const headerLength = offsetSize === 8 ? r.u64() : r.u32();
  const programStart = r.pos + headerLength;
  const minInst = r.u8();
  const maxOps = version >= 4 ? r.u8() : 1;
  const defaultIsStmt = r.u8() !== 0;
  const lineBase = r.i8();
  const lineRange = r.u8();
  const opcodeBase = r.u8();
  if (lineRange === 0) throw new SymbolsError(`line table at 0x${offset.toString(16)}: line_range is 0`);
  const stdLengths: number[] = [0];
  for (let i = 1; i < opcodeBase; i++) stdLengths.push(r.u8());

  const files: string[] = [];
  if (version >= 5) {
    const dirFmt = readEntryFormat(r);
    const dirs = readEntries(r, dirFmt, offsetSize, s).map((d) => d.path);
    const fileFmt = readEntryFormat(r);
    const fileEntries = readEntries(r, fileFmt, offsetSize, s);
    const dir0 = dirs[0] ?? compDir;
    for (const f of fileEntries) {
      let dir = dirs[f.dir] ?? '';
      if (!dir.startsWith('/')) dir = joinPath(dir0, dir);
      files.push(joinPath(dir, f.path));
    }
  } else {
    const dirs = [compDir];
    for (;;) {
      const d = r.cstring();
      if (d === '') break;
      dirs.push(d.startsWith('/') ? d : joinPath(compDir, d));
    }
    files.push(joinPath(compDir, primaryName));
    for (;;) {
      const name = r.cstring();
      if (name === '') break;
      const dir = r.uleb();
      r.uleb(); // mtime
      r.uleb(); // length
      files.push(joinPath(dirs[dir] ?? compDir, name));
    }
  }

  r.seek(programStart);
  const prog = new ByteReader(section, 0, end);
  prog.seek(programStart);
  const rows: LineRow[] = [];
  let address = 0;
  let opIndex = 0;
  let file = 1;
  let line = 1;
  let column = 0;
  let isStmt = defaultIsStmt;
  const reset = (): void => {
    address = 0;
    opIndex = 0;
    file = 1;
    line = 1;
    column = 0;
    isStmt = defaultIsStmt;
  };
  const emit = (endSequence: boolean): void => {
    if (rows.length >= MAX_ROWS) throw new SymbolsError(`line table at 0x${offset.toString(16)}: too many rows`);
    rows.push({ address, file, line, column, isStmt, endSequence });
  };
  const advance = (opAdvance: number): void => {
    if (maxOps <= 1) address = (address + minInst * opAdvance) >>> 0;
    else {
      address = (address + minInst * Math.floor((opIndex + opAdvance) / maxOps)) >>> 0;
      opIndex = (opIndex + opAdvance) % maxOps;
    }
  };
  while (prog.pos < prog.end) {
    const op = prog.u8();
    if (op >= opcodeBase) {
      const adj = op - opcodeBase;
      advance(Math.floor(adj / lineRange));
      line += lineBase + (adj % lineRange);
      emit(false);
      continue;
    }
    switch (op) {
      case 0: {
        const len = prog.uleb();
        const start = prog.pos;
        if (len === 0) break;
        const sub = prog.u8();
        if (sub === 1) {
          emit(true);
          reset();
        } else if (sub === 2) {
          address = prog.unsigned(len - 1 > 0 ? len - 1 : addrSize);
          opIndex = 0;
        } else if (sub === 3) {
          // DW_LNE_define_file (v2-4): rare; record the name so indexes stay aligned
          const name = prog.cstring();
          const dir = prog.uleb();
          prog.uleb();
          prog.uleb();
          files.push(joinPath(dir === 0 ? compDir : compDir, name));
        }
        prog.seek(start + len);
        break;
      }
      case 1: emit(false); break; // copy
      case 2: advance(prog.uleb()); break;
      case 3: line += prog.sleb(); break;
      case 4: file = prog.uleb(); break;
      case 5: column = prog.uleb(); break;
      case 6: isStmt = !isStmt; break;
      case 7: break; // basic_block
      case 8: advance(Math.floor((255 - opcodeBase) / lineRange)); break;
      case 9: address = (address + prog.u16()) >>> 0; opIndex = 0; break;
      case 10: break; // prologue_end
      case 11: break; // epilogue_begin
      case 12: prog.uleb(); break; // set_isa
      default:
        for (let i = 0; i < (stdLengths[op] ?? 0); i++) prog.uleb();
    }
  }
  return { offset, version, files, rows };
}
