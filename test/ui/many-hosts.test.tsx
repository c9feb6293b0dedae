// The same App over many hosts (docs/cli.md#many-hosts): with several hosts the table grows a row per host with
// its link state, the header a line of link states; app names show without the host, actions
// name it. --read-only disables every action and says why on the key press.
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostLinkState, Snapshot } from '../../src/model/types.js';
import { ReadOnlySource } from '../../src/sources/read-only-source.js';
import { App } from '../../src/ui/App.js';
import { hostsLine } from '../../src/ui/hosts-model.js';
import { lineText } from '../../src/ui/line.js';
import { TuiStore } from '../../src/ui/store.js';
import { FakeSource } from './helpers/fake-source.js';
import { app, twoApps, worker } from './helpers/snapshots.js';
import { eventually } from '../helpers/wait-for.js';

let store: TuiStore | null = null;
afterEach(() => {
  cleanup();
  store?.stop();
});

function twoHosts(): Snapshot {
  return {
    apps: [
      { ...app('web-1/web', [worker(0, { pid: 1000 }), worker(1, { pid: 1001 })]), host: 'web-1' },
      { ...app('web-2/web', [worker(0, { pid: 2000 })]), host: 'web-2' },
    ],
    hosts: [
      { label: 'web-1', state: 'connected' },
      { label: 'web-2', state: 'connected' },
      { label: 'web-3', state: 'reconnecting', reason: 'exited with code 255: ssh: connect to host web-3 port 22: Connection refused', retryInMs: 4000 },
    ],
  };
}

async function mount(source: FakeSource | ReadOnlySource) {
  store = new TuiStore(source, { hostIntervalMs: 0 });
  await store.start();
  const ui = render(<App store={store} source={source} mode="attach" onQuit={() => {}} size={{ columns: 100, rows: 24 }} />);
  await eventually(() => expect(ui.lastFrame()).toContain('▶ #0'));
  const press = async (keys: string, expected: string | RegExp): Promise<void> => {
    ui.stdin.write(keys);
    await eventually(() => expect(ui.lastFrame()).toMatch(expected));
  };
  return { ui, press };
}

describe('many hosts in the App', () => {
  it('groups apps under a row per host, with each link state, and routes actions by host', async () => {
    const source = new FakeSource(twoHosts());
    const { ui, press } = await mount(source);
    const lines = ui.lastFrame()!.split('\n');
    expect(lines).toHaveLength(23);
    expect(lines[1]).toMatch(/^hosts 2\/3 · keys act on web-1 {2}◌ web-3 reconnecting \(retry in \d\.\ds\): exited with code 255: ssh: con/);
    expect(lines[3]).toMatch(/^● web-1 {2}1 app, 2\/2 online/);
    expect(lines[4]).toMatch(/^web {2}cluster/);
    expect(lines[7]).toMatch(/^● web-2 {2}1 app, 1\/1 online/);
    expect(lines[8]).toMatch(/^web {2}cluster/);
    expect(lines[10]).toMatch(/^◌ web-3 {2}reconnecting/);
    await press('jj', /▶ #0\s+2000/);
    expect(ui.lastFrame()!.split('\n')[1]).toMatch(/^hosts 2\/3 · keys act on web-2 /);
    await press('r', /restarted web-2\/web:0/);
    expect(source.calls).toEqual(['restart web-2/web:0']);
  });

  it('one host: the hosts line, no host rows', async () => {
    const one: Snapshot = { apps: [{ ...app('web', [worker(0, { pid: 1000 })]), host: 'web-1' }], hosts: [{ label: 'web-1', state: 'connected' }] };
    const { ui } = await mount(new FakeSource(one));
    const lines = ui.lastFrame()!.split('\n');
    expect(lines[1]).toMatch(/^host {2}● web-1/);
    expect(lines[3]).toMatch(/^web {2}cluster/);
  });

  it('--read-only: every action key says why and nothing is called', async () => {
    const inner = new FakeSource(twoApps());
    const { ui, press } = await mount(new ReadOnlySource(inner));
    expect(ui.lastFrame()).toMatch(/run test \(read-only\)/);
    for (const [key, what] of [
      ['r', 'restart web:0'],
      ['R', 'restart web'],
      ['l', 'reload web'],
      ['+', 'scale web \\+1'],
      ['-', 'scale web -1'],
      ['s', 'stop web:0'],
      ['K', 'SIGKILL web:0'],
    ] as const) {
      await press(key, new RegExp(`cannot ${what}: this is a read-only attach \\(--read-only\\): actions are disabled`));
    }
    expect(inner.calls).toEqual([]);
  });
});

describe('hostsLine', () => {
  it('puts the links that need attention first and fits the width', () => {
    const hosts = twoHosts().hosts!;
    hosts.push({ label: 'db', state: 'failed', reason: 'cannot run "kubectl": command not found' });
    const text = lineText(hostsLine(hosts, 0));
    expect(text).toMatch(
      /^hosts 2\/4 {2}✗ db failed: cannot run "kubectl": command not found {2}◌ web-3 reconnecting \(retry in 4\.0s\): .* ● web-1 {2}● web-2$/,
    );
    const cut = lineText(hostsLine(hosts, 0, 40));
    expect(cut).toHaveLength(40);
    expect(cut.endsWith('…')).toBe(true);
    expect(lineText(hostsLine([{ label: 'x\u001b[31mred', state: 'failed', reason: 'bad\u0007bell' }]))).not.toMatch(/[\u0000-\u001f]/);
  });

  it('a failed host says whether it is tried again: README\'s "failed" (never reached) vs given up on', () => {
    const retried: HostLinkState = { label: 'q', state: 'failed', reason: 'the hello reply was not JSON: "hi"', retryInMs: 3700 };
    const givenUp: HostLinkState = { label: 'g', state: 'failed', reason: 'cannot run "kubectl": command not found', givenUp: true };
    expect(lineText(hostsLine([retried], 0))).toBe('host  ✗ q failed (retry in 3.7s): the hello reply was not JSON: "hi"');
    expect(lineText(hostsLine([givenUp], 0))).toBe('host  ✗ g failed (not retried): cannot run "kubectl": command not found');
  });
});
