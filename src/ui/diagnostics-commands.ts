// The TUI's profile (`p`) and heap snapshot (`H`) keys (docs/supervision.md#crash-forensics-and-diagnostics): the request goes through the
// source to the worker helper; the status line counts the profile's seconds while it runs and
// ends with the file's path. Files go where the CLI puts them: the current directory.
import { diagnosticFile } from '../diagnostic-files.js';
import type { Source } from '../model/source.js';
import type { DiagnosticResult } from '../model/types.js';
import { formatBytes } from '../format.js';
import type { StoreHooks } from './store.js';

/** The TUI's profile length (the CLI's default too). */
export const TUI_PROFILE_MS = 10_000;

type Outcome = { ok: boolean; text: string };

/** A CPU profile of `target`, with its progress in the status line. */
export async function takeProfile(source: Source, target: string, store: StoreHooks, durationMs = TUI_PROFILE_MS): Promise<Outcome> {
  const out = diagnosticFile('profile', target, undefined);
  const prefix = `profiling ${target}`;
  const started = Date.now();
  const tick = (): void => {
    // only while the status line is still ours: another action's outcome is not overwritten
    if (!store.getState().status?.text.startsWith(prefix)) return;
    const done = Math.min(durationMs, Date.now() - started);
    store.setStatus('busy', `${prefix}… ${Math.floor(done / 1000)} s of ${durationMs / 1000} s → ${out}`);
  };
  store.setStatus('busy', `${prefix}… 0 s of ${durationMs / 1000} s → ${out}`);
  const timer = setInterval(tick, 1000);
  try {
    const result = await source.diagnose(target, { kind: 'profile', durationMs, out });
    return { ok: true, text: `CPU profile of ${target} written${size(result)}: ${result.path}` };
  } finally {
    clearInterval(timer);
  }
}

/** A heap snapshot of `target` (asked for first: it pauses the worker). */
export async function takeHeapSnapshot(source: Source, target: string, store: StoreHooks): Promise<Outcome> {
  const out = diagnosticFile('heapsnapshot', target, undefined);
  store.setStatus('busy', `taking a heap snapshot of ${target} (paused until written) → ${out}`);
  const result = await source.diagnose(target, { kind: 'heapsnapshot', out });
  return { ok: true, text: `heap snapshot of ${target} written${size(result)}: ${result.path}` };
}

function size(result: DiagnosticResult): string {
  return result.bytes ? ` (${formatBytes(result.bytes)}, pid ${result.pid})` : ` (pid ${result.pid})`;
}
