// PM2's file forms and fields as clmon validates them (docs/configuration.md, "as PM2 reads them"): what each
// resolves to, and the errors, which name the file, app, field and value (line and column for a
// syntax error). The real-process comparison with PM2 is pm2-shapes.test.ts.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ecosystem, load, loadError, project } from './helpers.js';

describe('file forms', () => {
  test('a YAML syntax error names the line and column', async () => {
    const dir = project({ 'ecosystem.yml': 'apps:\n  - name: web\n   script: app.js\n' });
    expect(await loadError('ecosystem.yml', dir)).toBe('ecosystem.yml: line 3, column 4: invalid YAML: bad indentation of a sequence entry');
  });

  test('a JSON5 syntax error names the line and column', async () => {
    const dir = project({ 'ecosystem.json5': "{\n  apps: [{ name: 'web', script: app.js }],\n}\n" });
    expect(await loadError('ecosystem.json5', dir)).toMatch(/^ecosystem\.json5: line 2, column 33: invalid JSON5: invalid character 'a'/);
  });

  test('.yaml and .json5 are ecosystem files, not scripts', async () => {
    const dir = project({ 'app.js': '', 'e.yaml': 'apps:\n  - script: app.js\n', 'e.json5': "{apps: [{script: 'app.js'}]}" });
    expect((await load('e.yaml', dir)).apps[0]).toMatchObject({ name: 'app', script: join(dir, 'app.js') });
    expect((await load('e.json5', dir)).apps[0]).toMatchObject({ name: 'app', script: join(dir, 'app.js') });
  });

  test('an object that is neither apps, pm2 nor an app is still an error', async () => {
    const dir = project({ 'e.json': '{ "deploy": {} }' });
    expect(await loadError('e.json', dir)).toMatch(/^e\.json: exports no "apps" array; .*one app object \(\{ script: "app\.js" \}\)/);
  });

  test('"apps" wins over "pm2", as in PM2', async () => {
    const dir = project({ 'a.js': '', 'b.js': '', 'e.json': '{ "apps": [{ "script": "a.js" }], "pm2": [{ "script": "b.js" }] }' });
    expect((await load('e.json', dir)).apps.map((a) => a.name)).toEqual(['a']);
  });
});

describe('fields read as PM2 reads them', () => {
  test('a script extension without its interpreter installed is an error naming both', async () => {
    const dir = ecosystem([{ name: 'rb', script: 'job.rb' }], { 'job.rb': 'puts 1\n' });
    expect(await loadError('ecosystem.json', dir, { baseEnv: { PATH: join(dir, 'nowhere') } })).toBe(
      `ecosystem.json: app "rb": field "script": ${join(dir, 'job.rb')} is a .rb script, which runs with "ruby" (as in PM2), but it is not in PATH; ` +
        'install it, or set "interpreter" (--interpreter) to the command that runs it',
    );
  });

  test('an explicit interpreter still wins over the extension', async () => {
    const dir = project({ 'job.sh': '', 'bin/dash+x': '#!/bin/sh\n' });
    const { apps } = await load('job.sh', dir, { overrides: { interpreter: 'dash' }, baseEnv: { PATH: join(dir, 'bin') } });
    expect(apps[0].interpreter).toBe(join(dir, 'bin/dash'));
  });

  test('~ is the home directory in cwd, script and log paths; ~user is not', async () => {
    const dir = project({ 'home/srv/app.js': '' });
    const home = join(dir, 'home');
    const { apps } = await load('ecosystem.json', ecosystem([{ script: '~/srv/app.js', cwd: '~/srv', out_file: '~/out.log', error_file: '~x/err.log' }]), {
      baseEnv: { PATH: process.env.PATH, HOME: home },
    });
    expect(apps[0]).toMatchObject({
      script: join(home, 'srv/app.js'),
      cwd: join(home, 'srv'),
      outFile: join(home, 'out.log'),
      errorFile: join(home, 'srv', '~x/err.log'),
    });
  });

  test('"NULL" and /dev/null as a log file are no file', async () => {
    const { apps } = await load('ecosystem.json', ecosystem([{ script: 'app.js', out_file: 'NULL', error_file: '/dev/null', log_file: 'NULL' }]));
    expect(apps[0]).toMatchObject({ outFile: '/dev/null', errorFile: '/dev/null', logFile: '/dev/null' });
  });

  test('a command line runs as bash -c; its args are ignored with a warning, as PM2 drops them', async () => {
    const dir = ecosystem([{ cmd: 'python3 -m http.server 8000', args: '--bind 127.0.0.1' }]);
    const { apps, warnings } = await load('ecosystem.json', dir);
    expect(apps[0]).toMatchObject({ name: 'python3 -m http', interpreter: 'none', args: ['-c', 'python3 -m http.server 8000'], execMode: 'fork' });
    expect(apps[0].script).toMatch(/\/(ba)?sh$/);
    expect(warnings).toEqual([
      'ecosystem.json: app #1: field "args": ignored, as PM2 does, for a command line run with bash -c; put the arguments in the command',
    ]);
  });

  test('a script file whose name has a space is that file, not a command', async () => {
    const dir = ecosystem([{ script: 'my app.js' }], { 'my app.js': '' });
    expect((await load('ecosystem.json', dir)).apps[0]).toMatchObject({ name: 'my app', script: join(dir, 'my app.js'), interpreter: undefined });
  });

  test('"script" wins over "cmd"', async () => {
    const dir = ecosystem([{ script: 'app.js', cmd: 'sleep 1' }]);
    expect((await load('ecosystem.json', dir)).apps[0]).toMatchObject({ script: join(dir, 'app.js'), args: [] });
  });

  test('increment_var is kept for the workers; a bad name is an error, a non-number a warning', async () => {
    const ok = await load('ecosystem.json', ecosystem([{ script: 'app.js', instances: 2, increment_var: 'PORT', env: { PORT: 3000 } }]));
    expect(ok.apps[0]).toMatchObject({ incrementVar: 'PORT', env: { PORT: '3000' } });
    expect(await loadError('ecosystem.json', ecosystem([{ name: 'w', script: 'app.js', increment_var: 'MY PORT' }]))).toBe(
      'ecosystem.json: app "w": field "increment_var": "MY PORT" is not valid; use an environment variable name such as "NODE_APP_INSTANCE"',
    );
    const odd = await load('ecosystem.json', ecosystem([{ name: 'w', script: 'app.js', increment_var: 'PORT', env: { PORT: 'auto' } }]));
    expect(odd.warnings).toEqual(['ecosystem.json: app "w": field "increment_var": PORT is "auto", not a number; the workers get 0, 1, 2... (as in PM2)']);
  });

  test('a directory with a bad package.json names it', async () => {
    const dir = project({ 'svc/package.json': '{ main: ' });
    expect(await loadError('svc', dir)).toMatch(
      new RegExp(`^svc: ${join(dir, 'svc/package.json')} is not valid JSON \\(.*\\); fix it, or give the script file to run$`),
    );
  });
});
