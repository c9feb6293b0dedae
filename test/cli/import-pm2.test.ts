// `clmon import pm2` end to end (docs/configuration.md): a real PM2 daemon (devDependency, temp PM2_HOME) runs a
// cluster app x2 with env and a fork app; the file imported from the live daemon, started with
// `clmon start`, and the one imported from its `pm2 save` dump with --start, run the same apps,
// modes, instance counts, args, cwd and env as PM2 does. Bad input exits 2 naming it; no daemon
// exits 1 and starts none.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, Harness } from '../daemon/daemon-harness.js';
import { killAll } from '../helpers/processes.js';
import { waitFor } from '../helpers/wait-for.js';
import { daemonPid, HAS_PM2, isDead, jlist, pm2 } from '../sources/pm2/pm2-helpers.js';

const SLOW = { timeoutMs: 90_000, intervalMs: 250 };

interface Report {
  pid: number;
  cluster: boolean;
  args: string[];
  cwd: string;
  env: Record<string, string>;
}

const root = mkdtempSync(join(tmpdir(), 'clmon-import-'));
const project = join(root, 'project');
const reports = join(root, 'reports');
const pm2Home = join(root, 'pm2-home');
mkdirSync(project, { recursive: true });
cpSync(fixture('pm2-shapes/report.cjs'), join(project, 'report.cjs'));
for (const dir of [reports, pm2Home]) mkdirSync(dir, { recursive: true });

/** This process's environment without what would leak into the reports. */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(FX_|PORT$|NODE_APP_INSTANCE$|CLMON_|PM2_)/.test(key)) env[key] = value;
  }
  return { ...env, REPORT_DIR: reports, PM2_HOME: pm2Home };
}

function reportsOf(pids: Set<number>): Report[] {
  return readdirSync(reports).flatMap((file) => {
    try {
      const report = JSON.parse(readFileSync(join(reports, file), 'utf8')) as Report;
      return pids.has(report.pid) ? [report] : [];
    } catch {
      return [];
    }
  });
}

/** What a user compares: per app its mode and size, per worker (by slot) args, cwd and the FX_ env. */
function picture(rows: { app: string; mode: string; pid: number }[]): string[] {
  const reportsByPid = new Map(reportsOf(new Set(rows.map((r) => r.pid))).map((r) => [r.pid, r]));
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.app, (counts.get(row.app) ?? 0) + 1);
  return rows
    .map((row) => {
      const r = reportsByPid.get(row.pid);
      if (!r) throw new Error(`no report from ${row.app} pid ${row.pid}`);
      const { NODE_APP_INSTANCE: slot, ...env } = r.env;
      return JSON.stringify({
        app: row.app,
        mode: row.mode,
        instances: counts.get(row.app),
        slot,
        cluster: r.cluster,
        args: r.args,
        cwd: relative(project, r.cwd),
        env,
      });
    })
    .sort();
}

