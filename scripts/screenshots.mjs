// `npm run screenshots`: runs examples/ecosystem.config.js under `clmon run` in a private tmux
// server, waits for telling states and saves them as SVG in screenshots/:
//   overview-120x40.svg, restart-loop.svg (detail of the crashy app), detail-config.svg (its
//   configuration and env, `c`), overview-80x24.svg, crash-forensics-80x24.svg (the detail of
//   crashy at 80x24: the exception of its last crash, the frame it came from, the heap, the report),
//   and many-hosts.svg (`attach --hosts` over two homes standing in for hosts, and a third host
//   whose ssh is refused on 127.0.0.1).
// Everything it starts is stopped again (q, y), and killed by pid if it lingers.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { screenToSvg } from './screenshots-svg.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'screenshots');
const SOCKET = `clmon-shots-${process.pid}`;
const pids = new Set();

function tmux(...args) {
  return execFileSync('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], { encoding: 'utf8' });
}

const screen = (ansi = false) => tmux('capture-pane', '-p', ...(ansi ? ['-e'] : []), '-t', '0');
const send = (...keys) => keys.forEach((key) => tmux('send-keys', '-t', '0', key));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Wait until the screen matches, collecting worker pids on the way; fail with the screen. */
async function waitForScreen(test, what, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = screen();
    for (const m of text.matchAll(/^(?:▶ | {2})#\d+ +(\d+) /gm)) pids.add(Number(m[1]));
    if (test(text)) return text;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${text}`);
    await sleep(250);
  }
}

/** Save the current screen (with colours) as an SVG. */
function shoot(name, columns, rows) {
  const file = join(OUT, name);
  writeFileSync(file, screenToSvg(screen(true), { columns, rows, title: `clmon — ${name}` }));
  console.log(`wrote ${file}`);
}

function isOurs(pid) {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes(ROOT) || cmdline.includes('clmon');
  } catch {
    return false;
  }
}

/** A free TCP port, so that the demo's web app never collides with anything running here. */
function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

async function main() {
  if (spawnSync('tmux', ['-V']).status !== 0) throw new Error('tmux is needed to take screenshots');
  if (!existsSync(join(ROOT, 'dist/cli-bundle/clmon.cjs'))) throw new Error('dist/ is missing: run `npm run build` first');
  mkdirSync(OUT, { recursive: true });
  const home = mkdtempSync(join(tmpdir(), 'clmon-shots-'));
  const port = await freePort();
  const command = `env -u CI PORT=${port} ${process.execPath} ${join(ROOT, 'bin/clmon.js')} run examples/ecosystem.config.js --home ${home}`;
  tmux('new-session', '-d', '-c', ROOT, '-x', '120', '-y', '40', command, ';', 'set-option', '-w', 'remain-on-exit', 'on');
  const panePid = Number(tmux('display-message', '-p', '-t', '0', '#{pane_pid}').trim());
  pids.add(panePid);
  try {
    // crashy gives up after its 5 restarts (backoff 0.5 s, 0.75 s, ...); leaky has grown a bit
    await waitForScreen((s) => /errored/.test(s) && /web .*2\/2 online/.test(s), 'crashy to be given up');
    await sleep(20_000); // sparklines with some history
    shoot('overview-120x40.svg', 120, 40);

    send('j', 'j');
    await waitForScreen((s) => /^▶ #0 +- +errored/m.test(s), 'crashy to be selected');
    send('Enter');
    await waitForScreen((s) => s.includes('Given up:') && s.includes('Exits, most recent first'), 'the detail view');
    shoot('restart-loop.svg', 120, 40);
    send('c');
    // the position line says so once the view has moved to the configuration
    await waitForScreen((s) => s.includes('c back to top') || (s.includes('Environment') && !s.includes('── lines')), 'the configuration and env');
    shoot('detail-config.svg', 120, 40);

    send('Escape');
    await waitForScreen((s) => s.includes('── logs'), 'the overview again');
    send('k', 'k');
    tmux('resize-window', '-t', '0', '-x', '80', '-y', '24');
    await waitForScreen((s) => s.split('\n')[0].length <= 80 && /^▶ #0 +\d+ +online/m.test(s), 'the 80x24 layout');
    await sleep(1500);
    shoot('overview-80x24.svg', 80, 24);

    send('j', 'j');
    await waitForScreen((s) => /^▶ #0 +- +errored/m.test(s), 'crashy to be selected at 80x24');
    send('Enter');
    await waitForScreen((s) => s.includes('✖ Error: connect ECONNREFUSED') && /at .*connectToDatabase/.test(s) && s.includes('heap '), 'the crash forensics');
    shoot('crash-forensics-80x24.svg', 80, 24);
    send('Escape');
    await waitForScreen((s) => s.includes('── logs'), 'the overview again');

    send('q');
    await waitForScreen((s) => /Stop \d+ workers? and quit\? y\/n/.test(s), 'the quit question');
    send('y');
    await waitForScreen(() => tmux('display-message', '-p', '-t', '0', '#{pane_dead}').trim() === '1', 'clmon to exit', 30_000);
  } finally {
    spawnSync('tmux', ['-L', SOCKET, 'kill-server'], { stdio: 'ignore' });
    // q + y stopped everything gracefully; this only catches leftovers of a failed run, and
    // checks each pid is still ours (a pid seen a minute ago may belong to someone else now)
    for (const pid of pids) if (isOurs(pid)) process.kill(pid, 'SIGKILL');
    rmSync(home, { recursive: true, force: true });
  }
}

/** The many-hosts view: two homes as hosts web-1 and web-2 (their daemons), and web-3 unreachable. */
async function manyHosts() {
  const dir = mkdtempSync(join(tmpdir(), 'clmon-shots-hosts-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  symlinkSync(join(ROOT, 'bin/clmon.js'), join(bin, 'clmon'));
  const clmon = (home, args, env = {}) =>
    execFileSync(process.execPath, [join(ROOT, 'bin/clmon.js'), '--home', home, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: 'ignore' });
  const homes = [join(dir, 'web-1'), join(dir, 'web-2')];
  try {
    for (const home of homes) clmon(home, ['start', 'examples/http-server.js', '-i', '2', '--name', 'web', '--wait-ready'], { PORT: String(await freePort()) });
    clmon(homes[0], ['start', 'examples/noisy.js', '--name', 'noisy']);
    clmon(homes[1], ['start', 'examples/cron-worker.js', '--name', 'worker']);
    const hosts = join(dir, 'hosts.txt');
    writeFileSync(hosts, `web-1 = env CLMON_HOME=${homes[0]}\nweb-2 = env CLMON_HOME=${homes[1]}\nweb-3 = ssh -o BatchMode=yes -p 1 127.0.0.1\n`);
    const command = `env -u CI PATH=${bin}:${process.env.PATH} ${process.execPath} ${join(ROOT, 'bin/clmon.js')} attach --hosts ${hosts}`;
    tmux('new-session', '-d', '-c', ROOT, '-x', '120', '-y', '40', command, ';', 'set-option', '-w', 'remain-on-exit', 'on');
    await waitForScreen(
      (s) => /^hosts 2\/3/m.test(s) && /web-3 +failed/.test(s) && /● web-1 +2 apps/.test(s) && /● web-2 +2 apps/.test(s),
      'both hosts and the failed one',
    );
    await sleep(15_000); // sparklines with some history
    shoot('many-hosts.svg', 120, 40);
    send('q');
    await waitForScreen(() => tmux('display-message', '-p', '-t', '0', '#{pane_dead}').trim() === '1', 'clmon to detach', 30_000);
  } finally {
    spawnSync('tmux', ['-L', SOCKET, 'kill-server'], { stdio: 'ignore' });
    for (const home of homes) spawnSync(process.execPath, [join(ROOT, 'bin/clmon.js'), '--home', home, 'kill'], { stdio: 'ignore', timeout: 30_000 });
    rmSync(dir, { recursive: true, force: true });
  }
}

main()
  .then(manyHosts)
  .catch((err) => {
    console.error(`screenshots: ${err.message}`);
    process.exitCode = 1;
  });
