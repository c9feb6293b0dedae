import { describe, expect, it } from 'vitest';
import { formatLogDate, linePrefixer } from '../../src/logs/date-format.js';

// Local time, as PM2 formats it: built from local fields so the test holds in any time zone.
const at = new Date(2026, 10, 23, 7, 5, 9, 42).getTime();

describe('formatLogDate', () => {
  it('formats PM2 log_date_format tokens', () => {
    expect(formatLogDate(at, 'YYYY-MM-DD HH:mm:ss')).toBe('2026-11-23 07:05:09');
    expect(formatLogDate(at, 'YYYY-MM-DD HH:mm:ss.SSS')).toBe('2026-11-23 07:05:09.042');
    expect(formatLogDate(at, 'DD/MM/YY h:mm A')).toBe('23/11/26 7:05 AM');
    expect(formatLogDate(at, '[day] Do')).toBe('day 23rd');
  });
});

describe('linePrefixer', () => {
  it('is null when neither log_date_format nor time is set', () => {
    expect(linePrefixer({ time: false })).toBeNull();
  });

  it('uses log_date_format with a ": " separator', () => {
    const prefix = linePrefixer({ logDateFormat: 'HH:mm:ss', time: false })!;
    expect(prefix(at)).toBe('07:05:09: ');
    expect(prefix(at + 1000)).toBe('07:05:10: ');
  });

  it('uses ISO time for time: true, and prefers log_date_format when both are set', () => {
    expect(linePrefixer({ time: true })!(at)).toBe(`${new Date(at).toISOString()}: `);
    expect(linePrefixer({ logDateFormat: 'YYYY', time: true })!(at)).toBe('2026: ');
  });
});
