// PM2's ecosystem shapes (docs/configuration.md, "as PM2 reads them"), each a fixture file written for clmon,
// started for real twice: under `clmon start` and under a real PM2 daemon (devDependency, temp
// PM2_HOME). Every worker reports its args, cwd, env and whether it is a cluster worker; the apps,
// modes, instance counts and reports must be the same under both, and what PM2 documents is
// checked on clmon's side by itself too.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, Harness } from '../daemon/daemon-harness.js';
import { killAll } from '../helpers/processes.js';
import { waitFor } from '../helpers/wait-for.js';
import { daemonPid, HAS_PM2, isDead, PM2_BIN, pm2 } from '../sources/pm2/pm2-helpers.js';

/** Each shape file and how many workers it starts. */
const SHAPES: [file: string, workers: number][] = [
  ['relaxed.json', 2],
  ['shape.json5', 1],
  ['shape.yml', 3],
  ['bare.yaml', 1],
  ['pm2-key.config.js', 1],
  ['bare.config.js', 1],
  ['interpreters.json', 5],
  ['directories.json', 3],
  ['increment.json', 3],
  ['instances-one.json', 2],
  ['logs.json', 2],
  ['cmd.json', 2],
];
const TOTAL = SHAPES.reduce((n, [, w]) => n + w, 0);
const SLOW = { timeoutMs: 90_000, intervalMs: 250 };

interface Report {
  pid: number;
  ppid: number;
  runner: string;
  cluster: boolean;
  args: string[];
  cwd: string;
  env: Record<string, string>;
}

/** One worker as a user would compare them: its app, the app's mode and size, and what it saw. */
interface Seen {
  app: string;
  mode: string;
  instances: number;
  slot: string;
  runner: string;
  cluster: boolean;
  args: string[];
  cwd: string;
  env: Record<string, string>;
}

interface ProcessRow {
  app: string;
  mode: string;
  pid: number;
}

/** A copy of the shapes in its own directory, with a HOME, a report directory and stand-in interpreters. */
function workspace(root: string, who: string) {
  const dir = join(root, who);
  const project = join(dir, 'project');
  cpSync(fixture('pm2-shapes'), project, { recursive: true });
  const home = join(dir, 'home');
  const reports = join(dir, 'reports');
  const bin = join(dir, 'bin');
  for (const d of [home, reports, bin]) mkdirSync(d, { recursive: true });
  // ruby and php are not installed on the test machines: stand-ins that say who ran the script
  for (const name of ['ruby', 'php']) {
    writeFileSync(join(bin, name), `#!/bin/sh\nexport INTERPRETER=${name}\nexec bash "$@"\n`);
    chmodSync(join(bin, name), 0o755);
  }
  // PYTHONUNBUFFERED is set empty for all: only the python app may get "1"
  const env: Record<string, string> = { ...cleanEnv(), HOME: home, REPORT_DIR: reports, PATH: `${bin}:${process.env.PATH ?? ''}`, PYTHONUNBUFFERED: '' };
  return { project, home, reports, env };
}

function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(FX_|PORT$|NODE_APP_INSTANCE$|PYTHONUNBUFFERED$|INTERPRETER$|CLMON_|PM2_)/.test(key)) env[key] = value;
  }
  return env;
}

function readReports(dir: string): Report[] {
  return readdirSync(dir).flatMap((file) => {
    try {
      return [JSON.parse(readFileSync(join(dir, file), 'utf8')) as Report];
    } catch {
      return []; // still being written
    }
  });
}

/** Join the manager's process list with the workers' reports (by pid, or the parent for a shell wrapper). */
function seen(rows: ProcessRow[], reports: Report[], project: string): Seen[] {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.app, (counts.get(row.app) ?? 0) + 1);
  return reports
    .map((report) => {
      const row = rows.find((r) => r.pid === report.pid) ?? rows.find((r) => r.pid === report.ppid);
      if (!row) throw new Error(`no app has pid ${report.pid} (${JSON.stringify(report)})`);
      const { NODE_APP_INSTANCE: slot = '', ...env } = report.env;
      return {
        app: row.app,
        mode: row.mode,
        instances: counts.get(row.app) ?? 0,
        slot,
        runner: report.runner,
        cluster: report.cluster,
        args: report.args,
        cwd: relative(project, report.cwd) || '.',
        env,
      };
    })
    .sort((a, b) => `${a.app}:${a.slot}`.localeCompare(`${b.app}:${b.slot}`));
}

