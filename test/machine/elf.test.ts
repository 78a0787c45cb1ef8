// ELF loader: good executables load segment by segment with zero fill;
// each kind of bad file gets its own one-line error and leaves RAM alone.
import { strict as assert } from 'assert';
import { ElfError, parseElf } from '../../emulator/loader/elf';
import { buildElf } from './elfBuilder';

const RAM = { base: 0x80000000, size: 1 << 20 };
const code = Uint8Array.of(0x13, 0, 0, 0, 0x6f, 0, 0, 0);

function expectElfError(bytes: Uint8Array, code: ElfError['code'], message: RegExp): void {
  assert.throws(
    () => parseElf(bytes, RAM),
    (e: unknown) => {
      assert.ok(e instanceof ElfError, `expected an ElfError, got ${String(e)}`);
      assert.equal(e.code, code);
      assert.match(e.message, message);
      assert.ok(!e.message.includes('\n'), 'one line');
      return true;
    },
  );
}

describe('ELF loader', () => {
  it('returns the entry and each PT_LOAD segment with its memory size', () => {
    const image = parseElf(
      buildElf({
        entry: 0x80000004,
        segments: [
          { paddr: 0x80000000, data: code },
          { type: 4, paddr: 0, data: Uint8Array.of(1, 2) }, // PT_NOTE: skipped
          { paddr: 0x80001000, data: Uint8Array.of(9, 9), memSize: 0x100 },
        ],
      }),
      RAM,
    );
    assert.equal(image.entry, 0x80000004);
    assert.equal(image.segments.length, 2);
    assert.deepEqual(Array.from(image.segments[0].data), Array.from(code));
    assert.equal(image.segments[1].paddr, 0x80001000);
    assert.equal(image.segments[1].memSize, 0x100);
  });

  it('says so when the file is not an ELF', () => {
    expectElfError(new TextEncoder().encode('#!/bin/sh\necho hi\n'), 'not-elf', /not an ELF file/);
    expectElfError(new Uint8Array(0), 'not-elf', /not an ELF file/);
  });

  it('says so for an RV64 (ELFCLASS64) file', () => {
    expectElfError(buildElf({ elfClass: 2, segments: [{ paddr: 0x80000000, data: code }] }), 'elf64', /64-bit.*RV32/);
  });

  it('says so for a big-endian file', () => {
    expectElfError(buildElf({ dataEncoding: 2, segments: [{ paddr: 0x80000000, data: code }] }), 'big-endian', /big-endian/);
  });

  it('says so for another architecture', () => {
    expectElfError(buildElf({ machine: 62, segments: [{ paddr: 0x80000000, data: code }] }), 'wrong-machine', /machine 62.*not RISC-V/);
  });

  it('says so for an object file that was never linked', () => {
    expectElfError(buildElf({ type: 1, segments: [{ paddr: 0x80000000, data: code }] }), 'not-executable', /relocatable/);
  });

  it('says so when a segment lies outside RAM, naming the range', () => {
    expectElfError(
      buildElf({ entry: 0x80000000, segments: [{ paddr: 0x80000000, data: code }, { paddr: 0x20000000, data: code }] }),
      'segment-outside-ram',
      /segment 1 \[0x20000000, 0x20000008\) is outside RAM \[0x80000000, 0x80100000\)/,
    );
    expectElfError(buildElf({ segments: [{ paddr: 0x800ffffc, data: code }] }), 'segment-outside-ram', /outside RAM/);
  });

  it('says so when nothing is loadable', () => {
    expectElfError(buildElf({ entry: 0x80000000, segments: [{ type: 4, paddr: 0x80000000, data: code }] }), 'no-loadable-segment', /no loadable segment/);
    expectElfError(buildElf({ entry: 0x80000000, segments: [] }), 'no-loadable-segment', /no loadable segment/);
  });

  it('says so when the file is cut short', () => {
    const whole = buildElf({ segments: [{ paddr: 0x80000000, data: code }] });
    expectElfError(whole.subarray(0, 30), 'truncated', /truncated/);
    expectElfError(whole.subarray(0, 60), 'truncated', /program headers/);
    expectElfError(whole.subarray(0, whole.length - 2), 'truncated', /segment 0/);
  });

  it('says so when the entry point is not in RAM', () => {
    expectElfError(buildElf({ entry: 0x1000, segments: [{ paddr: 0x80000000, data: code }] }), 'entry-outside-ram', /entry point 0x1000/);
  });
});
