// Driving a real PM2 daemon for the pm2 source tests: its CLI (devDependency, tests only),
// its process list, and checks that its processes are gone.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { resolve } from 'node:path';
import { isAlive } from '../../helpers/processes.js';

export const PM2_BIN = resolve(import.meta.dirname, '..', '..', '..', 'node_modules', 'pm2', 'bin', 'pm2');
export const HAS_PM2 = existsSync(PM2_BIN);

/** Run the pm2 CLI against one PM2_HOME. Careful: most commands start a daemon if none runs. */
export function pm2(home: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      process.execPath,
      [PM2_BIN, ...args],
      { env: { ...process.env, ...env, PM2_HOME: home }, timeout: 90_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => (err ? reject(new Error(`pm2 ${args.join(' ')} failed: ${err.message}\n${stderr}`)) : resolvePromise(stdout)),
    );
  });
}

export interface JlistEntry {
  pid: number;
  name: string;
  pm_id: number;
  pm2_env: { status: string; restart_time: number; NODE_APP_INSTANCE?: number };
}

/** `pm2 jlist`: the daemon's process list as PM2's own CLI reports it. */
export async function jlist(home: string): Promise<JlistEntry[]> {
  const out = await pm2(home, ['jlist']);
  const json = out.split('\n').find((line) => line.startsWith('['));
  if (!json) throw new Error(`pm2 jlist printed no JSON: ${out.slice(0, 500)}`);
  return JSON.parse(json) as JlistEntry[];
}

/** The PM2 daemon's pid from its pid file, or null. */
export function daemonPid(home: string): number | null {
  try {
    return Number(readFileSync(resolve(home, 'pm2.pid'), 'utf8').trim()) || null;
  } catch {
    return null;
  }
}

/** Gone, or a zombie waiting to be reaped by init (the daemon is detached: not our child). */
export function isDead(pid: number): boolean {
  if (!isAlive(pid)) return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

/** One GET on 127.0.0.1; resolves with the JSON body. */
export function httpGet(port: number, path: string): Promise<{ pid: number; slot: number }> {
  return new Promise((resolvePromise, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false, timeout: 10_000 }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (data += chunk));
      res.on('end', () => {
        try {
          resolvePromise(JSON.parse(data) as { pid: number; slot: number });
        } catch (err) {
          reject(err as Error);
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
  });
}