const root = mkdtempSync(join(tmpdir(), 'clmon-shapes-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('PM2 ecosystem shapes under clmon start', () => {
  const h = new Harness();
  const ws = workspace(root, 'clmon');
  let workers: Seen[] = [];

  beforeAll(async () => {
    for (const [file] of SHAPES) {
      const result = await h.clmon(['start', join(ws.project, file)], { env: ws.env, timeoutMs: 60_000 });
      if (result.code !== 0) throw new Error(`clmon start ${file} exited ${result.code}: ${result.stderr}`);
    }
    await waitFor(() => readReports(ws.reports).length >= TOTAL, { ...SLOW, what: `${TOTAL} worker reports` });
    const { apps } = await h.ls();
    const rows = apps.flatMap((app) => app.workers.map((w) => ({ app: app.name, mode: app.mode, pid: w.pid ?? 0 })));
    workers = seen(rows, readReports(ws.reports), ws.project);
  }, 240_000);

  afterAll(async () => {
    await h.clmon(['kill'], { timeoutMs: 60_000 }).catch(() => undefined);
    await h.cleanup();
  }, 90_000);

  const of = (app: string): Seen[] => workers.filter((w) => w.app === app);

  it('relaxed JSON (comments, unquoted keys, single quotes, trailing commas) and JSON5', () => {
    expect(of('rj-web').map((w) => [w.mode, w.slot, w.cluster, w.args, w.env.FX_QUOTE])).toEqual([
      ['cluster', '0', true, ['--shape', 'relaxed-json'], 'double'],
      ['cluster', '1', true, ['--shape', 'relaxed-json'], 'double'],
    ]);
    expect(of('j5-api')).toMatchObject([{ mode: 'fork', cluster: false, args: ['--shape', 'json5'], env: { FX_SHAPE: 'json5', FX_HEX: '16' } }]);
  });

  it('.yml with two apps, and a .yaml holding one bare app', () => {
    expect(of('yml-a').map((w) => [w.mode, w.instances, w.env.FX_LIST])).toEqual([
      ['cluster', 2, 'one two'],
      ['cluster', 2, 'one two'],
    ]);
    expect(of('yml-b')).toMatchObject([{ mode: 'fork', args: ['--shape', 'yaml-b'], env: { FX_SHAPE: 'yaml-b' } }]);
    expect(of('yaml-bare')).toMatchObject([{ mode: 'fork', env: { FX_SHAPE: 'yaml-bare' } }]);
  });

  it('a "pm2" key instead of "apps", and module.exports as one app', () => {
    expect(of('pk-app')).toMatchObject([{ mode: 'fork', env: { FX_SHAPE: 'pm2-key' } }]);
    expect(of('js-bare')).toMatchObject([{ mode: 'fork', args: ['--shape', 'bare'], env: { FX_SHAPE: 'bare' } }]);
  });

  it('.sh, .py, .pl, .rb and .php run with bash, python, perl, ruby and php, without the exec bit', () => {
    expect(['sh-job', 'py-job', 'pl-job', 'rb-job', 'php-job'].map((app) => [app, of(app)[0]?.mode, of(app)[0]?.env.INTERPRETER])).toEqual([
      ['sh-job', 'fork', 'bash'],
      ['py-job', 'fork', 'python'],
      ['pl-job', 'fork', 'perl'],
      ['rb-job', 'fork', 'ruby'],
      ['php-job', 'fork', 'php'],
    ]);
    expect(of('sh-job')[0]?.args).toEqual(['a', 'b']);
    expect(of('py-job')[0]).toMatchObject({ args: ['--x'], env: { PYTHONUNBUFFERED: '1' } });
    expect(of('rj-web')[0]?.env.PYTHONUNBUFFERED).toBe('');
  });

  it('a directory runs its package.json "main", or its index.js; it is named after the directory', () => {
    expect(of('dir-main')).toMatchObject([{ mode: 'fork', runner: 'node', env: { FX_SHAPE: 'dir-main' } }]);
    expect(of('dir-idx').map((w) => [w.mode, w.slot, w.cluster])).toEqual([
      ['cluster', '0', true],
      ['cluster', '1', true],
    ]);
  });

  it('increment_var gives slot n the value plus n', () => {
    expect(of('inc-web').map((w) => [w.slot, w.env.PORT])).toEqual([
      ['0', '4100'],
      ['1', '4101'],
      ['2', '4102'],
    ]);
  });

  it('instances "1" means cluster mode unless exec_mode says otherwise', () => {
    expect(of('one-str')).toMatchObject([{ mode: 'cluster', instances: 1, cluster: true }]);
    expect(of('one-fork')).toMatchObject([{ mode: 'fork', instances: 1, cluster: false }]);
  });

  it('~ in a log path is the home directory; "NULL" and /dev/null mean no file', async () => {
    // one file per worker, with its slot (PM2 adds its pm_id the same way): home-out-0.log
    await waitFor(() => homeLog(ws.home)?.includes('reported'), { what: `~/shape-logs/home-out*.log with the worker's line` });
    expect(existsSync(join(ws.project, '~'))).toBe(false);
    expect(existsSync(join(ws.project, 'NULL'))).toBe(false);
    const logs = join(h.home, 'logs');
    expect(existsSync(logs) ? readdirSync(logs).filter((f) => f.startsWith('log-')) : []).toEqual([]);
  });

  it('cmd is script; a command line runs through bash -c and is named as PM2 names it', () => {
    expect(of('node report')).toMatchObject([{ mode: 'fork', runner: 'node', args: ['--via', 'cmd'], env: { FX_SHAPE: 'cmd' } }]);
    expect(of('cmd-named')).toMatchObject([{ mode: 'fork', args: ['--plain'] }]);
  });

  describe.skipIf(!HAS_PM2)('the same files under a real PM2 daemon', () => {
    const pm = workspace(root, 'pm2');
    const pm2Home = join(root, 'pm2', 'pm2-home');
    const pids = new Set<number>();
    let daemon: number | null = null;

    afterAll(async () => {
      if (daemon && !isDead(daemon)) await pm2(pm2Home, ['kill'], pm.env).catch(() => undefined);
      killAll([daemon, ...pids]);
    }, 90_000);

    it('starts the same apps, modes, instance counts, args, cwd and env', async () => {
      mkdirSync(pm2Home, { recursive: true });
      for (const [file] of SHAPES) {
        // run from the project directory: PM2 resolves an ecosystem file's paths against the shell's directory
        await pm2Cli(pm2Home, pm.project, ['start', file], pm.env);
        daemon ??= daemonPid(pm2Home);
      }
      await waitFor(() => readReports(pm.reports).length >= TOTAL, { ...SLOW, what: `${TOTAL} PM2 worker reports` });
      const list = JSON.parse((await pm2(pm2Home, ['jlist'], pm.env)).split('\n').find((l) => l.startsWith('[')) ?? '[]') as {
        name: string;
        pid: number;
        pm2_env: { exec_mode: string };
      }[];
      for (const p of list) pids.add(p.pid);
      const rows = list.map((p) => ({ app: p.name, mode: p.pm2_env.exec_mode.replace(/_mode$/, ''), pid: p.pid }));
      const underPm2 = seen(rows, readReports(pm.reports), pm.project);
      expect(workers).toHaveLength(TOTAL);
      expect(workers).toEqual(underPm2);
      // and PM2 too wrote the ~ log under HOME, and no file for "NULL"
      expect(homeLog(pm.home)).toBeDefined();
      expect(existsSync(join(pm.project, 'NULL'))).toBe(false);
    }, 300_000);
  });
});

/** The text of the first ~/shape-logs/home-out*.log under `home`, if there is one. */
function homeLog(home: string): string | undefined {
  const dir = join(home, 'shape-logs');
  const file = existsSync(dir) ? readdirSync(dir).find((f) => f.startsWith('home-out')) : undefined;
  return file ? readFileSync(join(dir, file), 'utf8') : undefined;
}

/** The pm2 CLI run from `cwd` (pm2Helpers' pm2() runs from the test's directory). */
function pm2Cli(home: string, cwd: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise<void>((resolvePromise, reject) => {
    execFile(process.execPath, [PM2_BIN, ...args], { cwd, env: { ...env, PM2_HOME: home }, timeout: 90_000 }, (err, _out, stderr) =>
      err ? reject(new Error(`pm2 ${args.join(' ')} failed: ${err.message}\n${stderr}`)) : resolvePromise(),
    );
  });
}
