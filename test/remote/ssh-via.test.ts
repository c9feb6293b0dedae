// Many hosts through a real ssh (docs/cli.md#many-hosts): a real OpenSSH server on 127.0.0.1, the real ssh
// client as the --via transport, two homes as two hosts: `ls --json` over both, and a host
// that ssh cannot reach, named with ssh's own words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, Harness, type LsJson } from '../daemon/daemon-harness.js';
import { clmonOnPath } from './remote-harness.js';
import { startSshd, type Sshd } from './sshd.js';

const a = new Harness();
const b = new Harness();
const local = new Harness();
const path = clmonOnPath();
let sshd: Sshd;

beforeAll(async () => {
  sshd = await startSshd();
  expect((await a.clmon(['start', fixture('sup-idle.cjs'), '-i', '2', '--name', 'web'])).code).toBe(0);
  expect((await b.clmon(['start', fixture('sup-idle.cjs'), '--name', 'api'])).code).toBe(0);
});
afterAll(async () => {
  await Promise.all([a.cleanup(), b.cleanup(), local.cleanup()]);
  await sshd?.stop();
  path.remove();
});

describe('--via ssh to a real sshd', () => {
  it('ls --json lists both hosts through ssh, apps with their host labels', async () => {
    const result = await local.clmon(['ls', '--json', '--via', sshd.prefixFor(a.home, path.dir), '--via', sshd.prefixFor(b.home, path.dir)]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const { apps } = JSON.parse(result.stdout) as { apps: (LsJson['apps'][number] & { host: string })[] };
    expect(apps.map((app) => [app.name, app.workers.length, app.host.startsWith('ssh ')])).toEqual([
      ['web', 2, true],
      ['api', 1, true],
    ]);
    // the pids are the daemons' workers on "the other hosts"
    expect(apps[0]!.workers.map((w) => w.pid)).toEqual((await a.ls()).apps[0]!.workers.map((w) => w.pid));
  });

  it("a wrong port fails that host with ssh's own words; the other answers", async () => {
    const bad = sshd.prefixFor(a.home, path.dir).replace(`-p ${sshd.port}`, '-p 1');
    const result = await local.clmon(['ls', '--json', '--via', bad, '--via', sshd.prefixFor(b.home, path.dir)]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).apps.map((app: { name: string }) => app.name)).toEqual(['api']);
    expect(result.stderr).toMatch(/exited with code 255: ssh: connect to host 127\.0\.0\.1 port 1: Connection refused/);
  });
});
