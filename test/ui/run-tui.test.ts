import { render, Text } from 'ink';
import { createElement } from 'react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runTui } from '../../src/ui/run-tui.js';
import { FakeSource } from './helpers/fake-source.js';
import { FakeStdin, FakeStdout } from './helpers/fake-tty.js';
import { twoApps } from './helpers/snapshots.js';
import { eventually } from '../helpers/wait-for.js';

const ALT_ON = '\x1b[?1049h';
const ALT_OFF = '\x1b[?1049l';
const SHOW_CURSOR = '\x1b[?25h';

function start(mode: 'run' | 'attach', onQuit?: () => Promise<void>) {
  const source = new FakeSource(twoApps());
  const stdout = new FakeStdout();
  const stdin = new FakeStdin();
  const done = runTui(source, {
    mode,
    onQuit,
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
  });
  return { source, stdout, stdin, done };
}

const signalCounts = (): number[] => ['SIGINT', 'SIGTERM', 'SIGHUP', 'exit'].map((s) => process.listenerCount(s));
let before: number[] = [];
beforeAll(() => {
  // Ink's and cli-cursor's signal-exit hooks stay installed once loaded: load them first
  const warm = render(createElement(Text, null, 'warm up'), {
    stdout: new FakeStdout() as unknown as NodeJS.WriteStream,
    stdin: new FakeStdin() as unknown as NodeJS.ReadStream,
    patchConsole: false,
  });
  warm.unmount();
});
afterEach(() => {
  expect(signalCounts()).toEqual(before); // every handler runTui installed is gone
});

describe('runTui', () => {
  it('uses the alternate screen and detaches at once on q when attached', async () => {
    before = signalCounts();
    const { source, stdout, stdin, done } = start('attach');
    await eventually(() => expect(stdout.output).toContain('▶ #0'));
    expect(stdout.writes[0]).toContain(ALT_ON);
    stdin.press('q');
    await done;
    expect(source.closed).toBe(true);
    expect(stdout.output.lastIndexOf(ALT_OFF)).toBeGreaterThan(stdout.output.lastIndexOf('▶ #0'));
    expect(stdout.output.slice(stdout.output.lastIndexOf(ALT_OFF) - SHOW_CURSOR.length)).toContain(SHOW_CURSOR);
  });

  it('asks, shows "stopping…" while onQuit runs, and resolves after it', async () => {
    before = signalCounts();
    let finish = (): void => {};
    let called = 0;
    const { stdout, stdin, done } = start('run', () => {
      called++;
      return new Promise<void>((resolve) => (finish = resolve));
    });
    await eventually(() => expect(stdout.output).toContain('▶ #0'));
    stdin.press('q');
    await eventually(() => expect(stdout.output).toContain('Stop 3 workers and quit? y/n'));
    stdin.press('y');
    await eventually(() => expect(stdout.output).toContain('stopping…'));
    let resolved = false;
    void done.then(() => (resolved = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(resolved).toBe(false);
    expect(stdout.output).not.toContain(ALT_OFF);
    finish();
    await done;
    expect(called).toBe(1);
    expect(stdout.output).toContain(ALT_OFF);
  });

  it('stops gracefully on SIGTERM, once, and restores the screen even when onQuit fails', async () => {
    before = signalCounts();
    let called = 0;
    const { stdout, done } = start('run', async () => {
      called++;
      throw new Error('stop failed');
    });
    await eventually(() => expect(stdout.output).toContain('▶ #0'));
    const [handler] = process.listeners('SIGTERM').slice(-1);
    (handler as () => void)();
    (handler as () => void)();
    await expect(done).rejects.toThrow('stop failed');
    expect(called).toBe(1);
    expect(stdout.output).toContain(ALT_OFF);
  });

  it('redraws on resize within rows - 1 lines', async () => {
    before = signalCounts();
    const { stdout, stdin, done } = start('attach');
    await eventually(() => expect(stdout.output).toContain('▶ #0'));
    const from = stdout.writes.length;
    stdout.resize(80, 12);
    await eventually(() => {
      const frame = stdout.writes.slice(from).findLast((w) => w.includes('clmon'))!;
      expect(frame).toContain('clmon');
      const lines = frame
        .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
        .split('\n')
        .filter((l) => l !== '');
      expect(lines.length).toBeLessThanOrEqual(11);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    });
    stdin.press('q');
    await done;
  });

  it('ends without onQuit when the caller aborts', async () => {
    before = signalCounts();
    const controller = new AbortController();
    const source = new FakeSource(twoApps());
    const stdout = new FakeStdout();
    let called = 0;
    const done = runTui(source, {
      mode: 'run',
      onQuit: async () => void called++,
      signal: controller.signal,
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: new FakeStdin() as unknown as NodeJS.ReadStream,
    });
    await eventually(() => expect(stdout.output).toContain('▶ #0'));
    controller.abort();
    await done;
    expect(called).toBe(0);
    expect(stdout.output).toContain(ALT_OFF);
  });
});
