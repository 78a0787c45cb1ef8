// Unit checks of the disassembler that need no toolchain: lines objdump 2.40
// printed for these encodings (recorded from riscv64-unknown-elf-objdump),
// symbol annotations, the lui/auipc address comments, instruction lengths,
// the priv-spec CSR names, the attributes reader, the trace line, and that
// no input makes it throw.
import { strict as assert } from 'assert';
import {
  ABI_REGISTER_NAMES, Disassembler, disassemble, formatTraceLine, instructionLength, readRiscvAttributes,
} from '../../emulator/disasm';
import { prng } from './generate';

/** [encoding, pc, objdump's text] — 16-bit encodings are below 0x10000 with low bits != 11. */
const OBJDUMP_LINES: ReadonlyArray<readonly [number, number, string]> = [
  [0x4501, 0, 'li a0,0'],
  [0x0505, 0, 'add a0,a0,1'],
  [0x5575, 0, 'li a0,-3'],
  [0x0001, 0, 'nop'],
  [0x0005, 0, 'c.nop 1'],
  [0x0000, 0, 'unimp'],
  [0xffff, 0, '.2byte 0xffff'],
  [0x8082, 0, 'ret'],
  [0x9002, 0, 'ebreak'],
  [0x8536, 0, 'mv a0,a3'],
  [0x0086, 0, 'sll ra,ra,0x1'],
  [0x8001, 0, 'c.srli64 s0'],
  [0x7181, 0, 'lui gp,0xfffe0'],
  [0x7101, 0, 'add sp,sp,-512'],
  [0x01d4, 0, 'add a3,sp,196'],
  [0xc246, 0, 'sw a7,4(sp)'],
  [0x41c4, 0, 'lw s1,4(a1)'],
  [0xe185, 0x15248, 'bnez a1,15268'],
  [0x2185, 0x3248, 'jal 36a8'],
  [0x30002573, 0, 'csrr a0,mstatus'],
  [0x7c059573, 0, 'csrrw a0,0x7c0,a1'],
  [0x3001d073, 0, 'csrw mstatus,3'],
  [0x30005573, 0, 'csrrw a0,mstatus,0'],
  [0x30002073, 0, 'csrr zero,mstatus'],
  [0xc0002573, 0, 'rdcycle a0'],
  [0xc8102573, 0, 'rdtimeh a0'],
  [0xc0001073, 0, 'unimp'],
  [0xc0001573, 0, 'csrrw a0,cycle,zero'],
  [0x0ff0000f, 0, 'fence'],
  [0x0330000f, 0, 'fence rw,rw'],
  [0x0100000f, 0, 'fence w,unknown'],
  [0x8330000f, 0, 'fence.tso'],
  [0x8ff0000f, 0, '.4byte 0x8ff0000f'],
  [0x0000100f, 0, 'fence.i'],
  [0x00000053, 0, '.4byte 0x53'],
  [0x000510e7, 0, '.4byte 0x510e7'],
  [0x1605a52f, 0, 'lr.w.aqrl a0,(a1)'],
  [0x04b6252f, 0, 'amoadd.w.aq a0,a1,(a2)'],
  [0x02c58533, 0, 'mul a0,a1,a2'],
  [0x800005b7, 0, 'lui a1,0x80000'],
  [0xfffff517, 0, 'auipc a0,0xfffff'],
  [0x00008067, 0, 'ret'],
  [0x00450067, 0, 'jr 4(a0)'],
  [0x004505e7, 0, 'jalr a1,4(a0)'],
  [0x00158513, 0, 'add a0,a1,1'],
  [0x0ff5f513, 0, 'zext.b a0,a1'],
  [0xfff5c513, 0, 'not a0,a1'],
  [0x0015b513, 0, 'seqz a0,a1'],
  [0x00b03533, 0, 'snez a0,a1'],
  [0x0005a533, 0, 'sltz a0,a1'],
  [0x00b02533, 0, 'sgtz a0,a1'],
  [0x40b00533, 0, 'neg a0,a1'],
  [0x0205d513, 0, 'srl a0,a1,0x20'],
  [0x00a05463, 0x54, 'blez a0,5c'],
  [0x00a5c463, 0x74, 'blt a1,a0,7c'],
  [0x00051463, 0x50, 'bnez a0,58'],
  [0x8000006f, 0xc, 'j fff0000c'],
  [0x0000056f, 0x8, 'jal a0,8'],
  [0x00400503, 0, 'lb a0,4(zero) # 4'],
  [0xffc02503, 0, 'lw a0,-4(zero) # fffffffc'],
  [0x00a22223, 0, 'sw a0,4(tp) # 4'],
  [0x10200073, 0, 'sret'],
  [0x30200073, 0, 'mret'],
  [0x10500073, 0, 'wfi'],
  [0x12050073, 0, 'sfence.vma a0'],
  [0x12b00073, 0, 'sfence.vma zero,a1'],
];

