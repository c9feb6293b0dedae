import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ecosystem, fixtures, load, loadError, project } from './helpers.js';

describe('a plain script', () => {
  test('gets PM2 defaults for every field', async () => {
    const dir = project({ 'server.js': '' });
    const { apps, warnings } = await load('server.js', dir, { baseEnv: { PATH: '/usr/bin', HOME: '/home/u', UNSET: undefined } });
    expect(warnings).toEqual([]);
    expect(apps).toEqual([
      {
        name: 'server',
        script: join(dir, 'server.js'),
        args: [],
        cwd: dir,
        instances: 1,
        execMode: 'fork',
        env: { PATH: '/usr/bin', HOME: '/home/u' },
        interpreter: undefined,
        nodeArgs: [],
        autorestart: true,
        maxRestarts: 16,
        minUptime: 1000,
        restartDelay: 0,
        expBackoffRestartDelay: 0,
        stopExitCodes: [],
        maxMemoryRestart: 0,
        killTimeout: 1600,
        waitReady: false,
        listenTimeout: 3000,
        shutdownWithMessage: false,
        cronRestart: undefined,
        watch: false,
        ignoreWatch: ['node_modules', '.git'],
        outFile: undefined,
        errorFile: undefined,
        logFile: undefined,
        mergeLogs: false,
        logDateFormat: undefined,
        time: false,
        instanceVar: 'NODE_APP_INSTANCE',
        drain: true,
        diagnosticReports: true,
        metrics: true,
        maxEventLoopDelay: 0,
        maxHeap: 0,
        unhealthyChecks: 5,
        logMaxSize: 0,
        logRetain: 10,
        logCompress: false,
        drainTimeout: 5000,
      },
    ]);
  });

  test('a missing script is an error naming the path', async () => {
    const dir = project({ 'server.js': '' });
    expect(await loadError('srv.js', dir)).toBe(`srv.js: script not found: ${join(dir, 'srv.js')}`);
    expect(await loadError('server', dir)).toBe(`server: script not found: ${join(dir, 'server')} (did you mean server.js?)`);
  });

  test('a directory without index.js or package.json "main" is not a script', async () => {
    const dir = project({ 'lib/x.js': '', 'pkg/package.json': '{"main": "start.js"}' });
    expect(await loadError('lib', dir)).toBe(`lib: ${join(dir, 'lib')} is a directory without index.js; give the script file to run`);
    expect(await loadError('pkg', dir)).toBe(
      `pkg: ${join(dir, 'pkg')} is a directory without package.json "main" (start.js) or index.js; give the script file to run`,
    );
  });

  test('a script outside the current directory is named by its absolute path', async () => {
    const dir = project({ 'a/server.js': '', 'b/.keep': '' });
    const { apps } = await load('../a/server.js', join(dir, 'b'));
    expect(apps[0]).toMatchObject({ script: join(dir, 'a/server.js'), cwd: join(dir, 'b'), name: 'server' });
  });
});

