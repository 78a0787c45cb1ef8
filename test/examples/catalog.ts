// The example programs as tests see them: which examples exist (the
// examples Makefile), how each is run and what it must print
// (examples/runs.json), and where their `// #BP name` source markers are.
// Shared by the QEMU tests here and by emulator tests that must reproduce
// QEMU's UART output byte for byte.
import * as fs from 'fs';
import * as path from 'path';
import { QemuRun, runQemu } from '../support/qemu';

export const EXAMPLES_DIR = path.resolve(__dirname, '../../examples');

/** One scripted run of an example (an example may have several). */
export interface ExampleRun {
  name: string;
  /** Absolute path of the committed ELF. */
  elf: string;
  /** Bytes typed on the UART, one character per byte; '' for none. */
  input: string;
  /** Send the input once the output contains this (a prompt). */
  waitFor?: string;
  /** QEMU's UART output for this run, byte for byte. */
  expected: Buffer;
  /** QEMU's exit status: 0 for the finisher's pass, N for fail code N. */
  exitCode: number;
  qemuArgs: string[];
  /** Parts of the output that differ between runs (wall time, timing). */
  variable: RegExp[];
}

interface RunsFileEntry {
  name: string;
  elf: string;
  expected: string;
  exitCode: number;
  input?: string;
  waitFor?: string;
  qemuArgs?: string[];
  variable?: string[];
}

function field<T>(entry: Record<string, unknown>, key: string, check: (v: unknown) => boolean, what: string): T {
  const value = entry[key];
  if (!check(value)) throw new Error(`examples/runs.json: run ${JSON.stringify(entry.name)}: "${key}" must be ${what}`);
  return value as T;
}

const isString = (v: unknown): boolean => typeof v === 'string';
const isOptionalString = (v: unknown): boolean => v === undefined || typeof v === 'string';
const isOptionalStrings = (v: unknown): boolean =>
  v === undefined || (Array.isArray(v) && v.every((s) => typeof s === 'string'));

function parseEntry(raw: unknown): RunsFileEntry {
  if (typeof raw !== 'object' || raw === null) throw new Error('examples/runs.json: each run must be an object');
  const entry = raw as Record<string, unknown>;
  return {
    name: field(entry, 'name', isString, 'a string'),
    elf: field(entry, 'elf', isString, 'a path'),
    expected: field(entry, 'expected', isString, 'a path'),
    exitCode: field(entry, 'exitCode', (v) => Number.isInteger(v), 'an integer'),
    input: field(entry, 'input', isOptionalString, 'a string'),
    waitFor: field(entry, 'waitFor', isOptionalString, 'a string'),
    qemuArgs: field(entry, 'qemuArgs', isOptionalStrings, 'a list of strings'),
    variable: field(entry, 'variable', isOptionalStrings, 'a list of regular expressions'),
  };
}

/** Every scripted run in examples/runs.json, with its expected output loaded. */
export function loadExampleRuns(): ExampleRun[] {
  const file = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, 'runs.json'), 'utf8')) as { runs?: unknown };
  if (!Array.isArray(file.runs)) throw new Error('examples/runs.json: "runs" must be a list');
  return file.runs.map(parseEntry).map((e) => ({
    name: e.name,
    elf: path.join(EXAMPLES_DIR, e.elf),
    input: e.input ?? '',
    waitFor: e.waitFor,
    expected: fs.readFileSync(path.join(EXAMPLES_DIR, e.expected)),
    exitCode: e.exitCode,
    qemuArgs: e.qemuArgs ?? [],
    variable: (e.variable ?? []).map((re) => new RegExp(re, 'g')),
  }));
}

/** `text` with each run-to-run variable part replaced by '<variable>'. */
export function maskVariable(run: ExampleRun, text: string): string {
  return run.variable.reduce((t, re) => t.replace(re, '<variable>'), text);
}

/** Runs one example on QEMU as runs.json describes. */
export function runExampleOnQemu(run: ExampleRun, timeoutMs = 20_000): Promise<QemuRun> {
  return runQemu(run.elf, {
    input: run.input === '' ? [] : [{ bytes: run.input, afterOutput: run.waitFor }],
    args: run.qemuArgs,
    timeoutMs,
  });
}

/** The example names, in the order `make -C examples` builds them. */
export function exampleNames(): string[] {
  const makefile = fs.readFileSync(path.join(EXAMPLES_DIR, 'Makefile'), 'utf8');
  const line = /^EXAMPLES\s*:=(.*)$/m.exec(makefile);
  if (!line) throw new Error('examples/Makefile has no "EXAMPLES :=" line');
  return line[1].trim().split(/\s+/);
}

/** The C and assembly sources of one example (not the shared ones). */
export function exampleSources(name: string): string[] {
  const dir = path.join(EXAMPLES_DIR, name);
  return fs.readdirSync(dir).filter((f) => /\.(c|S)$/.test(f)).sort().map((f) => path.join(dir, f));
}

export interface SourceMarker {
  name: string;
  file: string;
  /** 1-based line number. */
  line: number;
}

/** All `// #BP name` markers in one example's own sources. */
export function exampleMarkers(name: string): SourceMarker[] {
  const markers: SourceMarker[] = [];
  for (const file of exampleSources(name)) {
    fs.readFileSync(file, 'utf8').split('\n').forEach((text, i) => {
      const m = /\/\/ #BP ([A-Za-z0-9_-]+)/.exec(text);
      if (m) markers.push({ name: m[1], file, line: i + 1 });
    });
  }
  return markers;
}

/** The marker `marker` of example `name`; throws if missing or ambiguous. */
export function findMarker(name: string, marker: string): SourceMarker {
  const found = exampleMarkers(name).filter((m) => m.name === marker);
  if (found.length !== 1) {
    throw new Error(`example ${name}: expected one "// #BP ${marker}" marker, found ${found.length}`);
  }
  return found[0];
}
