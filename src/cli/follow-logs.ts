// `logs --follow`: subscribe first, then print the backlog, then every new matching line, so
// nothing falls between the two and nothing prints twice (seq is per supervisor). Runs until
// Ctrl-C (exit 0) or until every supervisor is gone (exit 1).
import { safeText } from '../safe-text.js';
import { RuntimeError } from '../errors.js';
import type { LogQuery, SupervisorEvent } from '../model/controller.js';
import type { LogLine } from '../model/types.js';
import { mergeRecent } from './merge-logs.js';
import type { Source } from '../model/source.js';
import { memberName } from './members.js';

/** Lines held per supervisor while the backlog is fetched; beyond it the oldest go. */
const MAX_HELD = 10_000;

export async function followLogs(members: Source[], query: LogQuery, matches: (line: LogLine) => boolean, write: (line: LogLine) => void): Promise<void> {
  const states = members.map((member) => ({ member, held: [] as LogLine[] | null, lastSeq: -1, lost: false }));
  let finish: (err?: Error) => void = () => {};
  // Set once the user stopped following: the connections we close then did not "go away".
  let ending = false;
  const done = new Promise<void>((resolve, reject) => (finish = (err) => (err ? reject(err) : resolve())));

  const unsubscribes = states.map((state) => {
    const onEvent = (event: SupervisorEvent): void => {
      if (event.type === 'logs') {
        for (const line of event.lines) {
          if (!matches(line)) continue;
          if (state.held) {
            state.held.push(line);
            if (state.held.length > MAX_HELD) state.held.shift();
          } else if (line.seq > state.lastSeq) {
            state.lastSeq = line.seq;
            write(line);
          }
        }
      }
    };
    state.member.onLost(() => {
      if (ending) return;
      state.lost = true;
      process.stderr.write(`clmon: ${safeText(memberName(state.member))} went away\n`);
      if (states.every((s) => s.lost)) finish(new RuntimeError('every supervisor followed is gone; nothing left to follow'));
    });
    return state.member.subscribe(onEvent, { snapshots: false });
  });

  const batches = await Promise.all(members.map((m) => m.logs(query)));
  for (const [i, batch] of batches.entries()) states[i]!.lastSeq = batch.length ? batch[batch.length - 1]!.seq : -1;
  for (const line of mergeRecent(batches, query.lines)) write(line);
  for (const state of states) {
    const held = state.held ?? [];
    state.held = null;
    for (const line of held) {
      if (line.seq > state.lastSeq) {
        state.lastSeq = line.seq;
        write(line);
      }
    }
  }

  const onSignal = (): void => {
    ending = true;
    finish();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await done;
  } finally {
    ending = true;
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    for (const unsubscribe of unsubscribes) unsubscribe();
  }
}