describe('disassembler (no toolchain needed)', function () {
  it('prints what objdump printed for recorded encodings', function () {
    for (const [encoding, pc, expected] of OBJDUMP_LINES) {
      assert.equal(disassemble(encoding, pc).text, expected, `0x${encoding.toString(16)} at ${pc.toString(16)}`);
    }
  });

  it('splits the line into mnemonic, operands and target', function () {
    const line = disassemble(new Uint8Array([0xe3, 0xcb, 0xa5, 0xfa]), 0x8000004a); // blt a1,a0,-0x4a
    assert.deepEqual(
      { length: line.length, mnemonic: line.mnemonic, operands: line.operands, target: line.target },
      { length: 4, mnemonic: 'blt', operands: 'a1,a0,80000000', target: 0x80000000 },
    );
    assert.equal(disassemble(0x00000073, 0).operands, '');
  });

  it('annotates targets and comment addresses with symbols as objdump does', function () {
    const symbols = (address: number) => (address >= 0x80001000 ? { name: 'data', address: 0x80001066 } : { name: '_start', address: 0x80000000 });
    const options = { symbols };
    assert.equal(disassemble(0xb7f1, 0x80000034, options).text, 'j 80000000 <_start>');
    assert.equal(disassemble(0x00b51463, 0x80000036, options).text, 'bne a0,a1,8000003e <_start+0x3e>');
    const dis = new Disassembler(options);
    dis.disassemble(0x80001537, 0x80000000); // lui a0,0x80001
    assert.equal(dis.disassemble(0x06050513, 0x80000004).text, 'add a0,a0,96 # 80001060 <data-0x6>');
  });

  it('carries lui/auipc history like an objdump listing, once per pairing', function () {
    const dis = new Disassembler();
    assert.equal(dis.disassemble(0x00001597, 0x80000008).text, 'auipc a1,0x1');
    const load = dis.disassemble(0x05e5a603, 0x8000000c);
    assert.equal(load.text, 'lw a2,94(a1) # 80001066');
    assert.equal(load.commentAddress, 0x80001066);
    assert.equal(dis.disassemble(0x05e5a603, 0x80000010).text, 'lw a2,94(a1)', 'the pairing is used up');
    dis.disassemble(0x6741, 0x80000024); // c.lui a4,0x10
    assert.equal(dis.disassemble(0x1771, 0x80000026).text, 'add a4,a4,-4 # fffc');
    dis.disassemble(0x80001537, 0);
    dis.reset();
    assert.equal(dis.disassemble(0x06650513, 4).text, 'add a0,a0,102');
    assert.equal(disassemble(0x06650513, 4).text, 'add a0,a0,102', 'the one-shot form has no history');
  });

  it('resolves gp-relative accesses when the global pointer is known', function () {
    assert.equal(disassemble(0x0081a503, 0, { globalPointer: 0x80001866 }).text, 'lw a0,8(gp) # 8000186e');
    assert.equal(disassemble(0x0081a503, 0).text, 'lw a0,8(gp)');
  });

  it('names CSRs by the privileged spec the program was built for', function () {
    const pmpaddr63 = 0x3ef02573;
    assert.equal(disassemble(pmpaddr63, 0).text, 'csrr a0,pmpaddr63');
    assert.equal(disassemble(pmpaddr63, 0, { privSpec: '1.11' }).text, 'csrr a0,0x3ef');
    assert.equal(disassemble(0x18002573, 0, { privSpec: '1.9.1' }).text, 'csrr a0,sptbr');
    assert.equal(disassemble(0x00002573, 0, { privSpec: '1.11' }).text, 'csrr a0,ustatus');
    assert.equal(disassemble(0x00002573, 0).text, 'csrr a0,0x0');
  });

  it('decodes only the extensions the ISA string names, as objdump does', function () {
    const text = (encoding: number, arch: string) => disassemble(encoding, 0, { arch }).text;
    assert.equal(text(0x02b50533, 'rv32i2p1'), '.4byte 0x2b50533');
    assert.equal(text(0x02b50533, 'rv32i2p1_zmmul1p0'), 'mul a0,a0,a1');
    assert.equal(text(0x02b54533, 'rv32i2p1_zmmul1p0'), '.4byte 0x2b54533');
    assert.equal(text(0x02b54533, 'rv32gc'), 'div a0,a0,a1');
    assert.equal(text(0x30002573, 'rv32imac'), '.4byte 0x30002573');
    assert.equal(text(0xc0002573, 'rv32i'), 'rdcycle a0');
    assert.equal(text(0x0000100f, 'rv32imac_zicsr'), '.4byte 0x100f');
    assert.equal(text(0x4501, 'rv32im'), '.2byte 0x4501');
    assert.equal(text(0x1005a52f, 'rv32imc'), '.4byte 0x1005a52f');
    assert.equal(text(0x0100000f, 'rv32i2p1_zihintpause2p0'), 'pause');
  });

  it('reads the ISA and privileged spec from .riscv.attributes', function () {
    // As riscv64-unknown-elf-gcc 12 writes it for -march=rv32imac_zicsr_zifencei with CSR names in the source.
    const hex = '414a00000072697363760001400000000572763332693270315f6d3270305f613270315f633270305f7a696373723270305f7a6966656e6365693270305f7a6d6d756c3170300008010a0b';
    const bytes = new Uint8Array(hex.match(/../g)!.map((b) => parseInt(b, 16)));
    assert.deepEqual(readRiscvAttributes(bytes), { arch: 'rv32i2p1_m2p0_a2p1_c2p0_zicsr2p0_zifencei2p0_zmmul1p0', privSpec: '1.11' });
    assert.deepEqual(readRiscvAttributes(bytes.subarray(0, 40)), { privSpec: '1.12' }, 'truncated: not stated');
    assert.deepEqual(readRiscvAttributes(new Uint8Array([0x41, 0xff, 0xff])), { privSpec: '1.12' });
    assert.deepEqual(readRiscvAttributes(new Uint8Array()), { privSpec: '1.12' });
  });

  it('measures instructions by the RISC-V length encoding', function () {
    assert.equal(instructionLength(0x4501), 2);
    assert.equal(instructionLength(0x0513), 4);
    assert.equal(instructionLength(0x001f), 6);
    assert.equal(instructionLength(0x003f), 8);
    assert.equal(instructionLength(0x107f), 12);
    assert.equal(instructionLength(0xffff), 2);
    const six = disassemble(new Uint8Array([0x1f, 0, 0, 0, 0x3f, 0]), 0);
    assert.deepEqual([six.length, six.text], [6, '.byte 0x1f, 0x00, 0x00, 0x00, 0x3f, 0x00']);
    const eight = disassemble(new Uint8Array([0x3f, 0, 0, 0, 0x7f, 0x10, 0, 0]), 0);
    assert.deepEqual([eight.length, eight.text], [8, '.8byte 0x107f0000003f']);
  });

  it('shows input that ends inside an instruction as the bytes it has', function () {
    assert.deepEqual([disassemble(new Uint8Array([0x13, 0x05]), 0).length, disassemble(new Uint8Array([0x13, 0x05]), 0).text], [2, '.2byte 0x513']);
    assert.deepEqual([disassemble(new Uint8Array([0x13]), 0).length, disassemble(new Uint8Array([0x13]), 0).text], [1, '.byte 0x13']);
    assert.equal(disassemble(new Uint8Array(), 0).length, 0);
  });

  it('never throws, and always says something about non-empty input', function () {
    const next = prng(99);
    const dis = new Disassembler({ symbols: (a) => ({ name: 'x', address: a & ~0xfff }), globalPointer: 0x800 });
    for (let i = 0; i < 20000; i++) {
      const bytes = new Uint8Array(next() % 11);
      for (let k = 0; k < bytes.length; k++) bytes[k] = next() & 0xff;
      const pc = next();
      const line = i % 2 === 0 ? dis.disassemble(bytes, pc) : disassemble(next() * (i % 3 === 0 ? -1 : 1), pc);
      if (i % 2 === 0) assert.ok(line.length <= bytes.length && (bytes.length === 0 || line.length >= 1));
      if (line.length > 0) assert.ok(line.text.length > 0 && line.text.startsWith(line.mnemonic));
    }
    assert.doesNotThrow(() => disassemble(Number.NaN, Number.POSITIVE_INFINITY));
  });

  it('uses the ABI register names objdump prints', function () {
    assert.equal(ABI_REGISTER_NAMES.length, 32);
    assert.deepEqual([ABI_REGISTER_NAMES[0], ABI_REGISTER_NAMES[2], ABI_REGISTER_NAMES[8], ABI_REGISTER_NAMES[10], ABI_REGISTER_NAMES[27], ABI_REGISTER_NAMES[31]],
      ['zero', 'sp', 's0', 'a0', 's11', 't6']);
  });
});

