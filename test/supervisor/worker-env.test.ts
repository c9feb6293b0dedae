// docs/cli.md: a worker gets the environment of the command that started its app, overlaid by the
// app's env, and nothing of the supervisor's own (a daemon started by an earlier `clmon start`
// must not hand its variables to the apps of later ones). node:cluster merges process.env into
// every fork, so cluster mode is where this breaks.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appSpec, fixture } from '../helpers/app-spec.js';
import { waitFor } from '../helpers/wait-for.js';
import { harness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  delete process.env.CLMON_TEST_SUPERVISOR_ONLY;
});

describe('worker environment', () => {
  for (const execMode of ['cluster', 'fork'] as const) {
    it(`${execMode}: the app's env only, none of the supervisor's own variables`, async () => {
      h = harness();
      process.env.CLMON_TEST_SUPERVISOR_ONLY = 'leaked';
      const out = join(h.home, `env-${execMode}.json`);
      await h.start(appSpec({ name: 'env', script: fixture('env-report.cjs'), args: [out], execMode, env: { PATH: process.env.PATH ?? '', FROM_APP: 'yes' } }));
      await waitFor(() => existsSync(out) && readFileSync(out, 'utf8').length > 0, { what: 'the worker to write its env' });
      const env = JSON.parse(readFileSync(out, 'utf8')) as Record<string, string>;
      expect(env.FROM_APP).toBe('yes');
      expect(env.CLMON_APP).toBe('env');
      expect(env).not.toHaveProperty('CLMON_TEST_SUPERVISOR_ONLY');
    });
  }
});
