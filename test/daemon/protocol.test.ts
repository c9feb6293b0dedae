// The protocol's pure parts: bounded line splitting and errors across the wire.
import { describe, expect, it } from 'vitest';
import { LineReader } from '../../src/daemon/protocol/line-reader.js';
import { encodeLine } from '../../src/daemon/protocol/messages.js';
import { fromWireError, ProtocolError, toWireError } from '../../src/daemon/protocol/wire-errors.js';
import { RuntimeError, UserError } from '../../src/errors.js';

describe('LineReader', () => {
  it('splits lines across chunks and keeps multi-byte characters whole', () => {
    const reader = new LineReader(100);
    const bytes = Buffer.from('{"a":"é"}\n{"b":"日本"}\n{"c"');
    const out: string[] = [];
    for (let i = 0; i < bytes.length; i++) out.push(...reader.push(bytes.subarray(i, i + 1)).lines);
    expect(out).toEqual(['{"a":"é"}', '{"b":"日本"}']);
    expect(reader.push(Buffer.from(':1}\n')).lines).toEqual(['{"c":1}']);
  });

  it('reports overflow once a line passes the cap, in one chunk or many, and stops reading', () => {
    const one = new LineReader(10);
    expect(one.push(Buffer.from('short\n0123456789X\nnext\n'))).toEqual({ lines: ['short'], overflow: true });
    expect(one.push(Buffer.from('more\n'))).toEqual({ lines: [], overflow: true });
    const many = new LineReader(10);
    expect(many.push(Buffer.from('01234')).overflow).toBe(false);
    expect(many.push(Buffer.from('56789')).overflow).toBe(false);
    expect(many.push(Buffer.from('X')).overflow).toBe(true);
  });

  it('accepts a line of exactly the cap', () => {
    expect(new LineReader(4).push(Buffer.from('abcd\n'))).toEqual({ lines: ['abcd'], overflow: false });
  });
});

describe('wire errors', () => {
  it('keeps exit codes: usage 2, runtime 1, protocol and internal 1', () => {
    const usage = fromWireError(toWireError(new UserError('unknown app "x"')));
    expect(usage).toBeInstanceOf(UserError);
    expect([usage.exitCode, usage.message]).toEqual([2, 'unknown app "x"']);
    const runtime = fromWireError(toWireError(new RuntimeError('reload aborted')));
    expect([runtime.exitCode, runtime.message]).toEqual([1, 'reload aborted']);
    expect(toWireError(new ProtocolError('bad'))).toEqual({ code: 'protocol', message: 'bad' });
    expect(toWireError(new TypeError('x is undefined'))).toEqual({ code: 'runtime', message: 'internal error: x is undefined' });
    expect(fromWireError({ code: 'protocol', message: 'bad' }).exitCode).toBe(1);
    expect(fromWireError(undefined).message).toMatch(/without a message/);
  });

  it('encodes one message per line', () => {
    expect(encodeLine({ id: 1, result: 'a\nb' })).toBe('{"id":1,"result":"a\\nb"}\n');
  });
});
