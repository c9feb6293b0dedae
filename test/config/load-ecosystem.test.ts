import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { evaluateInWorker } from '../../src/config/evaluate-in-worker.js';
import { isEcosystemFile, loadEcosystem } from '../../src/config/load-ecosystem.js';
import { UserError } from '../../src/errors.js';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
const fixture = (name: string): string => join(fixtures, name);

/** The UserError a load fails with (the test fails if it does not fail). */
async function loadError(file: string, label: string): Promise<UserError> {
  const err = await loadEcosystem(file, label).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  return err as UserError;
}

const tmpDirs: string[] = [];
function tmp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'clmon-config-'));
  tmpDirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of tmpDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('load forms', () => {
  test('CommonJS module.exports = { apps } (.cjs)', async () => {
    const apps = await loadEcosystem(fixture('config-cjs.config.cjs'), 'x');
    expect(apps).toHaveLength(2);
    expect(apps[0]).toMatchObject({ name: 'web', script: './config-server.js', instances: 2, env_production: { NODE_ENV: 'production' } });
    expect(apps[1]).toMatchObject({ name: 'jobs', min_uptime: '10s' });
  });

  test('module.exports in a .js file of a "type": "module" package still loads (as PM2 users write it)', async () => {
    const apps = await loadEcosystem(fixture('config-module-exports.config.js'), 'x');
    expect(apps).toEqual([{ name: 'web', script: 'config-server.js', exec_mode: 'cluster_mode', instances: 3 }]);
  });

  test('a .js file in a CommonJS package', async () => {
    const apps = await loadEcosystem(fixture('config-cjs-pkg/ecosystem.config.js'), 'x');
    expect(apps).toEqual([{ name: 'api', script: '../config-worker.cjs', env_staging: { STAGE: 'yes' } }]);
  });

  test('ESM export default (.mjs)', async () => {
    const apps = await loadEcosystem(fixture('config-esm.config.mjs'), 'x');
    expect(apps).toEqual([{ name: 'web', script: 'config-server.js', kill_timeout: '3s', args: '--port 80 "two words"' }]);
  });

  test('a bare array', async () => {
    const apps = await loadEcosystem(fixture('config-array.config.mjs'), 'x');
    expect(apps).toEqual([{ script: 'config-server.js' }, { script: 'config-worker.cjs', exec_mode: 'fork' }]);
  });

  test('JSON', async () => {
    const apps = await loadEcosystem(fixture('config-apps.json'), 'x');
    expect(apps).toEqual([{ name: 'web', script: 'config-server.js', instances: 'max', watch: true, out_file: 'logs/web.log' }]);
  });

  test('named ESM exports (export const apps) and a single app object', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'ecosystem.config.mjs'), 'export const apps = { script: "a.js" };\n');
    expect(await loadEcosystem(join(dir, 'ecosystem.config.mjs'), 'x')).toEqual([{ script: 'a.js' }]);
  });
});

describe('a reload reads the file again', () => {
  test.each([
    ['ecosystem.config.cjs', (v: number) => `module.exports = { apps: [{ script: "a.js", instances: ${v} }] };\n`],
    ['ecosystem.config.mjs', (v: number) => `export default { apps: [{ script: "a.js", instances: ${v} }] };\n`],
    ['ecosystem.config.js', (v: number) => `module.exports = { apps: [{ script: "a.js", instances: ${v} }] };\n`],
  ])('%s', async (name, source) => {
    const dir = tmp();
    const file = join(dir, name);
    writeFileSync(file, source(1));
    expect(await loadEcosystem(file, 'x')).toEqual([{ script: 'a.js', instances: 1 }]);
    writeFileSync(file, source(2));
    expect(await loadEcosystem(file, 'x')).toEqual([{ script: 'a.js', instances: 2 }]);
  });
});

test('the file sees the given environment as process.env', async () => {
  const dir = tmp();
  const file = join(dir, 'ecosystem.config.cjs');
  writeFileSync(file, 'module.exports = { apps: [{ script: "a.js", env: { PORT: process.env.PORT, HOME: process.env.HOME } }] };\n');
  expect(await loadEcosystem(file, 'x', { PORT: '4321' })).toEqual([{ script: 'a.js', env: { PORT: '4321' } }]);
});

