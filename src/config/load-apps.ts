// The one entry the CLI calls: a script or an ecosystem file, plus command-line overrides, becomes
// validated AppSpecs. All problems of the input are reported together, one per line, and nothing
// is started when there is any (docs/configuration.md).
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { UserError } from '../errors.js';
import type { AppSpec } from '../model/types.js';
import { baseEnvironment } from './app-env.js';
import { givenOverrides, optionLabel, type AppOverrides } from './app-overrides.js';
import { isEcosystemFile, loadEcosystem } from './load-ecosystem.js';
import { validateApp, type AppContext } from './validate-app.js';

export type { AppOverrides } from './app-overrides.js';

export interface LoadAppsOptions {
  /** The directory clmon was started in: `target`, `--cwd` and `--watch` paths are relative to it. */
  cwd: string;
  /** The environment of the `run`/`start` command: the base of every worker's env. */
  baseEnv: Record<string, string | undefined>;
  /** `--env <name>`: selects each app's `env_<name>`. */
  envName?: string;
  overrides: AppOverrides;
  /** CPU count for "max"; defaults to os.availableParallelism(). */
  cpus?: number;
}

export interface LoadedApps {
  apps: AppSpec[];
  /** Unknown fields, ignored PM2 fields, an `--env` no app defines: worth printing, not fatal. */
  warnings: string[];
}

/** Load and validate `target` (a script or an ecosystem file by its name) with the overrides applied. */
export async function loadApps(target: string, opts: LoadAppsOptions): Promise<LoadedApps> {
  const file = resolve(opts.cwd, target);
  const label = displayPath(file, opts.cwd);
  const overrides = absoluteOverrides(opts.overrides, opts.cwd);
  const errors: string[] = [];
  const warnings: string[] = [];
  const base = { baseEnv: opts.baseEnv, envName: opts.envName, cpus: opts.cpus ?? availableParallelism(), errors, warnings };
  let rawApps: Record<string, unknown>[];
  let contexts: AppContext[];

  if (isEcosystemFile(file)) {
    const entries = await loadEcosystem(file, label, baseEnvironment(opts.baseEnv));
    if (entries.length === 0) throw new UserError(`${label}: "apps" is empty; add at least one app, e.g. { script: "server.js" }`);
    if (overrides.name !== undefined && entries.length > 1) {
      throw new UserError(`option --name: ${label} has ${entries.length} apps; --name can only name a single app (name them in the file)`);
    }
    rawApps = entries.map((entry) => withOverrides(entry, overrides));
    contexts = entries.map((entry, i) => {
      const appLabel = `${label}: ${describeEntry(entry, i)}`;
      return { ...base, label: appLabel, baseDir: dirname(file), where: fieldWhere(overrides, (key) => `${appLabel}: field "${key}"`) };
    });
  } else {
    // a script the user typed is relative to where they typed it; a bare command may come from PATH
    rawApps = [withOverrides({ script: existsSync(file) ? file : target }, overrides)];
    contexts = [{ ...base, label, baseDir: opts.cwd, where: fieldWhere(overrides, (key) => (key === 'script' ? label : `${label}: ${key}`)) }];
  }

  const apps = rawApps.map((raw, i) => validateApp(raw, contexts[i]));
  checkUniqueNames(apps, label, errors);
  // the warnings go along: an unknown field next to an error is often the typo behind it
  if (errors.length > 0) throw new UserError([...errors, ...warnings.map((w) => `warning: ${w}`)].join('\n'));
  if (opts.envName !== undefined && !rawApps.some((raw) => raw !== null && typeof raw === 'object' && `env_${opts.envName}` in raw)) {
    warnings.push(`option --env ${opts.envName}: no app in ${label} defines "env_${opts.envName}"; only "env" applies`);
  }
  return { apps: apps as AppSpec[], warnings };
}

/** The file's values with every given override on top (an override also beats the field's PM2 aliases). */
function withOverrides(entry: unknown, overrides: AppOverrides): Record<string, unknown> {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return entry as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...(entry as Record<string, unknown>) };
  for (const key of givenOverrides(overrides)) merged[key] = overrides[key];
  if (overrides.node_args !== undefined) {
    delete merged.interpreter_args;
    delete merged.interpreterArgs;
  }
  return merged;
}

/** `--cwd` and `--watch` paths are typed relative to the shell's directory, not the app's. */
function absoluteOverrides(overrides: AppOverrides, cwd: string): AppOverrides {
  const out = { ...overrides };
  if (typeof out.cwd === 'string' && out.cwd !== '') out.cwd = resolve(cwd, out.cwd);
  if (Array.isArray(out.watch)) out.watch = out.watch.map((p) => resolve(cwd, p));
  if (typeof out.interpreter === 'string' && out.interpreter.includes('/')) out.interpreter = resolve(cwd, out.interpreter);
  return out;
}

function fieldWhere(overrides: AppOverrides, inFile: (key: string) => string): AppContext['where'] {
  const given = new Set<string>(givenOverrides(overrides));
  return (field, key) => (given.has(field) ? optionLabel(field as keyof AppOverrides) : inFile(key));
}

/** `app "web"`, or `app #2` when the entry has no usable name. */
function describeEntry(entry: unknown, index: number): string {
  const name = entry && typeof entry === 'object' ? (entry as { name?: unknown }).name : undefined;
  return typeof name === 'string' && name !== '' ? `app ${JSON.stringify(name)}` : `app #${index + 1}`;
}

function checkUniqueNames(apps: (AppSpec | undefined)[], label: string, errors: string[]): void {
  const seen = new Map<string, number>();
  apps.forEach((app, i) => {
    if (!app) return;
    const first = seen.get(app.name);
    if (first === undefined) seen.set(app.name, i);
    else errors.push(`${label}: apps #${first + 1} and #${i + 1} are both named ${JSON.stringify(app.name)}; names must be unique (set "name")`);
  });
}

/** Relative to the user's directory when inside it (as they typed it), else absolute. */
function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}