describe.skipIf(!HAS_PM2)('clmon import pm2, from a real PM2 daemon', () => {
  const live = new Harness();
  const fromDump = new Harness();
  const pm2Pids = new Set<number>();
  let daemon: number | null = null;
  let underPm2: string[] = [];

  beforeAll(async () => {
    const env = baseEnv();
    await pm2(pm2Home, ['start', join(project, 'report.cjs'), '-i', '2', '--name', 'web', '--', '--port', '8123'], {
      ...env,
      FX_ROLE: 'web',
      FX_SECRET: 's3cret',
    });
    daemon = daemonPid(pm2Home);
    await pm2(pm2Home, ['start', join(project, 'report.cjs'), '--name', 'jobs', '--max-memory-restart', '300M'], { ...env, FX_ROLE: 'jobs' });
    const rows = await waitFor(
      async () => {
        const list = await jlist(pm2Home);
        for (const p of list) if (p.pid) pm2Pids.add(p.pid);
        const online = list.filter((p) => p.pid > 0 && p.pm2_env.status === 'online');
        return online.length === 3 && reportsOf(new Set(online.map((p) => p.pid))).length === 3 ? list : null;
      },
      { ...SLOW, what: 'three PM2 workers online and reporting' },
    );
    const modes = (await pm2JlistModes()) as Map<number, string>;
    underPm2 = picture(rows.map((p) => ({ app: p.name, mode: modes.get(p.pid) ?? '?', pid: p.pid })));
  }, 180_000);

  afterAll(async () => {
    await live.clmon(['kill'], { timeoutMs: 60_000 }).catch(() => undefined);
    await fromDump.clmon(['kill'], { timeoutMs: 60_000 }).catch(() => undefined);
    await live.cleanup();
    await fromDump.cleanup();
    if (daemon && !isDead(daemon)) await pm2(pm2Home, ['kill']).catch(() => undefined);
    killAll([daemon, ...pm2Pids]);
    rmSync(root, { recursive: true, force: true });
  }, 120_000);

  async function pm2JlistModes(): Promise<Map<number, string>> {
    const out = await pm2(pm2Home, ['jlist']);
    const list = JSON.parse(out.split('\n').find((l) => l.startsWith('[')) ?? '[]') as { pid: number; pm2_env: { exec_mode: string } }[];
    return new Map(list.map((p) => [p.pid, p.pm2_env.exec_mode.replace(/_mode$/, '')]));
  }

  async function clmonPicture(h: Harness, count: number): Promise<string[]> {
    const rows = await waitFor(
      async () => {
        const { apps } = await h.ls();
        const r = apps.flatMap((app) => app.workers.map((w) => ({ app: app.name, mode: app.mode, pid: w.pid ?? 0 })));
        return r.length === count && r.every((x) => x.pid > 0) && reportsOf(new Set(r.map((x) => x.pid))).length === count ? r : null;
      },
      { ...SLOW, what: `${count} clmon workers reporting` },
    );
    return picture(rows);
  }

  it('writes a 0600 ecosystem file from the live daemon; clmon start runs the same apps, modes, instances, args, cwd and env', async () => {
    expect(underPm2).toHaveLength(3);
    const out = join(root, 'live.config.js');
    const written = await live.clmon(['import', 'pm2', '--out', out], { env: baseEnv() });
    expect(written.stderr).toBe('');
    expect(written.code).toBe(0);
    expect(written.stdout).toContain(`wrote ${out} from the PM2 daemon of PM2_HOME=${pm2Home}: web (cluster x2), jobs (fork x1)`);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('max_memory_restart: "300M"');
    // the variables that differ from the importing shell; none of PM2's own
    expect(text).toContain('"FX_SECRET": "s3cret"');
    expect(text).not.toMatch(/"(PM2_HOME|PM2_USAGE|unique_id|NODE_APP_INSTANCE|web|jobs)":/);

    const started = await live.clmon(['start', out], { env: baseEnv() });
    expect(started.stderr).toBe('');
    expect(started.code).toBe(0);
    expect(await clmonPicture(live, 3)).toEqual(underPm2);
    // PM2's workers were not touched
    expect((await jlist(pm2Home)).filter((p) => p.pm2_env.status === 'online')).toHaveLength(3);
  }, 180_000);

  it('imports the `pm2 save` dump the same way, and --start starts it in this home', async () => {
    await pm2(pm2Home, ['save']);
    const dump = join(pm2Home, 'dump.pm2');
    const out = join(root, 'dump.config.js');
    const result = await fromDump.clmon(['import', 'pm2', '--dump', dump, '--out', out, '--start'], { env: baseEnv(), timeoutMs: 60_000 });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`wrote ${out} from the PM2 dump ${dump}: web (cluster x2), jobs (fork x1)`);
    expect(result.stdout).toMatch(/web\s+\d\s+cluster\s+\d+\s+online/);
    // the same file as from the live daemon, but for where it came from
    const body = (file: string): string => readFileSync(file, 'utf8').split('\n').slice(1).join('\n');
    expect(body(out)).toBe(body(join(root, 'live.config.js')));
    expect(await clmonPicture(fromDump, 3)).toEqual(underPm2);
  }, 180_000);
});

describe('clmon import pm2: bad input', () => {
  const h = new Harness();
  const dir = mkdtempSync(join(tmpdir(), 'clmon-import-bad-'));
  afterAll(async () => {
    await h.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a missing dump, a malformed one, an --out in a missing directory or over a file: exit 2 naming it', async () => {
    writeFileSync(join(dir, 'torn.pm2'), '[{"name": "web", "pm_exec_');
    writeFileSync(join(dir, 'odd.pm2'), '{"name": "web"}');
    writeFileSync(join(dir, 'exists.config.js'), 'keep me');
    const cases: [string[], string][] = [
      [['--dump', join(dir, 'none.pm2'), '--out', join(dir, 'a.js')], `--dump ${join(dir, 'none.pm2')}: no such file;`],
      [['--dump', join(dir, 'torn.pm2'), '--out', join(dir, 'a.js')], `--dump ${join(dir, 'torn.pm2')}: not a PM2 dump: invalid JSON (`],
      [
        ['--dump', join(dir, 'odd.pm2'), '--out', join(dir, 'a.js')],
        `--dump ${join(dir, 'odd.pm2')}: not a PM2 dump: expected a JSON array of processes, found object`,
      ],
      [
        ['--dump', join(dir, 'torn.pm2'), '--out', join(dir, 'no/dir/a.js')],
        `--out ${join(dir, 'no/dir/a.js')}: directory ${join(dir, 'no/dir')} does not exist;`,
      ],
      [
        ['--dump', join(dir, 'torn.pm2'), '--out', join(dir, 'exists.config.js')],
        `--out ${join(dir, 'exists.config.js')}: ${join(dir, 'exists.config.js')} exists; pass --force to overwrite it`,
      ],
    ];
    for (const [args, message] of cases) {
      const result = await h.clmon(['import', 'pm2', ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toContain(`clmon: ${message}`);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    expect(readFileSync(join(dir, 'exists.config.js'), 'utf8')).toBe('keep me');
    expect(existsSync(join(dir, 'a.js'))).toBe(false);
  });

  it('no PM2 daemon: exit 1 saying so and pointing at --dump, and no daemon is started', async () => {
    const empty = join(dir, 'pm2-empty');
    mkdirSync(empty);
    const result = await h.clmon(['import', 'pm2', '--out', join(dir, 'b.js')], { env: { PM2_HOME: empty } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`clmon: no PM2 daemon is running (PM2_HOME=${empty}`);
    expect(result.stderr).toContain(`clmon import pm2 --dump ${join(empty, 'dump.pm2')}`);
    expect(readdirSync(empty)).toEqual([]);
    expect(existsSync(join(dir, 'b.js'))).toBe(false);
  });
});