describe('how a script runs', () => {
  test('.cjs and .mjs run on node; so does an extensionless file with a node shebang (bin/www)', async () => {
    const dir = project({ 'a.cjs': '', 'b.mjs': '', 'bin/www': '#!/usr/bin/env node\nrequire("../a.cjs");\n' });
    for (const script of ['a.cjs', 'b.mjs', 'bin/www']) {
      const { apps } = await load(script, dir, { overrides: { instances: 2 } });
      expect(apps[0], script).toMatchObject({ interpreter: undefined, execMode: 'cluster' });
    }
  });

  test('an executable non-JS file runs directly (interpreter "none"), in fork mode', async () => {
    const dir = project({ 'run.bin+x': '#!/bin/sh\nsleep 100\n' });
    const { apps } = await load('run.bin', dir, { overrides: { instances: 2 } });
    expect(apps[0]).toMatchObject({ script: join(dir, 'run.bin'), interpreter: 'none', execMode: 'fork', instances: 2 });
  });

  test('a non-JS file that is not executable, with no interpreter for its extension, needs --interpreter', async () => {
    const dir = project({ 'job.lua': 'print(1)\n' });
    expect(await loadError('job.lua', dir)).toBe(
      `job.lua: ${join(dir, 'job.lua')} is not a JavaScript file (.js, .cjs, .mjs) and not executable; ` +
        'pass --interpreter <cmd> (e.g. --interpreter python3), set "interpreter" in the ecosystem file, or chmod +x it',
    );
  });

  test('an interpreter is looked up in the PATH of the caller', async () => {
    const dir = project({ 'job.sh': 'sleep 100\n', 'bin/myshell+x': '#!/bin/sh\nexec /bin/sh "$@"\n' });
    const { apps } = await load('job.sh', dir, { overrides: { interpreter: 'myshell', node_args: '-e' }, baseEnv: { PATH: join(dir, 'bin') } });
    expect(apps[0]).toMatchObject({ interpreter: join(dir, 'bin/myshell'), nodeArgs: ['-e'], execMode: 'fork' });
  });

  test('interpreter "node" means node; "none" runs the file itself', async () => {
    const dir = project({ 'a.js': '', 'b.sh+x': '' });
    expect((await load('a.js', dir, { overrides: { interpreter: 'node' } })).apps[0].interpreter).toBeUndefined();
    expect((await load('b.sh', dir, { overrides: { interpreter: 'none' } })).apps[0].interpreter).toBe('none');
  });

  test('an interpreter that does not exist is an error naming it', async () => {
    const dir = project({ 'a.py': '' });
    expect(await loadError('a.py', dir, { overrides: { interpreter: 'no-such-python' } })).toBe(
      'option --interpreter: interpreter "no-such-python": not found in PATH; use "node", "none" (run the script itself) or an installed command such as python3',
    );
  });

  test('cluster mode with a non-node interpreter is an error', async () => {
    const dir = ecosystem([{ name: 'sh', script: 'run.bin', exec_mode: 'cluster', instances: 2 }], { 'run.bin+x': '#!/bin/sh\n' });
    expect(await loadError('ecosystem.json', dir)).toBe(
      `ecosystem.json: app "sh": field "exec_mode": cluster mode runs Node.js workers, but ${join(dir, 'run.bin')} runs with interpreter "none"; use exec_mode "fork"`,
    );
  });

  test('a bare command name comes from PATH (PM2: script "npm")', async () => {
    const dir = project({ 'bin/tool+x': '#!/bin/sh\n', 'work/.keep': '' });
    const { apps } = await load('tool', join(dir, 'work'), { baseEnv: { PATH: join(dir, 'bin') } });
    expect(apps[0]).toMatchObject({ name: 'tool', script: join(dir, 'bin/tool'), interpreter: 'none' });
  });
});

describe('instances and exec_mode', () => {
  test.each([
    [3, 3, 'cluster'],
    [1, 1, 'cluster'], // PM2: instances set at all means cluster
    ['2', 2, 'cluster'],
    ['max', 4, 'cluster'],
    ['MAX', 4, 'cluster'],
    [0, 4, 'cluster'],
    [-1, 3, 'cluster'],
    ['-1', 3, 'cluster'],
    [-3, 1, 'cluster'],
    [-10, 1, 'cluster'],
  ])('instances %j on 4 CPUs → %d workers, %s mode', async (instances, count, mode) => {
    const { apps } = await load('ecosystem.json', ecosystem([{ script: 'app.js', instances }]));
    expect(apps[0]).toMatchObject({ instances: count, execMode: mode });
  });

  test('-1 on a single CPU still gives one worker', async () => {
    const { apps } = await load('ecosystem.json', ecosystem([{ script: 'app.js', instances: -1 }]), { cpus: 1 });
    expect(apps[0]).toMatchObject({ instances: 1, execMode: 'cluster' });
  });

  test.each([
    ['cluster', 'cluster'],
    ['cluster_mode', 'cluster'],
    ['fork', 'fork'],
    ['fork_mode', 'fork'],
  ])('exec_mode %j is %s', async (execMode, mode) => {
    const { apps } = await load('ecosystem.json', ecosystem([{ script: 'app.js', instances: 2, exec_mode: execMode }]));
    expect(apps[0].execMode).toBe(mode);
  });

  test('instances: "lots" names file, app, field, value and the accepted forms', async () => {
    const message = await loadError('ecosystem.json', ecosystem([{ name: 'web', script: 'app.js', instances: 'lots' }]));
    expect(message).toBe(
      'ecosystem.json: app "web": field "instances": "lots" is not valid; use a number of workers (1..1024), "max" (one per CPU, 4 here), 0 (= max) or -1 (= max - 1)',
    );
  });

  test.each([1.5, 5000, true, [2]])('instances %j is an error', async (instances) => {
    expect(await loadError('ecosystem.json', ecosystem([{ name: 'web', script: 'app.js', instances }]))).toMatch(
      /^ecosystem\.json: app "web": field "instances": .* is not valid; use a number of workers/,
    );
  });

  test('exec_mode: "turbo" names file, app, field, value and the accepted forms', async () => {
    const message = await loadError('ecosystem.json', ecosystem([{ name: 'web', script: 'app.js', exec_mode: 'turbo' }]));
    expect(message).toBe('ecosystem.json: app "web": field "exec_mode": "turbo" is not valid; use "cluster" or "fork"');
  });
});