describe('load errors name the file, the line and the message, without a stack', () => {
  test('syntax error in a CommonJS file', async () => {
    const err = await loadError(fixture('config-syntax-error.config.cjs'), 'config-syntax-error.config.cjs');
    expect(err.message).toBe("config-syntax-error.config.cjs: line 3: SyntaxError: Unexpected token ','");
  });

  test('syntax error in an ES module', async () => {
    const err = await loadError(fixture('config-syntax-error.config.mjs'), 'config-syntax-error.config.mjs');
    expect(err.message).toMatch(/^config-syntax-error\.config\.mjs: line 3: SyntaxError: Unexpected identifier/);
  });

  test('a throw while loading', async () => {
    const err = await loadError(fixture('config-throws.config.cjs'), 'config-throws.config.cjs');
    expect(err.message).toBe('config-throws.config.cjs: line 3: Error: PORT is not set');
  });

  test('a throw in an ES module', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'ecosystem.config.mjs'), 'const x = 1;\n\nthrow new TypeError("bad config " + x);\n');
    const err = await loadError(join(dir, 'ecosystem.config.mjs'), 'ecosystem.config.mjs');
    expect(err.message).toBe('ecosystem.config.mjs: line 3: TypeError: bad config 1');
  });

  test('invalid JSON', async () => {
    const err = await loadError(fixture('config-invalid.json'), 'config-invalid.json');
    expect(err.message).toMatch(/^config-invalid\.json: line 3, column 21: invalid JSON: invalid character '.*' \(comments, trailing commas/);
  });

  test('an expression in a .json file: the error says JSON is data and expressions need an ecosystem.config.js', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'ecosystem.json'), '{\n  apps: [{\n    script: "app.js",\n    cwd: process.env.HOME,\n  }],\n}\n');
    const err = await loadError(join(dir, 'ecosystem.json'), 'ecosystem.json');
    expect(err.message).toBe(
      "ecosystem.json: line 4, column 10: invalid JSON: invalid character 'p' (comments, trailing commas, unquoted keys and single quotes are allowed, as in PM2); " +
        'a .json file is data, not code: for expressions such as process.env.HOME or require(), write an ecosystem.config.js (module.exports = { apps: [...] })',
    );
    writeFileSync(join(dir, 'ecosystem.json5'), '{ apps: [{ script: "app.js", instances: 2 2 }] }');
    const plain = await loadError(join(dir, 'ecosystem.json5'), 'ecosystem.json5');
    expect(plain.message).toMatch(
      /invalid JSON5: invalid character '2' \(comments, trailing commas, unquoted keys and single quotes are allowed, as in PM2\)$/,
    );
  });

  test('no apps exported', async () => {
    const err = await loadError(fixture('config-no-apps.config.cjs'), 'config-no-apps.config.cjs');
    expect(err.message).toMatch(/^config-no-apps\.config\.cjs: exports no "apps" array; expected module\.exports = \{ apps: /);
  });

  test('a missing file names the path', async () => {
    const err = await loadError(fixture('config-nope.config.js'), 'config-nope.config.js');
    expect(err.message).toBe(`config-nope.config.js: ecosystem file not found (looked for ${fixture('config-nope.config.js')})`);
  });

  test('ESM syntax in a "type": "commonjs" package gets a hint', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'package.json'), '{ "type": "commonjs" }');
    writeFileSync(join(dir, 'ecosystem.config.js'), 'export default { apps: [{ script: "a.js" }] };\n');
    const err = await loadError(join(dir, 'ecosystem.config.js'), 'ecosystem.config.js');
    expect(err.message).toMatch(/^ecosystem\.config\.js: line 1: SyntaxError: .*; this file uses ESM syntax: rename it to \.mjs/);
  });

  test('ESM syntax in a package without "type" loads where Node detects it, else gets the hint', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'package.json'), '{}');
    writeFileSync(join(dir, 'ecosystem.config.js'), 'export default { apps: [{ script: "a.js" }] };\n');
    const result = await loadEcosystem(join(dir, 'ecosystem.config.js'), 'ecosystem.config.js').catch((e: unknown) => e);
    if (result instanceof UserError) expect(result.message).toMatch(/rename it to \.mjs/);
    else expect(result).toEqual([{ script: 'a.js' }]);
  });

  test('a file exporting functions', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'ecosystem.config.cjs'), 'module.exports = { apps: [{ script: "a.js", hook() {} }] };\n');
    const err = await loadError(join(dir, 'ecosystem.config.cjs'), 'ecosystem.config.cjs');
    expect(err.message).toMatch(/^ecosystem\.config\.cjs: Error: exports something that is not plain data/);
  });

  for (const err of ['syntax', 'throw']) {
    test(`no stack trace in the message (${err})`, async () => {
      const name = err === 'syntax' ? 'config-syntax-error.config.cjs' : 'config-throws.config.cjs';
      const message = (await loadError(fixture(name), name)).message;
      expect(message).not.toMatch(/\n|\s+at /);
    });
  }
});

describe('a file that never finishes or exits cannot take clmon with it', () => {
  test('a hang is cut off', async () => {
    const dir = tmp();
    const file = join(dir, 'ecosystem.config.cjs');
    writeFileSync(file, 'for (;;) {}\n');
    await expect(evaluateInWorker(file, 'commonjs', {}, 300)).rejects.toMatchObject({ message: 'did not finish loading within 0.3s' });
  });

  test('process.exit while loading', async () => {
    const dir = tmp();
    const file = join(dir, 'ecosystem.config.cjs');
    writeFileSync(file, 'process.exit(3);\n');
    await expect(evaluateInWorker(file, 'commonjs', {})).rejects.toMatchObject({ message: 'exited with code 3 while loading (process.exit?)' });
  });

  test('timers left open do not keep the load pending', async () => {
    const dir = tmp();
    const file = join(dir, 'ecosystem.config.cjs');
    writeFileSync(file, 'setInterval(() => {}, 1000);\nmodule.exports = [{ script: "a.js" }];\n');
    expect(await evaluateInWorker(file, 'commonjs', {})).toEqual([{ script: 'a.js' }]);
  });
});

test('ecosystem files are recognised by name', () => {
  for (const name of ['ecosystem.config.js', 'ecosystem.config.cjs', 'pm2.config.mjs', 'apps.json', '/a/b/ecosystem.js', 'ecosystem.prod.cjs']) {
    expect(isEcosystemFile(name), name).toBe(true);
  }
  for (const name of ['server.js', 'app.mjs', 'bin/www', 'config.js', 'run.sh']) {
    expect(isEcosystemFile(name), name).toBe(false);
  }
});
