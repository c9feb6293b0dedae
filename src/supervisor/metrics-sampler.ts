// CPU and RSS of every worker, sampled once a second with pidusage (docs/supervision.md#schedules asks for at least
// every 2 s, for max_memory_restart; the UI's sparklines want 1 s).
import pidusage from 'pidusage';

export interface Sample {
  cpu: number;
  memory: number;
  /** CPU time (user + system) used by the process so far, seconds. */
  cpuSeconds: number;
}

/** One pidusage call for all pids; pids that vanished meanwhile are simply missing. */
export async function sampleProcesses(pids: number[]): Promise<Map<number, Sample>> {
  const result = new Map<number, Sample>();
  if (pids.length === 0) return result;
  try {
    const stats = await pidusage(pids);
    for (const [key, stat] of Object.entries(stats)) {
      if (stat) result.set(Number(key), { cpu: round1(stat.cpu), memory: stat.memory, cpuSeconds: stat.ctime / 1000 });
    }
  } catch {
    // One pid exited between listing and sampling: sample the rest one by one.
    for (const pid of pids) {
      try {
        const stat = await pidusage(pid);
        result.set(pid, { cpu: round1(stat.cpu), memory: stat.memory, cpuSeconds: stat.ctime / 1000 });
      } catch {
        // gone
      }
    }
  }
  return result;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
