// One gate to the terminal (docs/supervision.md#logs): hostile names (app, process, host, file) and texts with
// C0, C1, DEL, CSI and OSC bytes never reach the operator's terminal raw, whichever command or
// view prints them. Unit checks on every CLI formatter, and the built binary on a real process.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatDescribe } from '../../src/cli/format-describe.js';
import { formatLogLine } from '../../src/cli/format-log-line.js';
import { formatTable } from '../../src/cli/format-table.js';
import { formatLogLine as headlessLine, stateChanges } from '../../src/cli/headless-reporter.js';
import type { AppInfo } from '../../src/model/types.js';
import { fixture } from '../helpers/app-spec.js';
import { clmonSync } from '../helpers/cli.js';
import { descendants } from '../../src/supervisor/proc-table.js';
import { killAll } from '../helpers/processes.js';
import { waitFor } from '../helpers/wait-for.js';

/** Any control byte but the newline that ends a line: ESC, BEL, C1 (8-bit CSI/OSC), DEL, … */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
const HOSTILE = 'ev\u001b]0;PWNED\u0007il\u009b2J\u009d0;x\u009c\u007f\u0085\u001b[31m';

const app: AppInfo = {
  name: HOSTILE,
  mode: 'fork',
  instances: 1,
  source: 'daemon',
  host: `host${HOSTILE}`,
  workers: [
    {
      id: 0,
      pid: null,
      status: 'errored',
      restarts: 3,
      uptimeMs: 0,
      cpu: 0,
      memory: 0,
      lastExit: { at: '2026-11-23T07:00:00.000Z', code: 1, signal: null, uptimeMs: 5, cause: 'crash' },
      reason: `gave up ${HOSTILE}`,
      exits: [{ at: '2026-11-23T07:00:00.000Z', code: 1, signal: null, uptimeMs: 5, cause: 'crash', killed: false, stderrTail: [HOSTILE] }],
    },
  ],
};

describe('CLI formatters', () => {
  it('ls table, describe, logs and run --no-tui lines carry no raw control byte', () => {
    const printed = [
      ...formatTable([app], { width: Infinity, color: false, showSource: true }),
      ...formatTable([{ ...app, workers: [] }], { width: Infinity, color: false, showSource: true }),
      ...formatDescribe(app, false),
      formatLogLine({ seq: 1, at: 0, app: HOSTILE, id: 0, stream: 'err', text: HOSTILE }, false),
      headlessLine({ seq: 1, at: 0, app: HOSTILE, id: 0, stream: 'out', text: HOSTILE }),
      ...stateChanges({ apps: [app] }, new Map()),
    ];
    for (const line of printed) expect(line.replace(/\n$/, '')).not.toMatch(RAW_CONTROL);
    // What is not part of a sequence stays, as harmless text.
    expect(printed.join('\n')).toContain('evil');
  });
});

describe('clmon ls --pid on a process whose script name holds an OSC title sequence', () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => cleanup.splice(0).forEach((c) => c()));

  it('prints the name without ESC or BEL (the terminal keeps its title)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clmon-gate-'));
    const script = join(dir, 'x\u001b]0;PWNED\u0007y.cjs');
    copyFileSync(fixture('daemon-tree.cjs'), script);
    const tree = spawn(process.execPath, [script], { stdio: 'ignore' });
    const children = await waitFor(async () => ((await descendants(tree.pid!)).length === 2 ? descendants(tree.pid!) : null), { what: 'its two children' });
    cleanup.push(() => {
      killAll([tree.pid, ...children]);
      rmSync(dir, { recursive: true, force: true });
    });
    const home = mkdtempSync(join(tmpdir(), 'clmon-gate-home-'));
    cleanup.push(() => rmSync(home, { recursive: true, force: true }));
    for (const args of [
      ['ls', '--pid', String(tree.pid)],
      ['describe', 'x\u001b]0;PWNED\u0007y', '--pid', String(tree.pid)],
    ]) {
      const result = await waitFor(
        () => {
          const r = clmonSync([...args, '--home', home]);
          return r.code === 0 && r.stdout.includes('online') ? r : null; // describe: the name as shown
        },
        { what: `${args[0]} lists the process` },
      );
      expect(result.stdout).toMatch(/^xy\b/m); // x, then the sequence, then y
      expect(result.stdout).not.toMatch(RAW_CONTROL);
      expect(result.stderr).not.toMatch(RAW_CONTROL);
    }
  });
});
