// The AMP codec: frames and tagged values round-trip, whatever the chunking, and a corrupt
// stream is refused instead of buffered.
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeFrame, encodeMessage, FrameDecoder, packValue, unpackValue } from '../../../src/sources/pm2/amp-codec.js';

describe('amp codec', () => {
  it('lays a frame out as version/argc, then length-prefixed arguments (big endian)', () => {
    const frame = encodeFrame([Buffer.from('hi'), Buffer.alloc(0)]);
    expect([...frame]).toEqual([0x12, 0, 0, 0, 2, 0x68, 0x69, 0, 0, 0, 0]);
  });

  it('tags strings s:, JSON j:, and leaves Buffers raw', () => {
    expect(packValue('log:out').toString()).toBe('s:log:out');
    expect(packValue({ a: [1] }).toString()).toBe('j:{"a":[1]}');
    expect(packValue(undefined).toString()).toBe('j:null');
    const blob = Buffer.from([1, 2, 3]);
    expect(packValue(blob)).toBe(blob);
    expect(unpackValue(Buffer.from('s:héllo'))).toBe('héllo');
    expect(unpackValue(Buffer.from('j:{"x":1}'))).toEqual({ x: 1 });
    expect(unpackValue(blob)).toEqual(blob);
  });

  it('decodes messages fed one byte at a time, and several in one chunk', () => {
    const values = [{ type: 'call', method: 'getMonitorData', args: [{}] }, 'clmon-1:0'];
    const wire = Buffer.concat([encodeMessage(values), encodeMessage(['log:out', { data: 'x\n' }]), encodeMessage([])]);
    const bytewise = new FrameDecoder();
    const frames = [...wire].flatMap((byte) => bytewise.push(Buffer.from([byte])));
    const whole = new FrameDecoder().push(wire);
    for (const decoded of [frames, whole]) {
      expect(decoded.map(decodeMessage)).toEqual([values, ['log:out', { data: 'x\n' }], []]);
    }
    expect(bytewise.bufferedBytes).toBe(0);
  });

  it('keeps a partial frame until the rest arrives', () => {
    const wire = encodeMessage(['a'.repeat(1000)]);
    const decoder = new FrameDecoder();
    expect(decoder.push(wire.subarray(0, 600))).toEqual([]);
    expect(decoder.bufferedBytes).toBe(600);
    expect(decoder.push(wire.subarray(600)).map(decodeMessage)).toEqual([['a'.repeat(1000)]]);
  });

  it('refuses an unknown version and a frame over the size limit', () => {
    expect(() => new FrameDecoder().push(Buffer.from([0x21, 0, 0, 0, 0]))).toThrow(/version 2/);
    const big = Buffer.from([0x11, 0x7f, 0xff, 0xff, 0xff]);
    expect(() => new FrameDecoder(1024).push(big)).toThrow(/more than 1024 bytes/);
  });

  it('refuses more arguments than a nibble holds', () => {
    expect(() => encodeFrame(new Array(16).fill(Buffer.alloc(0)))).toThrow(/at most 15/);
  });
});
