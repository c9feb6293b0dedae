// Targets (docs/json.md): a malformed one is named for what is wrong with it (an id that is not a
// number, no app before ":", an empty target), not reported as an unknown app.
import { describe, expect, it } from 'vitest';
import { parseTarget } from '../../src/model/targets.js';

const known = ['w', 'web'];
const message = (target: string): string => {
  try {
    parseTarget(target, known);
  } catch (err) {
    return (err as Error).message;
  }
  return 'no error';
};

describe('parseTarget', () => {
  it('parses all, an app and one worker', () => {
    expect(parseTarget('all', known)).toEqual({ kind: 'all' });
    expect(parseTarget('web', known)).toEqual({ kind: 'app', app: 'web' });
    expect(parseTarget('w:3', known)).toEqual({ kind: 'worker', app: 'w', id: 3 });
  });

  it('an unknown app lists the known ones', () => {
    expect(message('nope')).toBe('unknown app "nope" (known apps: w, web); a target is an app name, <app>:<id> or all');
    expect(message('nope:0')).toMatch(/^unknown app "nope" /);
  });

  it('a worker id that is not a number is named, with the accepted form', () => {
    expect(message('w:abc')).toBe('target "w:abc": the worker id "abc" is not a number; a worker is <app>:<id>, e.g. w:0');
    expect(message('w:')).toBe('target "w:": the worker id "" is not a number; a worker is <app>:<id>, e.g. w:0');
    expect(message('x:-1')).toBe('target "x:-1": the worker id "-1" is not a number; a worker is <app>:<id>, e.g. web:0');
  });

  it('an empty app name, an empty target and two ":" are named', () => {
    expect(message(':0')).toBe('target ":0" has no app name before ":"; a target is an app name, <app>:<id> with a number id (e.g. web:0) or all');
    expect(message('')).toBe('the target is empty; a target is an app name, <app>:<id> with a number id (e.g. web:0) or all');
    expect(message('w:0:1')).toMatch(/^target "w:0:1" has more than one ":"; /);
  });

  it('a --via host label with ":" is not mistaken for a second ":"', () => {
    expect(parseTarget('h:22/web:1', ['h:22/web'])).toEqual({ kind: 'worker', app: 'h:22/web', id: 1 });
    expect(message('h:22/web:x')).toMatch(/^target "h:22\/web:x": the worker id "x" is not a number/);
  });
});
