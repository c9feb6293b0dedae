// `clmon attach` when a home has several supervisors (the daemon and `clmon run`s): a numbered
// prompt on the terminal; without one, a UserError listing the choices as --socket paths.
import { safeText } from '../safe-text.js';
import { createInterface } from 'node:readline';
import type { ControlClient } from '../daemon/control-client.js';
import { RuntimeError, UserError } from '../errors.js';
import { clientLabel } from './members.js';

/** Ask which supervisor to attach to. */
export async function pickSupervisor(clients: ControlClient[]): Promise<ControlClient> {
  const lines = await Promise.all(
    clients.map(async (client, i) => {
      const { apps } = await client.snapshot(false);
      const workers = apps.reduce((n, a) => n + a.workers.length, 0);
      return `  ${i + 1}) ${safeText(clientLabel(client))}: ${apps.map((a) => safeText(a.name)).join(', ') || 'no apps'} (${workers} workers)  --socket ${client.socketPath}`;
    }),
  );
  if (!process.stdin.isTTY) {
    throw new UserError(`several supervisors run in this home; pick one with --socket <path>:\n${lines.join('\n')}`);
  }
  process.stdout.write(`Several supervisors run in this home:\n${lines.join('\n')}\n`);
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    for (;;) {
      const answer = await new Promise<string>((resolve) => rl.question(`Attach to which one? [1-${clients.length}, q to quit] `, resolve));
      if (answer.trim() === 'q') throw new RuntimeError('nothing picked');
      const n = Number(answer.trim());
      if (Number.isInteger(n) && n >= 1 && n <= clients.length) return clients[n - 1]!;
    }
  } finally {
    rl.close();
  }
}
