// Process checks and cleanup for tests: every test kills what it started, by pid.
export { isAlive } from '../../src/supervisor/kill-tree.js';

/** SIGKILL every pid that is still alive (afterEach/afterAll safety net). */
export function killAll(pids: Iterable<number | null | undefined>): void {
  for (const pid of pids) {
    if (!pid) continue;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
}
