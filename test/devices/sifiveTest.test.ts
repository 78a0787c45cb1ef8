// SiFive test finisher: pass, fail with a code, reset; as QEMU decodes them.
import { strict as assert } from 'assert';
import { SifiveTest } from '../../emulator/devices/sifiveTest';

describe('SiFive test finisher', () => {
  const make = () => {
    let calls = 0;
    const test = new SifiveTest(() => calls++);
    return { test, calls: () => calls };
  };

  it('latches pass for 0x5555 and tells the machine', () => {
    const { test, calls } = make();
    test.write(0, 4, 0x5555);
    assert.deepEqual(test.request, { kind: 'exit', code: 0, pass: true });
    assert.equal(calls(), 1);
  });

  it('latches fail with the code from bits 31..16', () => {
    const { test } = make();
    test.write(0, 4, (42 << 16) | 0x3333);
    assert.deepEqual(test.request, { kind: 'exit', code: 42, pass: false });
  });

  it('takes a halfword write, as QEMU accepts 2-byte accesses', () => {
    const { test } = make();
    test.write(0, 2, 0x7777);
    assert.deepEqual(test.request, { kind: 'reset' });
    test.acknowledgeReset();
    assert.equal(test.request, null);
  });

  it('ignores other values and other offsets, and reads as 0', () => {
    const { test, calls } = make();
    test.write(0, 4, 0x1234);
    test.write(4, 4, 0x5555);
    assert.equal(test.request, null);
    assert.equal(calls(), 0);
    assert.equal(test.read(), 0);
  });

  it('saves and loads a pending request', () => {
    const { test } = make();
    test.write(0, 4, (3 << 16) | 0x3333);
    const other = new SifiveTest(() => {});
    other.loadState(JSON.parse(JSON.stringify(test.saveState())));
    assert.deepEqual(other.request, { kind: 'exit', code: 3, pass: false });
  });
});
