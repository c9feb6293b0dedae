// Run a JS ecosystem file in a throwaway worker thread and take back what it exports. A fresh
// worker has empty module caches, so an edited file is always read again (import() caches CommonJS
// by path whatever the query string, and every cache-busted ESM copy would stay in memory); the
// file sees the caller's environment; and a file that hangs or calls process.exit cannot take the
// supervisor with it. The worker is plain JS evaluated by Node itself, never by a bundler.
import { Worker } from 'node:worker_threads';
import type { ModuleFormat } from './module-format.js';

/** What a failed load threw, as plain data (errors do not cross threads intact). */
export interface LoadFailure {
  name: string;
  message: string;
  stack: string;
}

const LOAD_TIMEOUT_MS = 10_000;

/** The file's export (`default`, else the namespace); rejects with a LoadFailure. */
export function evaluateInWorker(file: string, format: ModuleFormat, env: Record<string, string>, timeoutMs = LOAD_TIMEOUT_MS): Promise<unknown> {
  return new Promise((resolve, reject) => {
    // no inherited node flags: --input-type=module, for one, would turn this CommonJS code into ESM
    const worker = new Worker(WORKER_SOURCE, { eval: true, env, execArgv: [], workerData: { file, format } });
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      // timers or sockets the file left open must not keep anything alive
      void worker.terminate();
    };
    const timer = setTimeout(() => finish(() => reject(failure('Error', `did not finish loading within ${timeoutMs / 1000}s`))), timeoutMs);
    worker.on('message', (msg: { ok: boolean; value?: unknown; error?: LoadFailure }) => finish(() => (msg.ok ? resolve(msg.value) : reject(msg.error))));
    worker.on('error', (err) => finish(() => reject(failure(err.name, err.message, err.stack))));
    worker.on('exit', (code) => finish(() => reject(failure('Error', `exited with code ${code} while loading (process.exit?)`))));
  });
}

function failure(name: string, message: string, stack = ''): LoadFailure {
  return { name, message, stack };
}

// CommonJS worker code. A `module.exports` file inside a "type": "module" package (PM2 users' files
// often are) fails as ESM with "module is not defined in ES module scope": it is then compiled as
// CommonJS, since that is what its contents ask for. ESM syntax in a CommonJS package gets import().
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { Module } = require('node:module');
const { readFileSync } = require('node:fs');
const { dirname } = require('node:path');
const { pathToFileURL } = require('node:url');
const { file, format } = workerData;
// eval'd worker code leaks these onto globalThis, where ES modules would find them
for (const name of ['module', 'require', 'exports', '__filename', '__dirname']) delete globalThis[name];

const looksCommonJs = (e) => e instanceof ReferenceError &&
  /\\b(module|exports|require|__dirname|__filename) is not defined in ES module scope/.test(e.message);
const looksEsm = (e) => e instanceof SyntaxError &&
  /Cannot use import statement|Unexpected token 'export'|import\\.meta/.test(e.message);

const unwrap = (v) => Object.prototype.toString.call(v) === '[object Module]'
  ? (v.default !== undefined ? v.default : { ...v }) : v;

async function importDefault() {
  return unwrap(await import(pathToFileURL(file).href));
}

function compileCommonJs() {
  const mod = new Module(file);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(dirname(file));
  mod._compile(readFileSync(file, 'utf8').replace(/^\\uFEFF/, ''), file);
  return mod.exports;
}

async function load() {
  if (format === 'commonjs') {
    // Node 20.19+ may require() an ES module and hand back its namespace
    try { return unwrap(Module.createRequire(file)(file)); } catch (e) { if (!looksEsm(e)) throw e; return importDefault(); }
  }
  try { return await importDefault(); } catch (e) { if (!looksCommonJs(e)) throw e; return compileCommonJs(); }
}

const plain = (e) => e instanceof Error
  ? { name: e.name, message: e.message, stack: String(e.stack || '') }
  : { name: 'Error', message: 'threw ' + String(e), stack: '' };

load().then((value) => {
  try {
    parentPort.postMessage({ ok: true, value });
  } catch (e) {
    parentPort.postMessage({ ok: false, error: { name: 'Error', message:
      'exports something that is not plain data (' + e.message + '); an ecosystem file exports objects, arrays, strings, numbers and booleans', stack: '' } });
  }
}, (e) => parentPort.postMessage({ ok: false, error: plain(e) }));
`;
