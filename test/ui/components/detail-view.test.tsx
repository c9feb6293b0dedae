import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { DetailView } from '../../../src/ui/components/DetailView.js';
import { detailDocument } from '../../../src/ui/detail-model.js';
import { app, exit, worker } from '../helpers/snapshots.js';

afterEach(cleanup);

const exits = Array.from({ length: 12 }, (_, i) =>
  exit({ at: new Date(Date.UTC(2026, 0, 1, 12, 0, 30 - i)).toISOString(), code: 3, uptimeMs: 400, stderrTail: [`Error: attempt ${12 - i}`] }),
);
const crashy = worker(0, { status: 'errored', pid: null, restarts: 12, reason: 'exited 12 times in a row within min_uptime', exits });
const doc = detailDocument(app('crashy', [crashy]), crashy, 0, 100, {});

describe('DetailView', () => {
  it('answers why the worker keeps dying in the first lines, and says what is below', () => {
    const { lastFrame } = render(<DetailView doc={doc} height={12} width={100} scroll={0} />);
    const lines = lastFrame()!.split('\n');
    expect(lines).toHaveLength(12);
    expect(lines[0]).toMatch(/^crashy:0 {2}errored/);
    expect(lines[1]).toBe('Given up: exited 12 times in a row within min_uptime.');
    expect(lines[2]).toBe('Press r to restart it.');
    expect(lines[3]).toMatch(/^12 exits in 11s: 12× crash, exit 3 · runs lasted 400ms/);
    expect(lines[6]).toMatch(/^ {2}\d\d:\d\d:\d\d {2}exit 3\s+crash\s+ran 400ms$/);
    expect(lines[7]).toBe('    │ Error: attempt 12');
    expect(lines[11]).toMatch(new RegExp(`^── lines 1–11 of ${doc.lines.length} · PgDn more · c config & env ─+$`));
  });

  it('scrolls, but never past the end', () => {
    const { lastFrame } = render(<DetailView doc={doc} height={10} width={100} scroll={1000} />);
    const lines = lastFrame()!.split('\n');
    expect(lines.at(-2)).toBe('  not available from this source');
    expect(lines.at(-1)).toMatch(/^── lines \d+–\d+ of \d+ · PgUp back · c back to top/);
  });

  it('needs no position line when everything fits', () => {
    const { lastFrame } = render(<DetailView doc={doc} height={doc.lines.length} width={100} scroll={3} />);
    expect(lastFrame()!.split('\n')[0]).toMatch(/^crashy:0/);
    expect(lastFrame()).not.toContain('── lines');
  });

  it('says when the worker is gone', () => {
    const { lastFrame } = render(<DetailView doc={null} height={10} width={100} scroll={0} />);
    expect(lastFrame()).toContain('This worker is gone');
  });
});
