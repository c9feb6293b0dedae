// Largest control-socket line seen by a subscriber (and a detail snapshot request) during a crash
// loop of 60 KB stderr lines. usage: node i15-measure.mjs <clmon root> <seconds>
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const [root, seconds = '15'] = process.argv.slice(2);
const home = mkdtempSync(join(tmpdir(), 'i15-m-'));
const cl = (args) => spawnSync(process.execPath, [join(root, 'bin/clmon.js'), ...args, '--home', home], { encoding: 'utf8' });
cl(['start', join(root, 'test/fixtures/sup-crash-60k.cjs'), '-i', '2', '--max-restarts', '1000', '--min-uptime', '100000', '--name', 'big']);
await new Promise((r) => setTimeout(r, 3000));
for (const detail of [false, true]) {
  const sock = connect(join(home, 'sock', 'daemon.sock'));
  let buf = '',
    max = 0,
    count = 0,
    maxSnap = 0,
    total = 0,
    closed = false;
  sock.on('close', () => (closed = true));
  sock.on('data', (d) => {
    total += d.length;
    buf += d;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const l = buf.slice(0, i);
      buf = buf.slice(i + 1);
      count++;
      max = Math.max(max, Buffer.byteLength(l));
      if (l.includes('"snapshot"')) maxSnap = Math.max(maxSnap, Buffer.byteLength(l));
    }
  });
  sock.write('{"hello":"clmon","version":1}\n');
  sock.write(`{"id":1,"method":"subscribe","params":{"logLines":0${detail ? ',"detail":true' : ''}}}\n`);
  await new Promise((r) => setTimeout(r, Number(seconds) * 500));
  sock.write('{"id":2,"method":"snapshot","params":{"detail":true}}\n');
  await new Promise((r) => setTimeout(r, 1000));
  console.log(
    `subscribe detail=${detail}: messages ${count}, largest line ${max} bytes, largest snapshot line ${maxSnap} bytes, unfinished line ${Buffer.byteLength(buf)} bytes, received ${total} bytes, closed by server ${closed}`,
  );
  sock.destroy();
}
cl(['kill']);
rmSync(home, { recursive: true, force: true });
