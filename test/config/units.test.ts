import { describe, expect, test } from 'vitest';
import { UserError } from '../../src/errors.js';
import { parseDuration, parseSize } from '../../src/config/units.js';

const WHERE = 'ecosystem.config.js: app "web": field "min_uptime"';

describe('parseDuration', () => {
  test.each([
    [1500, 1500],
    [0, 0],
    ['1500', 1500],
    ['500ms', 500],
    ['10s', 10_000],
    ['1.5s', 1500],
    ['5m', 300_000],
    ['1h', 3_600_000],
    [' 2S ', 2000],
  ])('%j is %d ms', (input, ms) => {
    expect(parseDuration(input, WHERE)).toBe(ms);
  });

  test.each(['ten', '10x', '-5', '', 's', '10 minutes'])('%j is an error naming where, the value and the accepted forms', (input) => {
    expect(() => parseDuration(input, WHERE)).toThrow(UserError);
    expect(() => parseDuration(input, WHERE)).toThrow(`${WHERE}: ${JSON.stringify(input)} is not a duration; use ms (1500) or "10s", "5m"`);
  });

  test.each([-1, Number.NaN, Number.POSITIVE_INFINITY, true, null, {}, [10]])('%j is not a duration', (input) => {
    expect(() => parseDuration(input, WHERE)).toThrow(/is not a duration/);
  });
});

describe('parseSize (PM2 meaning: K = 1024)', () => {
  test.each([
    [1048576, 1048576],
    ['2048', 2048],
    ['300K', 300 * 1024],
    ['300k', 300 * 1024],
    ['500M', 500 * 1024 ** 2],
    ['500MB', 500 * 1024 ** 2],
    ['1G', 1024 ** 3],
    ['1.5G', 1.5 * 1024 ** 3],
    [0, 0],
  ])('%j is %d bytes', (input, bytes) => {
    expect(parseSize(input, 'where')).toBe(bytes);
  });

  test.each(['lots', '5T', '-1M', 'M', -5, false])('%j is an error naming the value and the accepted forms', (input) => {
    const where = 'option --max-memory-restart';
    expect(() => parseSize(input, where)).toThrow(UserError);
    expect(() => parseSize(input, where)).toThrow(`${where}: ${JSON.stringify(input)} is not a size; use bytes (1048576) or "300K", "500M", "1G"`);
  });
});
