// The device tree Rewind hands the guest: a valid v17 blob describing the
// board, matching QEMU 7.2's own virt tree node for node where the devices
// are the same (QEMU's tree is dumped with -M virt,dumpdtb=...).
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DEFAULT_ISA, DEFAULT_MMU_TYPE, boardDeviceTree, buildFdt } from '../../emulator/loader/deviceTree';
import { QEMU, requirePeers } from '../support/peers';
import { cells, readFdt, strings } from './fdtReader';

const ours = (ramSize = 128 << 20) => readFdt(buildFdt(boardDeviceTree({ ramBase: 0x80000000, ramSize, isa: DEFAULT_ISA, mmuType: DEFAULT_MMU_TYPE })));

describe('device tree', () => {
  it('is a version 17 blob with an empty reservation map and consistent block sizes', () => {
    const blob = buildFdt(boardDeviceTree({ ramBase: 0x80000000, ramSize: 128 << 20, isa: DEFAULT_ISA }));
    const { header } = readFdt(blob);
    assert.equal(header.totalsize, blob.length);
    assert.equal(header.version, 17);
    assert.equal(header.lastCompVersion, 16);
    assert.equal(header.offMemRsvmap % 8, 0);
    assert.deepEqual(Array.from(blob.subarray(header.offMemRsvmap, header.offMemRsvmap + 16)), new Array(16).fill(0));
    assert.equal(header.offDtStruct + header.sizeDtStruct, header.offDtStrings);
    assert.equal(header.offDtStrings + header.sizeDtStrings, blob.length);
  });

  it('describes memory, the hart and each device with QEMU virt compatible strings', () => {
    const { nodes } = ours(64 << 20);
    const compatible = (path: string) => strings(nodes.get(path)?.props.get('compatible') ?? new Uint8Array());
    assert.deepEqual(compatible('/'), ['riscv-virtio']);
    assert.deepEqual(cells(nodes.get('/memory@80000000')!.props.get('reg')!), [0, 0x80000000, 0, 64 << 20]);
    assert.deepEqual(strings(nodes.get('/cpus/cpu@0')!.props.get('riscv,isa')!), ['rv32imac_zicsr_zifencei']);
    assert.deepEqual(cells(nodes.get('/cpus')!.props.get('timebase-frequency')!), [10_000_000]);
    assert.deepEqual(compatible('/soc/serial@10000000'), ['ns16550a']);
    assert.deepEqual(compatible('/soc/clint@2000000'), ['sifive,clint0', 'riscv,clint0']);
    assert.deepEqual(compatible('/soc/plic@c000000'), ['sifive,plic-1.0.0', 'riscv,plic0']);
    assert.deepEqual(compatible('/soc/test@100000'), ['sifive,test1', 'sifive,test0', 'syscon']);
    assert.deepEqual(compatible('/soc/rtc@101000'), ['google,goldfish-rtc']);
    assert.deepEqual(strings(nodes.get('/chosen')!.props.get('stdout-path')!), ['/soc/serial@10000000']);
    assert.deepEqual(cells(nodes.get('/soc/serial@10000000')!.props.get('interrupts')!), [10]);
    assert.deepEqual(cells(nodes.get('/soc/rtc@101000')!.props.get('interrupts')!), [11]);
    assert.equal(nodes.get('/soc/plic@c000000')!.props.get('interrupt-controller')!.length, 0);
  });

  it('matches the tree QEMU 7.2 builds for the same devices', function () {
    requirePeers(this, QEMU);
    const dir = mkdtempSync(join(tmpdir(), 'rewind-dtb-'));
    try {
      const file = join(dir, 'virt.dtb');
      const run = spawnSync(QEMU, ['-M', `virt,dumpdtb=${file}`, '-bios', 'none', '-nographic', '-m', '128'], { encoding: 'utf8', timeout: 20_000 });
      assert.equal(run.status, 0, run.stderr);
      const qemu = readFdt(new Uint8Array(readFileSync(file)));
      const mine = ours();
      // Known, deliberate differences: the ISA of our hart, and the PLIC
      // source count (QEMU 7.2 writes one too many).
      const different = new Set(['/cpus/cpu@0:riscv,isa', '/soc/plic@c000000:riscv,ndev']);
      let compared = 0;
      for (const [path, node] of mine.nodes) {
        const theirs = qemu.nodes.get(path);
        assert.ok(theirs, `QEMU has no node ${path}`);
        for (const [name, value] of node.props) {
          if (different.has(`${path}:${name}`)) continue;
          const other = theirs.props.get(name);
          assert.ok(other, `QEMU's ${path} has no property ${name}`);
          assert.deepEqual(Array.from(value), Array.from(other), `${path}:${name}`);
          compared++;
        }
      }
      assert.ok(compared > 50, `compared ${compared} properties`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
