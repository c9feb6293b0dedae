// `clmon` / `clmon attach` end to end in a real terminal (tmux): the TUI shows the daemon's
// workers, `q` (or a closed terminal) detaches and leaves the group running, and a daemon that goes away ends the TUI
// with exit 1 and a message. Skipped where tmux is missing.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, fixture, Harness, isAlive, waitFor } from '../daemon/daemon-harness.js';
import { hasTmux as hasTmuxHere } from '../e2e/tmux.js';

const hasTmux = hasTmuxHere();

const h = new Harness();
const server = `clmon-attach-test-${process.pid}`;
const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', server, ...args], { encoding: 'utf8' });
const screen = (): string => tmux('capture-pane', '-p', '-t', 'attach');

/** Run the command in a fresh 120x40 tmux pane; prints EXIT=<code> when it ends. */
function open(args: string): void {
  const command = `env -u CI node ${BIN} --home ${h.home} ${args}; echo EXIT=$?; sleep 60`;
  tmux('new-session', '-d', '-s', 'attach', '-x', '120', '-y', '40', command);
  h.track(Number(tmux('display-message', '-p', '-t', 'attach', '#{pane_pid}').trim()));
}

function close(): void {
  try {
    tmux('kill-session', '-t', 'attach');
  } catch {
    // already gone
  }
}

beforeAll(async () => {
  if (!hasTmux) return;
  expect((await h.clmon(['start', fixture('daemon-env.cjs'), '--name', 'web', '-i', '2', '--exec-mode', 'cluster'])).code).toBe(0);
});
afterAll(async () => {
  if (hasTmux) {
    try {
      tmux('kill-server');
    } catch {
      // no server left
    }
  }
  await h.cleanup();
});

describe.skipIf(!hasTmux)('clmon attach in a terminal', () => {
  it('bare clmon attaches to the daemon; q detaches and the group keeps running', async () => {
    const pids = (await h.ls()).apps[0]!.workers.map((w) => w.pid!);
    open('');
    await waitFor(() => /daemon/.test(screen()) && /web/.test(screen()) && screen().includes(String(pids[1])), 30_000, 'the TUI');
    tmux('send-keys', '-t', 'attach', 'q');
    await waitFor(() => screen().includes('EXIT='), 20_000, 'detach');
    expect(screen()).toMatch(/EXIT=0/);
    close();
    expect(isAlive(h.daemonPid()!)).toBe(true);
    for (const pid of pids) expect(isAlive(pid)).toBe(true);
  });

  it('a closed terminal (tmux kill-session: EOF, SIGHUP, EIO) detaches as q would: exit 0, the group keeps running', async () => {
    const pids = (await h.ls()).apps[0]!.workers.map((w) => w.pid!);
    // The shell outlives the hang-up (its trap runs once clmon ended) to keep clmon's status.
    const status = join(h.home, 'hangup-status');
    const command = `trap true HUP; env -u CI node ${BIN} --home ${h.home} attach; echo $? > ${status}`;
    tmux('new-session', '-d', '-s', 'attach', '-x', '120', '-y', '40', `sh -c '${command}'`);
    h.track(Number(tmux('display-message', '-p', '-t', 'attach', '#{pane_pid}').trim()));
    await waitFor(() => /web/.test(screen()) && screen().includes(String(pids[1])), 30_000, 'the TUI');
    close();
    await waitFor(() => existsSync(status) && readFileSync(status, 'utf8').trim() !== '', 20_000, 'clmon to end after the hang-up');
    expect(readFileSync(status, 'utf8').trim()).toBe('0');
    expect(isAlive(h.daemonPid()!)).toBe(true);
    for (const pid of pids) expect(isAlive(pid)).toBe(true);
    expect((await h.ls()).apps[0]!.workers.map((w) => w.pid)).toEqual(pids);
  });

  it('ends with exit 1 and says so when the daemon goes away', async () => {
    open('attach');
    await waitFor(() => /web/.test(screen()), 30_000, 'the TUI');
    expect((await h.clmon(['kill'])).code).toBe(0);
    await waitFor(() => screen().includes('EXIT='), 20_000, 'the TUI to end');
    expect(screen()).toMatch(/lost the connection to the daemon of home/);
    expect(screen()).toMatch(/EXIT=1/);
    close();
  });

  it('says how to start a group when nothing runs (exit 1)', async () => {
    const result = await h.clmon(['attach']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`no clmon daemon or run is running for home ${h.home}; start one with \`clmon start <script>\``));
  });
});
