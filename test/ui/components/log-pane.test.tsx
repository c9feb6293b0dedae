import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { LogPane } from '../../../src/ui/components/LogPane.js';
import { logLine } from '../helpers/snapshots.js';

afterEach(cleanup);

const lines = Array.from({ length: 30 }, (_, i) => logLine(i % 2 ? 'api' : 'web', 0, `message ${i}`, { stream: i === 29 ? 'err' : 'out' }));

describe('LogPane', () => {
  it('draws only the visible tail when following, stderr marked', () => {
    const { lastFrame } = render(<LogPane lines={lines} scroll={{ follow: true }} height={5} width={100} filter="" onlyLabel={null} />);
    const shown = lastFrame()!.split('\n');
    expect(shown).toHaveLength(5);
    expect(shown[0]).toMatch(/^── logs: all workers ─+$/);
    expect(shown.slice(1).map((l) => l.replace(/^\d\d:\d\d:\d\d /, ''))).toEqual([
      'web#0   message 26',
      'api#0   message 27',
      'web#0   message 28',
      'api#0 ! message 29',
    ]);
  });

  it('stays where the operator scrolled to and says how much is newer', () => {
    const { lastFrame } = render(<LogPane lines={lines} scroll={{ follow: false, endSeq: lines[9]!.seq }} height={4} width={100} filter="" onlyLabel={null} />);
    const shown = lastFrame()!.split('\n');
    expect(shown[0]).toContain('paused, 20 newer (End to follow)');
    expect(shown.slice(1).map((l) => l.slice(9))).toEqual(['api#0   message 7', 'web#0   message 8', 'api#0   message 9']);
  });

  it('tells the filter and when nothing matches', () => {
    const { lastFrame } = render(<LogPane lines={[]} scroll={{ follow: true }} height={4} width={100} filter="zzz" onlyLabel="web:0" />);
    expect(lastFrame()).toContain('logs: web:0 · filter "zzz"');
    expect(lastFrame()).toContain('no line matches');
  });

  it('draws hostile output harmlessly, cut to the width', () => {
    const evil = [logLine('web', 0, `\x1b[2J\x1b[H\x1b]0;title\x07clear me\r\x08${'x'.repeat(200)}`)];
    const { lastFrame } = render(<LogPane lines={evil} scroll={{ follow: true }} height={3} width={100} filter="" onlyLabel={null} />);
    const frame = lastFrame()!;
    expect(frame).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    const line = frame.split('\n')[1]!;
    expect(line).toContain('clear me');
    expect(line.length).toBeLessThanOrEqual(100);
  });
});
