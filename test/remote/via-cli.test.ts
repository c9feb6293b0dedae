// ls, describe and logs over several hosts (docs/cli.md#many-hosts), each host a real home with a real daemon
// reached through `env CLMON_HOME=… clmon serve --stdio`: apps carry "host", a host that cannot
// be reached is named with the reason while the others answer, a remote of another protocol
// version is named with both versions, and a bad hosts file is exit 2 naming the line.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, Harness, type LsJson } from '../daemon/daemon-harness.js';
import { clmonOnPath, homeVia } from './remote-harness.js';

const a = new Harness();
const b = new Harness();
const empty = new Harness();
const path = clmonOnPath();
const via = (...homes: string[]): string[] => homes.flatMap((home) => ['--via', homeVia(home)]);

beforeAll(async () => {
  expect((await a.clmon(['start', fixture('daemon-env.cjs'), '-i', '2', '--name', 'web'])).code).toBe(0);
  expect((await b.clmon(['start', fixture('daemon-env.cjs'), '--name', 'web'])).code).toBe(0);
  expect((await b.clmon(['start', fixture('sup-idle.cjs'), '--name', 'api'])).code).toBe(0);
});
afterAll(async () => {
  await Promise.all([a.cleanup(), b.cleanup(), empty.cleanup()]);
  path.remove();
});

describe('--via for ls, describe and logs', () => {
  it('ls --json lists every host, each app with its host', async () => {
    const result = await empty.clmon(['ls', '--json', ...via(a.home, b.home)], { env: path.env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const { apps } = JSON.parse(result.stdout) as { apps: (LsJson['apps'][number] & { host: string })[] };
    expect(apps.map((app) => [app.host, app.name, app.workers.length])).toEqual([
      [homeVia(a.home), 'web', 2],
      [homeVia(b.home), 'web', 1],
      [homeVia(b.home), 'api', 1],
    ]);
    const table = await empty.clmon(['ls', ...via(a.home)], { env: path.env });
    expect(table.stdout).toContain(`env CLMON_HOME=${a.home}`);
  });

  it('a host that cannot be reached is named with the reason; the others answer (exit 1)', async () => {
    const result = await empty.clmon(['ls', '--json', ...via(a.home, empty.home), '--via', 'clmon-no-such-command-xyz'], { env: path.env });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).apps.map((app: { name: string }) => app.name)).toEqual(['web']);
    expect(result.stderr).toContain(`host ${homeVia(empty.home)}: exited with code 1: clmon: no clmon daemon or run is running for home ${empty.home}`);
    expect(result.stderr).toContain('host clmon-no-such-command-xyz: cannot run "clmon-no-such-command-xyz": command not found');
  });

  it('a remote clmon of another protocol version gets an error naming both versions', async () => {
    const result = await empty.clmon(['ls', '--json', '--via', `node ${fixture('remote-v2.mjs')}`], { env: path.env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/the other end \(clmon 9\.0\.0\) speaks protocol version 2; this clmon \d+\.\d+\.\d+ speaks protocol version 1/);
  });

  it('describe shows the app on every host that runs it; logs merge the hosts', async () => {
    const result = await empty.clmon(['describe', 'web', '--json', ...via(a.home, b.home)], { env: path.env });
    expect(result.code).toBe(0);
    const { apps } = JSON.parse(result.stdout) as { apps: { host: string; workers: { exits: unknown[] }[] }[] };
    expect(apps.map((app) => [app.host, app.workers.length])).toEqual([
      [homeVia(a.home), 2],
      [homeVia(b.home), 1],
    ]);
    expect(Array.isArray(apps[0]!.workers[0]!.exits)).toBe(true);
    const logs = await empty.clmon(['logs', 'api', '--json', '--lines', '5', ...via(a.home, b.home)], { env: path.env });
    expect(logs.code).toBe(0);
    const unknown = await empty.clmon(['describe', 'nope', ...via(a.home, b.home)], { env: path.env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown app "nope" \(known apps: web, api\)/);
  });

  it('a malformed or unreadable hosts file is exit 2 naming the file and line', async () => {
    const file = join(empty.home, 'hosts.txt');
    writeFileSync(file, `# hosts\na = ${homeVia(a.home)}\nb ssh b.example.com\n`);
    const bad = await empty.clmon(['ls', '--hosts', file], { env: path.env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${file} line 3: "b ssh b.example.com" is not "label = prefix"`);
    const missing = await empty.clmon(['ls', '--hosts', join(empty.home, 'nope.txt')], { env: path.env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--hosts .*nope\.txt: cannot read it \(ENOENT\)/);
    writeFileSync(file, `a = ${homeVia(a.home)}\n\nb = ${homeVia(b.home)}\n`);
    const good = await empty.clmon(['ls', '--json', '--hosts', file], { env: path.env });
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout).apps.map((app: { host: string }) => app.host)).toEqual(['a', 'b', 'b']);
  });
});