describe('every error of a file at once', () => {
  test('config-bad.json reports each bad field of each app, one per line, with the typo warning', async () => {
    const message = await loadError('config-bad.json', fixtures);
    const lines = message.split('\n');
    expect(lines).toEqual([
      'config-bad.json: app "web": field "instances": "lots" is not valid; use a number of workers (1..1024), "max" (one per CPU, 4 here), 0 (= max) or -1 (= max - 1)',
      'config-bad.json: app "web": field "exec_mode": "turbo" is not valid; use "cluster" or "fork"',
      'config-bad.json: app "web": field "autorestart": "yes" is not valid; use true or false',
      'config-bad.json: app "web": field "min_uptime": "ten" is not a duration; use ms (1500) or "10s", "5m"',
      'config-bad.json: app "web": field "max_memory_restart": "lots" is not a size; use bytes (1048576) or "300K", "500M", "1G"',
      expect.stringMatching(
        /^config-bad\.json: app "web": field "cron_restart": "61 \* \* \* \*" is not a valid cron pattern \(.*\); use e\.g\. "0 3 \* \* \*"/,
      ),
      `config-bad.json: app "gone": field "script": script not found: ${join(fixtures, 'config-no-such-script.js')}`,
      'warning: config-bad.json: app "web": unknown field "instancse" ignored (did you mean "instances"?)',
    ]);
  });

  test('a syntax error in the ecosystem file names the file and the line', async () => {
    expect(await loadError('config-syntax-error.config.cjs', fixtures)).toBe("config-syntax-error.config.cjs: line 3: SyntaxError: Unexpected token ','");
  });

  test('an ecosystem file that does not exist names the path', async () => {
    expect(await loadError('nope/ecosystem.config.js', fixtures)).toBe(
      `nope/ecosystem.config.js: ecosystem file not found (looked for ${join(fixtures, 'nope/ecosystem.config.js')})`,
    );
  });

  test('an app without a script, an entry that is not an object, duplicate names', async () => {
    const message = await loadError('ecosystem.json', ecosystem([{ name: 'a' }, 'app.js', { script: 'app.js' }, { script: 'app.js' }]));
    expect(message.split('\n')).toEqual([
      'ecosystem.json: app "a": field "script" is missing; set it to the file to run, e.g. "server.js"',
      'ecosystem.json: app #2: "app.js" is not an app; each entry of "apps" is an object such as { "script": "server.js" }',
      'ecosystem.json: apps #3 and #4 are both named "app"; names must be unique (set "name")',
    ]);
  });

  test('app names: the message states the rule enforced; spaces inside a name are accepted as PM2 accepts them', async () => {
    const rule =
      'is not a usable name; a name may hold any characters but ":", "/", "\\" and control characters, must not start or end with a space, and must not be "all" or only digits';
    for (const bad of ['a/b', 'h:0', 'a\\b', ' web', '42', 'all']) {
      expect(await loadError('ecosystem.json', ecosystem([{ name: bad, script: 'app.js' }]))).toBe(
        `ecosystem.json: app ${JSON.stringify(bad)}: field "name": ${JSON.stringify(bad)} ${rule}`,
      );
    }
    const { apps } = await load(
      'ecosystem.json',
      ecosystem([
        { name: 'c d', script: 'app.js' },
        { name: 'web.v2_a-b', script: 'app.js' },
      ]),
    );
    expect(apps.map((a) => a.name)).toEqual(['c d', 'web.v2_a-b']);
    const dir = project({ 'app.js': '' });
    expect(await loadError('app.js', dir, { overrides: { name: 'x:1' } })).toMatch(new RegExp(`"x:1" ${rule.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  });

  test('an empty apps list', async () => {
    expect(await loadError('ecosystem.json', ecosystem([]))).toBe('ecosystem.json: "apps" is empty; add at least one app, e.g. { script: "server.js" }');
  });

  test.each([
    ['name', 'all', /is not a usable name/],
    ['name', 'a:b', /is not a usable name/],
    ['name', 'web\u009b2J', /is not a usable name/],
    ['name', 'web\u007f', /is not a usable name/],
    ['max_restarts', -1, /"max_restarts": -1 is not valid; use a whole number, 0 or more/],
    ['max_restarts', 'many', /"max_restarts": "many" is not valid; use a whole number/],
    ['kill_timeout', 'soon', /"kill_timeout": "soon" is not a duration/],
    ['drain_timeout', 'later', /"drain_timeout": "later" is not a duration/],
    ['stop_exit_codes', ['0'], /"stop_exit_codes": \["0"\] is not valid; use an exit code \(0\.\.255\) or an array/],
    ['env', 'PORT=1', /"env": "PORT=1" is not valid; use an object of variables/],
    ['env_production', [], /"env_production": \[\] is not valid; use an object of variables/],
    ['watch', 5, /"watch": 5 is not valid; use a string or an array of strings/],
    ['args', { a: 1 }, /"args": \{"a":1\} is not valid; use a string/],
    ['instance_var', 'MY-VAR', /"instance_var": "MY-VAR" is not valid; use an environment variable name/],
    ['cwd', 'no/such/dir', /"cwd": directory not found: .*no\/such\/dir$/],
    ['out_file', 42, /"out_file": 42 is not valid; use a file path/],
    ['port', 70000, /"port": 70000 is not valid; use a whole number, from 0 to 65535/],
    ['metrics', 'on', /"metrics": "on" is not valid; use true or false/],
    ['max_event_loop_delay', 'slow', /"max_event_loop_delay": "slow" is not a duration; use ms/],
    ['max_heap', '1T', /"max_heap": "1T" is not a size; use bytes/],
    ['unhealthy_checks', 0, /"unhealthy_checks": 0 is not valid; use a whole number, 1 or more/],
  ])('%s: %j is an error naming app, field and value', async (field, value, pattern) => {
    const message = await loadError('ecosystem.json', ecosystem([{ name: 'web', script: 'app.js', [field]: value }]));
    const app = field === 'name' ? JSON.stringify(value) : '"web"';
    expect(message.startsWith(`ecosystem.json: app ${app}: field "${field}": `)).toBe(true);
    expect(message).toMatch(pattern);
  });
});

describe('fields', () => {
  test('units, lists, booleans and PM2 aliases', async () => {
    const dir = ecosystem([
      {
        name: 'web',
        script: 'app.js',
        args: '--port 80 "two words"',
        node_args: ['--max-old-space-size=512'],
        interpreter_args: '--trace-warnings',
        autorestart: false,
        max_restarts: '5',
        min_uptime: '10s',
        restart_delay: 250,
        exp_backoff_restart_delay: '100ms',
        stop_exit_codes: 0,
        max_memory_restart: '500M',
        kill_timeout: '3s',
        wait_ready: true,
        listen_timeout: '1m',
        shutdown_with_message: 'true',
        cron: '0 3 * * *',
        output: 'logs/out.log',
        err_file: '/dev/null',
        log: '/tmp/combined.log',
        combine_logs: true,
        log_date_format: 'YYYY-MM-DD HH:mm Z',
        time: true,
        instance_var: 'INSTANCE_ID',
        drain: false,
        metrics: false,
        max_event_loop_delay: '250ms',
        max_heap: '300M',
        unhealthy_checks: 3,
        log_max_size: '10M',
        log_retain: 3,
        log_compress: true,
        drain_timeout: '2s',
      },
    ]);
    const { apps, warnings } = await load('ecosystem.json', dir);
    expect(warnings).toEqual([]);
    expect(apps[0]).toMatchObject({
      args: ['--port', '80', 'two words'],
      nodeArgs: ['--max-old-space-size=512', '--trace-warnings'],
      autorestart: false,
      maxRestarts: 5,
      minUptime: 10_000,
      restartDelay: 250,
      expBackoffRestartDelay: 100,
      stopExitCodes: [0],
      maxMemoryRestart: 500 * 1024 * 1024,
      killTimeout: 3000,
      waitReady: true,
      listenTimeout: 60_000,
      shutdownWithMessage: true,
      cronRestart: '0 3 * * *',
      outFile: join(dir, 'logs/out.log'),
      errorFile: '/dev/null',
      logFile: '/tmp/combined.log',
      mergeLogs: true,
      logDateFormat: 'YYYY-MM-DD HH:mm Z',
      time: true,
      instanceVar: 'INSTANCE_ID',
      drain: false,
      metrics: false,
      maxEventLoopDelay: 250,
      maxHeap: 300 * 1024 * 1024,
      unhealthyChecks: 3,
      logMaxSize: 10 * 1024 * 1024,
      logRetain: 3,
      logCompress: true,
      drainTimeout: 2000,
    });
  });

  test('cwd is relative to the ecosystem file; script, logs and watch paths to the cwd', async () => {
    const dir = project({
      'deploy/ecosystem.json': JSON.stringify({
        apps: [{ script: 'server.js', cwd: '../srv', watch: ['lib', '/etc/app'], ignore_watch: ['*.log'], out_file: 'out.log' }],
      }),
      'srv/server.js': '',
    });
    const { apps } = await load('deploy/ecosystem.json', dir);
    expect(apps[0]).toMatchObject({
      cwd: join(dir, 'srv'),
      script: join(dir, 'srv/server.js'),
      watch: [join(dir, 'srv/lib'), '/etc/app'],
      ignoreWatch: ['node_modules', '.git', '*.log'],
      outFile: join(dir, 'srv/out.log'),
    });
  });

  test('the default cwd is the directory of the ecosystem file; watch: true watches it', async () => {
    const dir = project({ 'conf/ecosystem.config.cjs': 'module.exports = { apps: [{ script: "a.js", watch: true }] };', 'conf/a.js': '' });
    const { apps } = await load('conf/ecosystem.config.cjs', dir);
    expect(apps[0]).toMatchObject({ cwd: join(dir, 'conf'), watch: [join(dir, 'conf')], name: 'a' });
  });

  test('unknown fields are warnings naming them, with a guess for typos; PM2-only fields are quiet or flagged', async () => {
    const dir = ecosystem([{ name: 'web', script: 'app.js', instaces: 2, maxMemoryRestart: '1G', frobnicate: 1, vizion: false, uid: 'www' }]);
    const { apps, warnings } = await load('ecosystem.json', dir);
    expect(apps).toHaveLength(1);
    expect(warnings).toEqual([
      'ecosystem.json: app "web": unknown field "instaces" ignored (did you mean "instances"?)',
      'ecosystem.json: app "web": unknown field "maxMemoryRestart" ignored (did you mean "max_memory_restart"?)',
      'ecosystem.json: app "web": unknown field "frobnicate" ignored',
      'ecosystem.json: app "web": field "uid" (PM2) is not supported by clmon and is ignored',
    ]);
  });
});

describe('environment', () => {
  test('caller env, then env, then env_<name>; values stringified; null unsets; port sets PORT', async () => {
    const dir = ecosystem([
      {
        script: 'app.js',
        env: { A: 'env', B: 'env', C: 1, D: null, OBJ: { x: 1 } },
        env_production: { B: 'production', E: true },
        env_staging: { B: 'staging' },
        port: 8080,
      },
    ]);
    const baseEnv = { A: 'base', B: 'base', D: 'base', Z: 'base', PATH: process.env.PATH };
    const { apps, warnings } = await load('ecosystem.json', dir, { baseEnv, envName: 'production' });
    expect(warnings).toEqual([]);
    expect(apps[0].env).toEqual({ A: 'env', B: 'production', C: '1', E: 'true', OBJ: '{"x":1}', Z: 'base', PORT: '8080', PATH: process.env.PATH });
  });

  test('without --env, env_<name> sections do not apply', async () => {
    const { apps } = await load('config-cjs.config.cjs', fixtures, { baseEnv: { PATH: process.env.PATH } });
    expect(apps[0].env).toMatchObject({ PORT: '3000', NODE_ENV: 'development' });
  });

  test('an --env name that no app defines is a warning', async () => {
    const { apps, warnings } = await load('config-cjs.config.cjs', fixtures, { envName: 'prod' });
    expect(apps[0].env.NODE_ENV).toBe('development');
    expect(warnings).toEqual(['option --env prod: no app in config-cjs.config.cjs defines "env_prod"; only "env" applies']);
  });

  test('the ecosystem file is evaluated with the caller env as process.env', async () => {
    const dir = project({ 'ecosystem.config.cjs': 'module.exports = { apps: [{ script: "a.js", instances: process.env.WORKERS }] };', 'a.js': '' });
    const { apps } = await load('ecosystem.config.cjs', dir, { baseEnv: { WORKERS: '3' } });
    expect(apps[0].instances).toBe(3);
  });
});

describe('the fixtures load into complete apps', () => {
  test.each([
    ['config-cjs.config.cjs', ['web', 'jobs'], [2, 1]],
    ['config-module-exports.config.js', ['web'], [3]],
    ['config-esm.config.mjs', ['web'], [1]],
    ['config-array.config.mjs', ['config-server', 'config-worker'], [1, 1]],
    ['config-apps.json', ['web'], [4]],
    ['config-cjs-pkg/ecosystem.config.js', ['api'], [1]],
  ])('%s', async (file, names, instances) => {
    const { apps } = await load(file, fixtures);
    expect(apps.map((a) => a.name)).toEqual(names);
    expect(apps.map((a) => a.instances)).toEqual(instances);
    for (const app of apps) expect(app.script.startsWith(fixtures)).toBe(true);
  });
});
