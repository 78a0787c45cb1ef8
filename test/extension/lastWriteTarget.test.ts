// "Who wrote this?" (extension/lastWriteTarget.ts): what is asked of the
// adapter for a variable of the Variables view or an editor selection.
import * as assert from 'assert';
import { parseAddressId, planForSelection, planForVariable, planFromDataId, sizeOfCType } from '../../extension/lastWriteTarget';

describe('extension: Who Wrote This?', function () {
  it('asks by expression and frame for a variable that has an evaluateName', function () {
    const plan = planForVariable({ variable: { name: 'total', evaluateName: 'ledger.total', type: 'int', variablesReference: 0 } }, 7);
    assert.deepStrictEqual(plan, { kind: 'request', args: { expression: 'ledger.total', frameId: 7 }, what: 'ledger.total' });
  });

  it('asks by address and size for raw memory', function () {
    const plan = planForVariable({ variable: { name: '[3]', memoryReference: '0x8000100c', type: 'unsigned short' } }, undefined);
    assert.deepStrictEqual(plan, { kind: 'request', args: { address: 0x8000100c, size: 2 }, what: '[3]' });
    const sized = planForVariable({ variable: { name: 'x', memoryReference: '0x80001000/8', type: 'int' } }, undefined);
    assert.deepStrictEqual(sized.kind === 'request' && sized.args, { address: 0x80001000, size: 8 }, 'the size in the reference wins');
  });

  it('falls back to dataBreakpointInfo, then reads its dataId', function () {
    const plan = planForVariable({ container: { variablesReference: 12 }, variable: { name: 'history_next', type: 'unsigned int' } }, undefined);
    assert.deepStrictEqual(plan, { kind: 'dataBreakpointInfo', variablesReference: 12, name: 'history_next', sizeHint: 4, what: 'history_next' });
    assert.deepStrictEqual(planFromDataId('0x80002010', 4, 'history_next'), {
      kind: 'request', args: { address: 0x80002010, size: 4 }, what: 'history_next',
    });
    assert.deepStrictEqual(planFromDataId('0x80002010:1', undefined, 'c'), { kind: 'request', args: { address: 0x80002010, size: 1 }, what: 'c' });
    const register = planFromDataId(null, 4, 'a0');
    assert.ok(register.kind === 'error' && /not in memory/.test(register.message));
  });

  it('explains when nothing can be asked', function () {
    assert.strictEqual(planForVariable({}, 1).kind, 'error');
    const noAddress = planForVariable({ variable: { name: 'r' } }, undefined);
    assert.ok(noAddress.kind === 'error' && /cannot tell where "r" lives/.test(noAddress.message));
  });

  it('reads editor selections as addresses or expressions', function () {
    assert.deepStrictEqual(planForSelection(' 0x80001000 ', undefined), { kind: 'request', args: { address: 0x80001000, size: 4 }, what: '0x80001000' });
    assert.deepStrictEqual(planForSelection('ledger.history[3]', 2), { kind: 'request', args: { expression: 'ledger.history[3]', frameId: 2 }, what: 'ledger.history[3]' });
    assert.strictEqual(planForSelection('total', undefined).kind, 'error', 'an expression needs a frame');
    assert.strictEqual(planForSelection('', 2).kind, 'error');
    assert.strictEqual(planForSelection('a\nb', 2).kind, 'error');
    assert.strictEqual(planForSelection('0x100000000', 2).kind, 'error', 'beyond 32 bits');
  });

  it('knows the sizes of C scalar types on RV32', function () {
    const sizes: [string, number | undefined][] = [
      ['char', 1], ['unsigned char', 1], ['const int8_t', 1], ['short', 2], ['unsigned short int', 2],
      ['int', 4], ['unsigned', 4], ['long', 4], ['unsigned int', 4], ['volatile uint32_t', 4], ['char *', 4], ['struct node *', 4],
      ['long long', 8], ['double', 8], ['uint64_t', 8], ['struct ledger', undefined], ['char [16]', undefined], [undefined as unknown as string, undefined],
    ];
    for (const [type, size] of sizes) assert.strictEqual(sizeOfCType(type), size, String(type));
  });

  it('parses address ids and refuses anything else', function () {
    assert.deepStrictEqual(parseAddressId('0x10'), { address: 16, size: undefined });
    assert.deepStrictEqual(parseAddressId('4096,2'), { address: 4096, size: 2 });
    for (const bad of ['', 'ledger.total', '0x', '0x1/0', '0x1:99999', '0x1ffffffff']) assert.strictEqual(parseAddressId(bad), undefined, bad);
  });
});
