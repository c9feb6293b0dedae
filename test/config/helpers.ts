// Shared by the config tests: temp project directories and a loadApps that returns its UserError.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect } from 'vitest';
import { loadApps, type LoadAppsOptions, type LoadedApps } from '../../src/config/load-apps.js';
import { UserError } from '../../src/errors.js';

export const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temp directory holding `files` (path → content; a `+x` suffix on the path makes it executable). */
export function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'clmon-config-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    const executable = name.endsWith('+x');
    const file = join(dir, executable ? name.slice(0, -2) : name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    if (executable) chmodSync(file, 0o755);
  }
  return dir;
}

/** A project with `ecosystem.json` holding `apps` and an `app.js` script. */
export function ecosystem(apps: unknown[], extra: Record<string, string> = {}): string {
  return project({ 'ecosystem.json': JSON.stringify({ apps }), 'app.js': 'setInterval(() => {}, 1000);\n', ...extra });
}

export function load(target: string, cwd: string, opts: Partial<LoadAppsOptions> = {}): Promise<LoadedApps> {
  return loadApps(target, { cwd, baseEnv: { PATH: process.env.PATH }, overrides: {}, cpus: 4, ...opts });
}

/** The UserError message of a load that must fail. */
export async function loadError(target: string, cwd: string, opts: Partial<LoadAppsOptions> = {}): Promise<string> {
  const err = await load(target, cwd, opts).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  return (err as UserError).message;
}
