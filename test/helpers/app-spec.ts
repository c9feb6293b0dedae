// A complete AppSpec with the real defaults (src/config/app-defaults.ts, as an app without those
// fields gets them), for driving the supervisor directly.
import { resolve } from 'node:path';
import { APP_DEFAULTS } from '../../src/config/app-defaults.js';
import type { AppSpec } from '../../src/model/types.js';

export function fixture(name: string): string {
  return resolve(import.meta.dirname, '..', 'fixtures', name);
}

export function appSpec(overrides: Partial<AppSpec> & Pick<AppSpec, 'name' | 'script'>): AppSpec {
  return {
    ...APP_DEFAULTS,
    args: [],
    nodeArgs: [],
    stopExitCodes: [],
    ignoreWatch: [...APP_DEFAULTS.ignoreWatch],
    cwd: resolve(import.meta.dirname, '..', 'fixtures'),
    instances: 1,
    execMode: 'fork',
    env: { PATH: process.env.PATH ?? '' },
    ...overrides,
  };
}
