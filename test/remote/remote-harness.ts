// Helpers for many-hosts tests: a directory with `clmon` on PATH (what `<prefix> clmon serve
// --stdio` runs) and the --via prefix of a "host" that is another home on this machine.
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from '../daemon/daemon-harness.js';

/** A temp dir holding `clmon` → bin/clmon.js; remove() deletes it. */
export function clmonOnPath(): { dir: string; env: NodeJS.ProcessEnv; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'clmon-bin-'));
  symlinkSync(BIN, join(dir, 'clmon'));
  return {
    dir,
    env: { PATH: `${dir}:${process.env.PATH ?? '/usr/bin:/bin'}` },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** `env CLMON_HOME=<home>`: a simulated host (docs/cli.md#many-hosts benchmark form). */
export function homeVia(home: string): string {
  return `env CLMON_HOME=${home}`;
}
