// Suite-wide "nothing leaks" check (vitest globalSetup): every process the run starts inherits
// CLMON_TEST_RUN=<id>, so once all test files are done, any live process carrying both that id
// and a CLMON_SUPERVISOR token is a worker (or a worker's child) some supervisor left behind.
// Such survivors fail the run, by pid and command line, and are killed. One /proc scan: cheap.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

const GRACE_MS = 5000;

export default function setup(): () => Promise<void> {
  const id = randomUUID();
  process.env.CLMON_TEST_RUN = id;
  return async () => {
    const deadline = Date.now() + GRACE_MS;
    let left = survivors(id);
    // A reaper may still be finishing its SIGTERM → SIGKILL round for the last file.
    while (left.length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      left = survivors(id);
    }
    if (left.length === 0) return;
    const described = left.map((pid) => `  ${pid}: ${commandLine(pid)}`).join('\n');
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    // A throw here is only logged by vitest ("error during close"): set the exit code as well.
    process.exitCode = 1;
    throw new Error(`${left.length} process(es) of this test run outlived their supervisor:\n${described}`);
  };
}

function survivors(id: string): number[] {
  if (!readable('/proc/self/environ')) return [];
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const environ = `\0${readable(`/proc/${name}/environ`)}`;
    if (!environ.includes(`\0CLMON_TEST_RUN=${id}\0`) || !environ.includes('\0CLMON_SUPERVISOR=')) continue;
    const stat = readable(`/proc/${name}/stat`);
    if (stat && !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2))) found.push(Number(name));
  }
  return found;
}

function commandLine(pid: number): string {
  return readable(`/proc/${pid}/cmdline`).split('\0').join(' ').trim() || '?';
}

function readable(path: string): string {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return '';
  }
}
