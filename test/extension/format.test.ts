// The status bar line and the "Go to Instruction Count…" parser
// (extension/format.ts), as a user reads and types them.
import * as assert from 'assert';
import { formatIcount, parseIcountInput, statusBarText, statusBarTooltip } from '../../extension/format';

describe('extension: position text', function () {
  it('groups digits by thousands', function () {
    assert.strictEqual(formatIcount(0), '0');
    assert.strictEqual(formatIcount(999), '999');
    assert.strictEqual(formatIcount(1000), '1,000');
    assert.strictEqual(formatIcount(1234567), '1,234,567');
    assert.strictEqual(formatIcount(9876543210), '9,876,543,210');
    assert.strictEqual(formatIcount(-40), '-40');
  });

  it('shows REC or REPLAY and the cursor out of the length', function () {
    assert.strictEqual(statusBarText({ mode: 'record', icount: 1234567, length: 9876543, live: false }), 'REC  icount 1,234,567 / 9,876,543');
    assert.strictEqual(statusBarText({ mode: 'replay', icount: 0, length: 42, live: false }), 'REPLAY  icount 0 / 42');
  });

  it('says in the tooltip whether the cursor is live or in the past', function () {
    assert.match(statusBarTooltip({ mode: 'record', icount: 5, length: 5, live: true }), /live edge/);
    assert.match(statusBarTooltip({ mode: 'record', icount: 1, length: 5, live: false }), /in the past/);
    assert.match(statusBarTooltip({ mode: 'replay', icount: 1, length: 5, live: false }), /input comes from the recording/);
  });
});

describe('extension: Go to Instruction Count input', function () {
  const at = (text: string): ReturnType<typeof parseIcountInput> => parseIcountInput(text, 1000, 5000);

  it('accepts absolute counts with separators and in hex', function () {
    assert.deepStrictEqual(at('1234'), { icount: 1234 });
    assert.deepStrictEqual(at(' 4,321 '), { icount: 4321 });
    assert.deepStrictEqual(at('1_000'), { icount: 1000 });
    assert.deepStrictEqual(at('0x100'), { icount: 256 });
    assert.deepStrictEqual(at('0'), { icount: 0 });
    assert.deepStrictEqual(at('5000'), { icount: 5000 });
  });

  it('moves relative to the cursor with +N and -N', function () {
    assert.deepStrictEqual(at('+250'), { icount: 1250 });
    assert.deepStrictEqual(at('-1000'), { icount: 0 });
    assert.deepStrictEqual(at('END'), { icount: 5000 });
  });

  it('refuses text that is not a count, and counts outside the recording, saying why', function () {
    for (const bad of ['', 'abc', '12a', '1.5', '--3', '0x']) {
      const r = at(bad);
      assert.ok('error' in r, `${JSON.stringify(bad)} was accepted`);
    }
    const before = at('-1001');
    assert.ok('error' in before && /before the start/.test(before.error));
    const after = at('5001');
    assert.ok('error' in after && /ends at icount 5,000/.test(after.error));
    const huge = at('99999999999999999999');
    assert.ok('error' in huge && /too large/.test(huge.error));
  });
});
