import { describe, expect, it } from 'vitest';
import { resolveScale } from '../../src/supervisor/scale-count.js';
import { UserError } from '../../src/errors.js';

describe('resolveScale', () => {
  it('takes n, +n and -n', () => {
    expect(resolveScale('web', 2, '4')).toBe(4);
    expect(resolveScale('web', 2, '+2')).toBe(4);
    expect(resolveScale('web', 3, '-1')).toBe(2);
  });

  it('rejects what is not a count, naming the value and the accepted forms', () => {
    expect(() => resolveScale('web', 2, 'lots')).toThrow(UserError);
    expect(() => resolveScale('web', 2, 'lots')).toThrow(/"lots" is not a count; use a number \(4\), \+n \(\+2\) or -n \(-1\)/);
  });

  it('refuses to scale below one worker', () => {
    expect(() => resolveScale('web', 2, '-2')).toThrow(/would leave 0 workers.*clmon stop web/);
  });
});
