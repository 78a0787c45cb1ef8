// The UART terminal's text rules (extension/uartText.ts): guest line ends
// shown correctly whatever the chunking, one notice per burst of typing.
import * as assert from 'assert';
import { NoticeGate, noticeLine, UartToTerminal } from '../../extension/uartText';

describe('extension: UART terminal text', function () {
  it('turns bare LF into CRLF and leaves CRLF alone, across chunks', function () {
    const t = new UartToTerminal();
    assert.strictEqual(t.translate('ledger\n> '), 'ledger\r\n> ');
    assert.strictEqual(t.translate('a\r'), 'a\r');
    assert.strictEqual(t.translate('\nb\n\n'), '\nb\r\n\r\n');
    assert.strictEqual(t.translate('\b \b'), '\b \b', 'the guest\'s own backspace echo passes through');
  });

  it('knows whether the cursor is at the start of a line', function () {
    const t = new UartToTerminal();
    assert.ok(t.atLineStart, 'a new terminal');
    t.translate('> ');
    assert.ok(!t.atLineStart);
    t.translate('1\n');
    assert.ok(t.atLineStart);
    t.translate('x');
    t.wroteLine();
    assert.ok(t.atLineStart);
  });

  it('shows a refusal once per burst of typing', function () {
    const gate = new NoticeGate();
    assert.strictEqual(gate.refuse('replay'), 'replay');
    assert.strictEqual(gate.refuse('replay'), undefined);
    assert.strictEqual(gate.refuse('ended'), 'ended', 'a new reason is shown');
    gate.outputArrived();
    assert.strictEqual(gate.refuse('ended'), 'ended', 'shown again once the guest wrote more');
  });

  it('puts a notice on a line of its own', function () {
    assert.strictEqual(noticeLine('x', true), '\x1b[2m[x]\x1b[0m\r\n');
    assert.strictEqual(noticeLine('x', false), '\r\n\x1b[2m[x]\x1b[0m\r\n');
  });
});