describe('trace lines', function () {
  it('shows icount, pc, encoding, disassembly and the register written', function () {
    assert.equal(formatTraceLine({ icount: 12, pc: 0x80000004, raw: 0x06650513, length: 4, written: { reg: 10, value: 0x80001066 } }),
      '12 80000004: 06650513  add      a0,a0,102               a0=0x80001066');
    assert.equal(formatTraceLine({ icount: 13, pc: 0x80000008, raw: 0x4501, length: 2, written: { reg: 10, value: 0 } }),
      '13 80000008: 4501      li       a0,0                    a0=0x00000000');
    assert.equal(formatTraceLine({ icount: 15, pc: 0x8000000e, raw: 0x8082, length: 2 }), '15 8000000e: 8082      ret');
  });

  it('leaves out writes to x0 and can carry lui/auipc history and symbols', function () {
    assert.equal(formatTraceLine({ icount: 1, pc: 0x10, raw: 0x0000006f, length: 4, written: { reg: 0, value: 5 } }), '1 00000010: 0000006f  j        10');
    const dis = new Disassembler({ symbols: () => ({ name: 'data', address: 0x80001066 }) });
    formatTraceLine({ icount: 1, pc: 0x80000000, raw: 0x80001537, length: 4 }, dis);
    assert.equal(formatTraceLine({ icount: 2, pc: 0x80000004, raw: 0x06650513, length: 4 }, dis),
      '2 80000004: 06650513  add      a0,a0,102 # 80001066 <data>');
  });
});
