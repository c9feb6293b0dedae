// Size of one detailed snapshot reply during the 60 KB stderr crash loop, and of the subscribe
// reply; usage: node i15-snap.mjs <clmon root> <seconds of crash loop before measuring>
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const [root, seconds = '20'] = process.argv.slice(2);
const home = mkdtempSync(join(tmpdir(), 'i15-s-'));
const cl = (args) => spawnSync(process.execPath, [join(root, 'bin/clmon.js'), ...args, '--home', home], { encoding: 'utf8' });
cl(['start', join(root, 'test/fixtures/sup-crash-60k.cjs'), '-i', '2', '--max-restarts', '1000', '--min-uptime', '100000', '--name', 'big']);
await new Promise((r) => setTimeout(r, Number(seconds) * 1000));
async function ask(method, params) {
  const sock = connect(join(home, 'sock', 'daemon.sock'));
  let buf = Buffer.alloc(0);
  const size = await new Promise((resolve) => {
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      const lines = buf.toString('latin1').split('\n');
      if (lines.length >= 3) resolve(Buffer.byteLength(lines[1], 'latin1'));
    });
    sock.on('close', () => resolve(`closed after ${buf.length} bytes`));
    sock.write('{"hello":"clmon","version":1}\n');
    sock.write(`${JSON.stringify({ id: 1, method, params })}\n`);
  });
  sock.destroy();
  return size;
}
console.log('snapshot detail:', await ask('snapshot', { detail: true }));
console.log('snapshot plain:', await ask('snapshot', {}));
console.log('subscribe (default):', await ask('subscribe', { logLines: 0 }));
cl(['kill']);
rmSync(home, { recursive: true, force: true });
