// Text in terminal cells: fit to a column, wrap to a width.
import { describe, expect, it } from 'vitest';
import { fit, wrapText } from '../../src/ui/text-layout.js';

describe('text layout', () => {
  it('fit pads and cuts to the exact width', () => {
    expect(fit('ab', 4)).toBe('ab  ');
    expect(fit('ab', 4, 'right')).toBe('  ab');
    expect(fit('abcdef', 4)).toBe('abc…');
    expect(fit('abc', 0)).toBe('');
  });

  it('wrapText breaks at spaces and cuts long words', () => {
    expect(wrapText('one two three', 7)).toEqual(['one two', 'three']);
    expect(wrapText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapText('short', 10)).toEqual(['short']);
  });
});
