// What /proc tells of a real process, as the detail view's config.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseEnviron, readProcessConfig } from '../../../src/sources/pid/process-config.js';
import { processExists, splitNodeArgv } from '../../../src/sources/pid/process-tree.js';
import { killAll } from '../../helpers/processes.js';
import { tmpHome } from '../../helpers/tmp-home.js';
import { waitFor } from '../../helpers/wait-for.js';

describe('readProcessConfig', () => {
  it('reads node args, script, args, cwd and env of a running node process', async () => {
    const dir = tmpHome('clmon-proc-');
    const child = spawn(process.execPath, ['--max-old-space-size=100', '-e', 'setInterval(() => {}, 1000)', 'x'], {
      cwd: dir.dir,
      env: { CLMON_TEST_VAR: 'a b=c', PATH: process.env.PATH ?? '' },
      stdio: 'ignore',
    });
    try {
      await waitFor(() => processExists(child.pid!));
      const config = await waitFor(async () => {
        const c = await readProcessConfig(child.pid!);
        return c?.env.CLMON_TEST_VAR ? c : null; // until exec has replaced the forked image
      });
      expect(config).toMatchObject({
        interpreter: process.execPath,
        script: '',
        nodeArgs: ['--max-old-space-size=100', '-e', 'setInterval(() => {}, 1000)', 'x'],
        settings: {},
      });
      expect(config.cwd).toBe(dir.dir);
      expect(config.env).toEqual({ CLMON_TEST_VAR: 'a b=c', PATH: process.env.PATH ?? '' });
    } finally {
      killAll([child.pid]);
      dir.remove();
    }
  });

  it('is undefined for a process that does not exist', async () => {
    expect(await readProcessConfig(2_147_483_647)).toBeUndefined();
  });
});

describe('splitNodeArgv and parseEnviron', () => {
  it('splits node options, the script and its arguments', () => {
    expect(splitNodeArgv(['/usr/bin/node', '--inspect', '-r', 'dotenv/config', 'server.js', '--port', '3000'])).toEqual({
      nodeArgs: ['--inspect', '-r', 'dotenv/config'],
      script: 'server.js',
      args: ['--port', '3000'],
    });
    expect(splitNodeArgv(['node', '--', 'app.js', 'a'])).toEqual({ nodeArgs: [], script: 'app.js', args: ['a'] });
    expect(splitNodeArgv(['/usr/sbin/nginx', '-g', 'daemon off;'])).toBeNull();
  });

  it('parses NUL-separated KEY=value entries, values may hold =', () => {
    expect(parseEnviron('A=1\0B=x=y\0broken\0\0')).toEqual({ A: '1', B: 'x=y' });
  });
});
