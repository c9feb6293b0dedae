// `clmon profile|heapsnapshot|inspect <app:id>` (docs/supervision.md#crash-forensics-and-diagnostics): on-demand diagnostics of one worker,
// taken by clmon's worker helper inside it (no code change in the app). The worker writes the
// file; this prints where, and how to open it.
import type { Command } from 'commander';
import { parseDuration } from '../config/units.js';
import { diagnosticFile } from '../diagnostic-files.js';
import { RuntimeError, UserError } from '../errors.js';
import type { DiagnosticRequest, DiagnosticResult } from '../model/types.js';
import { homeOf } from './context.js';
import { formatBytes } from '../format.js';
import { parseTarget } from '../model/targets.js';
import type { Source } from '../model/source.js';
import { withMembers } from './members.js';
import { routeTarget } from './route-target.js';
import { addSourceOptions, type SourceOptions } from './source-options.js';

const MIN_PROFILE_MS = 100;
const MAX_PROFILE_MS = 3_600_000;

/** Register `profile`, `heapsnapshot` and `inspect`. */
export function registerDiagnostics(program: Command): void {
  const profile = program
    .command('profile')
    .argument('<app:id>', 'one worker, e.g. web:0')
    .description('write a CPU profile of one worker (.cpuprofile, opens in Chrome DevTools)')
    .option('--duration <time>', 'how long to sample: ms or "10s", "1m"', '10s')
    .option('--out <file>', 'where to write it (default: ./<app>-<id>-<time>.cpuprofile)');
  addSourceOptions(profile).action(async (target: string, opts: SourceOptions & { duration: string; out?: string }, self: Command) => {
    const durationMs = profileDuration(opts.duration);
    const out = diagnosticFile('profile', target, opts.out);
    const announce = (): void => void process.stdout.write(`profiling ${target} for ${formatSeconds(durationMs)}…\n`);
    const result = await diagnose(self, opts, target, { kind: 'profile', durationMs, out }, announce);
    process.stdout.write(`${wrote(result, 'CPU profile')}\nopen it in Chrome DevTools (Performance → Load profile) or VS Code\n`);
  });

  const snapshot = program
    .command('heapsnapshot')
    .argument('<app:id>', 'one worker, e.g. web:0')
    .description('write a heap snapshot of one worker (.heapsnapshot); the worker pauses while it is taken')
    .option('--out <file>', 'where to write it (default: ./<app>-<id>-<time>.heapsnapshot)');
  addSourceOptions(snapshot).action(async (target: string, opts: SourceOptions & { out?: string }, self: Command) => {
    const out = diagnosticFile('heapsnapshot', target, opts.out);
    const announce = (): void => void process.stdout.write(`taking a heap snapshot of ${target}: the worker pauses until V8 has written it…\n`);
    const result = await diagnose(self, opts, target, { kind: 'heapsnapshot', out }, announce);
    process.stdout.write(`${wrote(result, 'heap snapshot')}\nopen it in Chrome DevTools (Memory → Load)\n`);
  });

  const inspect = program
    .command('inspect')
    .argument('<app:id>', 'one worker, e.g. web:0')
    .description("open one worker's inspector on 127.0.0.1 and print its ws:// URL")
    .option('--close', 'close that inspector again');
  addSourceOptions(inspect).action(async (target: string, opts: SourceOptions & { close?: boolean }, self: Command) => {
    const result = await diagnose(self, opts, target, { kind: 'inspect', close: opts.close === true });
    if (opts.close) {
      process.stdout.write(`closed the inspector of ${target} (pid ${result.pid})\n`);
      return;
    }
    if (!result.url) throw new RuntimeError(`${target}: the inspector did not open (no URL)`);
    const port = /:(\d+)\//.exec(result.url)?.[1];
    process.stdout.write(
      `${result.url}\n` +
        `${target} (pid ${result.pid}): inspector open on 127.0.0.1${port ? `:${port}` : ''}; anyone on this host can connect to it\n` +
        `attach: chrome://inspect (Configure… → 127.0.0.1${port ? `:${port}` : ''}), or node inspect ${result.url}\n` +
        `close it: clmon inspect ${target} --close\n`,
    );
  });
}

/**
 * Send one request to the supervisor that runs `target`; `announce` (what is about to happen) is
 * called only once the target is known to be able to take it, so a bad target gets its error alone.
 */
function diagnose(self: Command, opts: SourceOptions, target: string, request: DiagnosticRequest, announce?: () => void): Promise<DiagnosticResult> {
  return withMembers(homeOf(self), opts, async (members) => {
    const [member] = await routeTarget(members, target);
    if (announce && (await canTake(member!, target))) announce();
    return member!.diagnose(target, request);
  });
}

/**
 * Whether `target` is one running worker of a source that takes diagnostics, from its snapshot.
 * When it is not, the request is sent unannounced and the supervisor's refusal is the message
 * (an unknown app, not one worker, not running), in the same words as from the TUI; what the
 * snapshot cannot tell (whether the worker loaded the helper) is still checked by the supervisor.
 */
async function canTake(member: Source, target: string): Promise<boolean> {
  if (member.capabilities.diagnostics !== true) return false;
  const apps = (await member.snapshot(true)).apps;
  const parsed = parseTarget(
    target,
    apps.map((a) => a.name),
  );
  if (parsed.kind !== 'worker') return false;
  const app = apps.find((a) => a.name === parsed.app);
  // another interpreter has no helper (the supervisor says so)
  if (app?.mode === 'fork' && app.config !== undefined && app.config.interpreter !== 'node') return false;
  const worker = app?.workers.find((w) => w.id === parsed.id);
  return worker?.status === 'online' && worker.pid !== null;
}

function profileDuration(value: string): number {
  const ms = parseDuration(value, 'option --duration');
  if (ms < MIN_PROFILE_MS || ms > MAX_PROFILE_MS) {
    throw new UserError(`option --duration: "${value}" is out of range; use 100ms to 1h, e.g. --duration 10s`);
  }
  return ms;
}

function wrote(result: DiagnosticResult, what: string): string {
  const size = result.bytes ? `, ${formatBytes(result.bytes)}` : '';
  return `wrote the ${what} of ${result.app}:${result.id} (pid ${result.pid}${size}): ${result.path}`;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
