// clmon's own version, from package.json (one level above both src/ and dist/), for the
// protocol handshake: a remote of another protocol version is named with its clmon version.
import { readFileSync } from 'node:fs';

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

export const CLMON_VERSION = readVersion();
