// What the figures were measured on: cores, memory, kernel, Node, PM2, clmon, load generator.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

/** The machine facts written at the top of BENCHMARKS.md. */
export function machineInfo(repoRoot, generatorLine) {
  const cpus = os.cpus();
  const pkg = (path) => JSON.parse(readFileSync(path, 'utf8')).version;
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' });
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cores: `${cpus.length} × ${cpus[0]?.model?.trim() ?? 'unknown CPU'}`,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    pm2: pkg(join(repoRoot, 'node_modules', 'pm2', 'package.json')),
    clmon: `${pkg(join(repoRoot, 'package.json'))}${commit.status === 0 ? ` (commit ${commit.stdout.trim()})` : ''}`,
    generator: generatorLine,
  };
}
