// The error classes: UserError (exit 2) and RuntimeError (exit 1) are siblings under ClmonError,
// each with a code and an optional cause; messageOf/stackOf read anything that was thrown.
import { describe, expect, it } from 'vitest';
import { ClmonError, messageOf, RuntimeError, stackOf, UserError } from '../src/errors.js';
import { parseTarget } from '../src/model/targets.js';

describe('errors', () => {
  it('are siblings: a RuntimeError is no UserError, both are ClmonErrors', () => {
    const user = new UserError('bad input');
    const runtime = new RuntimeError('no daemon');
    expect(runtime).not.toBeInstanceOf(UserError);
    expect(user).not.toBeInstanceOf(RuntimeError);
    expect([user, runtime].every((e) => e instanceof ClmonError && e instanceof Error)).toBe(true);
    expect([user.exitCode, user.code, user.name]).toEqual([2, 'usage', 'UserError']);
    expect([runtime.exitCode, runtime.code, runtime.name]).toEqual([1, 'runtime', 'RuntimeError']);
  });

  it('carry a specific code and the cause when given', () => {
    const cause = new Error('ECONNRESET');
    const err = new RuntimeError('PM2 could not restart web:0', { code: 'pm2-call', cause });
    expect(err.code).toBe('pm2-call');
    expect(err.cause).toBe(cause);
    expect(new UserError('x')).not.toHaveProperty('cause');
    expect(() => parseTarget('nope', ['web'])).toThrow(expect.objectContaining({ code: 'unknown-app', exitCode: 2 }));
  });

  it('messageOf and stackOf read anything thrown', () => {
    expect(messageOf(new TypeError('x is undefined'))).toBe('x is undefined');
    expect(messageOf('plain')).toBe('plain');
    expect(messageOf(42)).toBe('42');
    expect(stackOf(new Error('boom'))).toMatch(/^Error: boom\n\s+at /);
    expect(stackOf(undefined)).toBe('undefined');
  });
});
