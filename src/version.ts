// clmon's own version, from its package.json (found from here: the CLI may run bundled), for the
// protocol handshake: a remote of another protocol version is named with its clmon version.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clmonRoot } from './runtime/runtime-files.js';

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(clmonRoot(), 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

export const CLMON_VERSION = readVersion();
