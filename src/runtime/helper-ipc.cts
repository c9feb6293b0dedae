// The worker helper's side of its IPC convention with the supervisor. Every message of clmon's
// own is an object with a `clmon` key naming its kind, in both directions:
//   supervisor → helper: { clmon: 'drain' }, { clmon: 'profile', ... }, …
//   helper → supervisor: { clmon: 'drained' }, { clmon: 'runtime', ... }, …
// Why a key: the app may use the same channel (process.send / process.on('message')) for its own
// messages; ours never look like its strings, and the supervisor filters ours out by that key.
type Handler = (message: Record<string, unknown>) => void;

const handlers = new Map<string, Handler>();
let listening = false;

/** Handle the supervisor's command `kind`. The channel must not keep a finished app alive. */
export function onCommand(kind: string, handler: Handler): void {
  handlers.set(kind, handler);
  if (listening || typeof process.send !== 'function') return;
  listening = true;
  process.on('message', (message: unknown) => {
    if (!message || typeof message !== 'object') return;
    const kindOf = (message as { clmon?: unknown }).clmon;
    if (typeof kindOf !== 'string') return;
    const handle = handlers.get(kindOf);
    if (!handle) return;
    try {
      handle(message as Record<string, unknown>);
    } catch {
      // never throw into the app
    }
  });
  // A 'message' listener refs the channel; ours alone must not keep the process running. Only our
  // own count is taken back: an explicit unref() would also drop the refs of node:cluster, and a
  // cluster worker waiting for the primary's listen handle (or for its disconnect) would exit.
  const channel = (process as unknown as { channel?: { unref?(): void; unrefCounted?(): void } }).channel;
  if (typeof channel?.unrefCounted === 'function') channel.unrefCounted();
  else if (process.env.NODE_UNIQUE_ID === undefined) channel?.unref?.();
}

/** Send `{ clmon: kind, ...body }` to the supervisor; false if there is no channel (never throws). */
export function report(kind: string, body: Record<string, unknown> = {}): boolean {
  if (typeof process.send !== 'function' || !process.connected) return false;
  try {
    process.send({ ...body, clmon: kind });
    return true;
  } catch {
    return false;
  }
}
