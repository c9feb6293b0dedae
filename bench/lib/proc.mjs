// Process control for the benchmark: run a command to completion (bounded time and output),
// start a long-running one, signal and wait by pid. Every child gets the run's token.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { onCleanup } from './cleanup.mjs';

const MAX_OUTPUT = 8 * 1024 * 1024;

/** Resolve after ms. */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Run a command to its end; resolves {code, signal, stdout, stderr, ms}; killed at timeoutMs. */
export function runCommand(cmd, args, { env, cwd, timeoutMs = 60_000, input } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, args, { env: env ?? process.env, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    // Interrupted mid-command (Ctrl-C), the command is killed too.
    const forget = onCleanup(`${cmd} ${args[0] ?? ''}`, () => killPid(child.pid, 'SIGKILL'));
    const out = [];
    const err = [];
    let outLen = 0;
    let errLen = 0;
    child.stdout.on('data', (b) => {
      if (outLen < MAX_OUTPUT) out.push(b);
      outLen += b.length;
    });
    child.stderr.on('data', (b) => {
      if (errLen < MAX_OUTPUT) err.push(b);
      errLen += b.length;
    });
    child.stdin.on('error', () => {}); // a command that exits without reading its stdin
    child.stdin.end(input ?? '');
    const timer = setTimeout(() => {
      killPid(child.pid, 'SIGKILL');
      reject(new Error(`${cmd} ${args.join(' ')} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      forget.cancel();
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      resolve({ code, signal, ms, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() });
    });
  });
}

/** Like runCommand, but a non-zero exit is an error that quotes the command's stderr. */
export async function runChecked(cmd, args, opts) {
  const result = await runCommand(cmd, args, opts);
  if (result.code !== 0) {
    const tail = (result.stderr || result.stdout).trim().split('\n').slice(-5).join(' | ');
    throw new Error(`${[cmd, ...args].join(' ')} exited with ${result.code ?? result.signal}: ${tail}`);
  }
  return result;
}

/**
 * Start a long-running child; it is killed (SIGTERM, then SIGKILL) at cleanup unless it ended.
 * `detached`: in a session of its own, as a daemon runs (the kernel's autogroup scheduling then
 * treats it as it treats clmon's and PM2's daemons).
 */
export function startProcess(cmd, args, { env, cwd, label = cmd, detached = false } = {}) {
  const child = spawn(cmd, args, { env: env ?? process.env, cwd, detached, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  child.on('error', () => {});
  const stop = onCleanup(label, async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    killPid(child.pid, 'SIGTERM');
    if (!(await waitExit(child.pid, 5000))) killPid(child.pid, 'SIGKILL');
    await waitExit(child.pid, 5000);
  });
  return { child, exited, stop };
}

/** Send a signal; false if the process is already gone. */
export function killPid(pid, signal) {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** True while pid exists and is not a zombie. */
export function isAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return !isZombie(pid);
}

function isZombie(pid) {
  try {
    return /\) Z /.test(readStat(pid));
  } catch {
    return false;
  }
}

function readStat(pid) {
  return readFileSync(`/proc/${pid}/stat`, 'latin1');
}

/** Wait until pid is gone; false at timeout. */
export async function waitExit(pid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(25);
  }
  return true;
}

/** Poll fn until it returns a truthy value; throws naming `what` at timeout. */
export async function waitFor(fn, { timeoutMs = 30_000, intervalMs = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (${lastError.message})` : ''}`);
    }
    await sleep(intervalMs);
  }
}
