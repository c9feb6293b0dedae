// `clmon logs [app|app:id]`: the N most recent lines in total, merged across workers (and
// supervisors); `--follow` streams new ones, `--err` keeps stderr only, `--json` prints objects.
import type { Command } from 'commander';
import { UserError } from '../errors.js';
import { lineMatcher, parseTarget } from '../model/targets.js';
import type { LogLine, LogStream } from '../model/types.js';
import { useColor } from './color.js';
import { homeOf } from './context.js';
import { formatLogJson, formatLogLine } from './format-log-line.js';
import { followLogs } from './follow-logs.js';
import { mergeRecent } from './merge-logs.js';
import { withMembers } from './members.js';
import { routeTarget } from './route-target.js';
import { addViaOptions } from './via-options.js';
import { addSourceOptions, type SourceOptions } from './source-options.js';

/** The largest --lines accepted (the supervisors keep fewer anyway). */
const MAX_LINES = 100_000;

interface LogsOptions extends SourceOptions {
  lines: string;
  follow?: boolean;
  err?: boolean;
  json?: boolean;
}

/** Register `logs`. */
export function registerLogs(program: Command): void {
  const cmd = program
    .command('logs')
    .argument('[target]', 'an app, <app>:<id> or all (default all)')
    .description('the most recent log lines of every worker, merged; --follow to stream')
    .option('--lines <n>', 'how many of the most recent lines, in total', '20')
    .option('-f, --follow', 'keep printing new lines until Ctrl-C')
    .option('--err', 'stderr lines only')
    .option('--json', 'one JSON object per line');
  addViaOptions(addSourceOptions(cmd)).action(async (target: string | undefined, opts: LogsOptions, self: Command) => {
    const lines = parseLines(opts.lines);
    const stream: LogStream | undefined = opts.err ? 'err' : undefined;
    const color = useColor();
    const write = (line: LogLine): void => {
      process.stdout.write(`${opts.json ? formatLogJson(line) : formatLogLine(line, color)}\n`);
    };
    await withMembers(homeOf(self), opts, async (members) => {
      const routed = target && target !== 'all' ? await routeTarget(members, target) : members;
      const query = { target, lines, stream };
      if (opts.follow) {
        const apps = (await Promise.all(routed.map((m) => m.snapshot(false)))).flatMap((s) => s.apps.map((a) => a.name));
        parseTarget(target, apps); // an unknown app is a UserError naming the known ones
        await followLogs(routed, query, lineMatcher(query), write);
        return;
      }
      const batches = await Promise.all(routed.map((m) => m.logs(query)));
      for (const line of mergeRecent(batches, lines)) write(line);
    });
  });
}

function parseLines(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > MAX_LINES) {
    throw new UserError(`--lines "${value}" is not a line count; use a whole number from 0 to ${MAX_LINES}`);
  }
  return Number(value);
}
