import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { DetailView } from '../../../src/ui/components/DetailView.js';
import { app, exit, worker } from '../helpers/snapshots.js';

afterEach(cleanup);

const exits = Array.from({ length: 12 }, (_, i) =>
  exit({ at: new Date(Date.UTC(2026, 0, 1, 12, 0, 30 - i)).toISOString(), code: 3, uptimeMs: 400, stderrTail: [`Error: attempt ${12 - i}`] }),
);
const crashy = worker(0, { status: 'errored', pid: null, restarts: 12, reason: 'exited 12 times in a row within min_uptime', exits });

describe('DetailView', () => {
  it('answers why the worker keeps dying in the first lines', () => {
    const { lastFrame } = render(<DetailView app={app('crashy', [crashy])} worker={crashy} age={0} height={12} width={100} scroll={0} />);
    const lines = lastFrame()!.split('\n');
    expect(lines).toHaveLength(12);
    expect(lines[0]).toMatch(/^crashy:0 {2}errored/);
    expect(lines[1]).toBe('Given up: exited 12 times in a row within min_uptime.');
    expect(lines[2]).toBe('Press r to restart it.');
    expect(lines[3]).toMatch(/^12 exits in 11s: 12× crash, exit 3 · runs lasted 400ms/);
    expect(lines[6]).toMatch(/^ {2}\d\d:\d\d:\d\d {2}exit 3\s+crash\s+ran 400ms$/);
    expect(lines[7]).toBe('    │ Error: attempt 12');
  });

  it('scrolls, but never past the end', () => {
    const { lastFrame } = render(<DetailView app={app('crashy', [crashy])} worker={crashy} age={0} height={10} width={100} scroll={1000} />);
    expect(lastFrame()!.split('\n').at(-1)).toBe('    │ Error: attempt 1');
  });

  it('says when the worker is gone', () => {
    const { lastFrame } = render(<DetailView app={null} worker={null} age={0} height={10} width={100} scroll={0} />);
    expect(lastFrame()).toContain('This worker is gone');
  });
});
