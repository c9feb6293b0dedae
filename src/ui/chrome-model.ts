// The one-line parts around the table and logs: header, status line, log pane title, footer.
import type { Snapshot, WorkerStatus } from '../supervisor/types.js';
import type { SourceCapabilities } from '../sources/source.js';
import { formatBytes } from './format.js';
import type { HostStats } from './host-stats.js';
import { seg, type Line } from './line.js';
import type { ReloadView } from './reload-tracker.js';
import { sanitizeText } from './sanitize.js';
import type { StatusMessage } from './store.js';
import type { Focus } from './view-state.js';

/** Online and total counts over every app. */
export function countWorkers(snapshot: Snapshot | null): { apps: number; online: number; total: number } {
  let online = 0;
  let total = 0;
  for (const app of snapshot?.apps ?? []) {
    total += app.workers.length;
    online += app.workers.filter((w) => w.status === 'online').length;
  }
  return { apps: snapshot?.apps.length ?? 0, online, total };
}

/** `clmon · host · what it is attached to · host CPU and memory · apps · workers online/total` */
export function headerLine(label: string, host: HostStats | null, snapshot: Snapshot | null): Line {
  const c = countWorkers(snapshot);
  const line: Line = [seg('clmon', { bold: true, color: 'cyan' })];
  if (host) line.push(seg(` · ${sanitizeText(host.hostname)}`, { bold: true }));
  line.push(seg(` · ${sanitizeText(label)}  `));
  // counts before host numbers: when the line is cut, the host numbers go first
  line.push(seg(`${c.online}/${c.total} online`, { color: c.online === c.total ? 'green' : 'yellow', bold: true }));
  line.push(seg(` · ${c.apps} app${c.apps === 1 ? '' : 's'}`));
  if (host) {
    const cpu = host.cpuPercent === null ? '…' : `${Math.round(host.cpuPercent)}%`;
    const mem = `${formatBytes(host.memUsed)}/${formatBytes(host.memTotal)}`;
    line.push(seg(`  host CPU ${cpu} load ${host.load1.toFixed(2)}/${host.cores} MEM ${mem}`, { dim: true }));
  }
  return line;
}

export interface StatusInput {
  focus: Focus;
  quitting: boolean;
  mode: 'run' | 'attach';
  filterEditing: boolean;
  filter: string;
  online: number;
  snapshotError: string | null;
  reloads: readonly ReloadView[];
  status: StatusMessage | null;
}

const LEVEL_COLORS = { info: undefined, success: 'green', busy: 'yellow', warn: 'yellow', error: 'red' } as const;

/** What the status line says now, most urgent first. */
export function statusLine(s: StatusInput): Line {
  if (s.focus === 'confirm-quit') {
    return [seg(`Stop ${s.online} worker${s.online === 1 ? '' : 's'} and quit? y/n`, { color: 'yellow', bold: true })];
  }
  if (s.quitting) {
    const text = s.mode === 'attach' ? 'detaching…' : `stopping… ${s.online > 0 ? `(${s.online} online)` : ''}`;
    return [seg(text, { color: 'yellow', bold: true })];
  }
  if (s.filterEditing) return [seg('filter: ', { bold: true }), seg(`${s.filter}█`)];
  if (s.snapshotError) return [seg(`cannot read the state: ${sanitizeText(s.snapshotError)}`, { color: 'red', bold: true })];
  const reload = s.reloads[0];
  if (reload) return [seg(`reload ${sanitizeText(reload.app)}: `, { color: 'yellow', bold: true }), seg(reloadSteps(reload))];
  if (s.status) return [seg(sanitizeText(s.status.text), { color: LEVEL_COLORS[s.status.level], bold: s.status.level === 'error' })];
  return [seg('ready · ? for help', { dim: true })];
}

function reloadSteps(r: ReloadView): string {
  return [...r.slots.values()]
    .sort((a, b) => a.id - b.id)
    .map((p) => `#${p.id} ${p.phase}${p.pid ? ` (pid ${p.pid})` : ''}${p.message ? `: ${p.message}` : ''}`)
    .join(' · ');
}

/** `── logs: all · filter "x" · paused, 12 new (End) ──` */
export function logTitle(width: number, o: { onlyLabel: string | null; filter: string; following: boolean; below: number }): Line {
  let text = `── logs: ${o.onlyLabel ?? 'all workers'}`;
  if (o.filter) text += ` · filter "${o.filter}"`;
  if (!o.following) text += ` · paused${o.below > 0 ? `, ${o.below} newer` : ''} (End to follow)`;
  text += ' ';
  return [seg(text.padEnd(width, '─'), { dim: true })];
}

export interface FooterInput {
  focus: Focus;
  filterEditing: boolean;
  mode: 'run' | 'attach';
  capabilities: SourceCapabilities;
  selectedStatus: WorkerStatus | null;
  onlySelected: boolean;
  following: boolean;
}

/** The keys that apply now, as many as fit in order; `? help` and quit always stay (they end the list). */
export function footerLine(width: number, f: FooterInput): Line {
  const items = footerItems(f);
  const essential = items.length > 2 ? items.slice(-2) : [];
  const kept: string[] = [];
  let used = essential.reduce((n, item) => n + item.length + 2, 0);
  for (const item of items.slice(0, items.length - essential.length)) {
    if (used + item.length + 2 > width) continue;
    kept.push(item);
    used += item.length + 2;
  }
  return [seg([...kept, ...essential].join('  '), { dim: true })];
}

function footerItems(f: FooterInput): string[] {
  const quit = f.mode === 'attach' ? 'q detach' : 'q quit';
  if (f.filterEditing) return ['type to filter', '⏎ keep', 'Esc clear'];
  if (f.focus === 'help') return ['any key: close help'];
  if (f.focus === 'confirm-quit') return ['y stop and quit', 'n cancel'];
  const can = (c: keyof SourceCapabilities): boolean => f.capabilities[c] === true;
  const stopped = f.selectedStatus === 'stopped' || f.selectedStatus === 'errored';
  const actions = [
    can('restart') ? 'r restart' : '',
    can('stopStart') ? (stopped ? 's start' : 's stop') : '',
    can('reload') ? 'l reload' : '',
    can('scale') ? '+/- scale' : '',
    can('restart') ? 'R restart app' : '',
    can('kill') ? 'K kill' : '',
  ];
  if (f.focus === 'detail') return ['Esc back', '↑↓ worker', ...actions, 'PgUp/PgDn scroll', '? help', quit].filter(Boolean);
  return [
    '↑↓ select',
    '⏎ detail',
    ...actions,
    '/ filter',
    f.onlySelected ? 'f all logs' : 'f this worker',
    f.following ? 'PgUp scroll' : 'End follow',
    '? help',
    quit,
  ].filter(Boolean);
}
