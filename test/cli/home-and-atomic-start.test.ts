// The home (docs/cli.md, docs/protocol.md) and all-or-nothing start: a new home is 0700, an existing directory
// keeps its mode while the sockets sit in a 0700 `sock` clmon creates; an unusable home is exit 2
// naming the path; a bad log path in any app starts nothing, and neither `run` nor `start` hangs.
import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/app-spec.js';
import { clmonSpawn, clmonSync } from '../helpers/cli.js';
import { killAll } from '../helpers/processes.js';
import { tmpHome } from '../helpers/tmp-home.js';
import { waitFor } from '../helpers/wait-for.js';

const cleanups: (() => void)[] = [];
// Last in, first out: a daemon is killed before its home is removed.
afterEach(() =>
  cleanups
    .splice(0)
    .reverse()
    .forEach((c) => c()),
);

function scratch(): string {
  const dir = tmpHome('clmon-home-');
  cleanups.push(dir.remove);
  return dir.dir;
}

const mode = (path: string): number => statSync(path).mode & 0o777;

describe('the home directory', () => {
  it('an existing 0755 directory keeps its mode; sock/ is 0700 and the socket 0600', async () => {
    const home = join(scratch(), 'shared');
    mkdirSync(home);
    chmodSync(home, 0o755);
    const run = clmonSpawn(['run', fixture('sup-idle.cjs'), '--no-tui', '--home', home]);
    cleanups.push(() => killAll([run.child.pid]));
    await waitFor(() => / online \(pid \d+\)/.test(run.output()), { what: 'online' });
    expect(mode(home)).toBe(0o755);
    expect(mode(join(home, 'sock'))).toBe(0o700);
    expect(mode(join(home, 'sock', `run-${run.child.pid}.sock`))).toBe(0o600);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(mode(home)).toBe(0o755);
  });

  it('a new home is created 0700', () => {
    const home = join(scratch(), 'new', 'home');
    const result = clmonSync(['start', fixture('sup-idle.cjs'), '--home', home]);
    cleanups.push(() => clmonSync(['kill', '--home', home]));
    expect(result.code).toBe(0);
    expect(mode(home)).toBe(0o700);
  });

  it.each([
    ['below a regular file', (dir: string) => join(dir, 'file', 'home'), /home .*file\/home: a part of this path is a file/],
    ['a regular file', (dir: string) => join(dir, 'file'), /home .*file is not a directory/],
    ['not writable (/proc)', () => '/proc', /home \/proc is not writable/],
  ])('a home %s: exit 2, the path named, no stack trace (run and start)', (_what, homeOf, message) => {
    const dir = scratch();
    writeFileSync(join(dir, 'file'), 'x');
    const home = homeOf(dir);
    for (const command of ['run', 'start']) {
      const result = clmonSync(
        [command, fixture('sup-idle.cjs'), '--no-tui', '--home', home].filter((a) => command === 'run' || a !== '--no-tui'),
        { timeoutMs: 20_000 },
      );
      expect(result.code, `${command}: ${result.stderr}`).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at |internal error/);
    }
  });
});

describe('all or nothing: a bad out_file in the second app', () => {
  function ecosystem(): string {
    const dir = scratch();
    const file = join(dir, 'two.config.cjs');
    writeFileSync(
      file,
      `module.exports = { apps: [
      { name: 'one', script: ${JSON.stringify(fixture('sup-idle.cjs'))} },
      { name: 'two', script: ${JSON.stringify(fixture('sup-idle.cjs'))}, out_file: '/proc/nonexistent/x.log' },
    ] };`,
    );
    return file;
  }
  const failure = /app "two": cannot open out_file "\/proc\/nonexistent\/x\.log"/;

  it('run --no-tui exits 2 at once, naming app, field and path, and starts no worker', () => {
    const home = scratch();
    const result = clmonSync(['run', ecosystem(), '--no-tui', '--home', home], { timeoutMs: 20_000 });
    expect(result.code, 'run must not hang').toBe(2);
    expect(result.stderr).toMatch(failure);
    expect(result.stdout).not.toMatch(/one#0 (launching|online)/);
  });

  it('start exits 2 and the daemon runs no app', () => {
    const home = scratch();
    cleanups.push(() => clmonSync(['kill', '--home', home]));
    const result = clmonSync(['start', ecosystem(), '--home', home], { timeoutMs: 20_000 });
    expect(result.code, 'start must not hang').toBe(2);
    expect(result.stderr).toMatch(failure);
    const ls = clmonSync(['ls', '--json', '--home', home]);
    expect(JSON.parse(ls.stdout).apps).toEqual([]);
  });
});
