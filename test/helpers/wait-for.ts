// Poll instead of sleeping a fixed time: the machines are shared and slow, and React 19 and Ink
// flush on their own schedule. Two ways to wait, one place:
// - waitFor(check): until `check` returns a truthy value (which it resolves to);
// - eventually(assertion): until `assertion` stops throwing (the last failure is rethrown, so a
//   timeout reads like the failed expect()).

/** Poll `check` until it returns a truthy value; errors it throws meanwhile count as "not yet". */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  { timeoutMs = 20_000, intervalMs = 50, what = 'condition' }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    }
    await sleep(intervalMs);
  }
}

/**
 * Poll an assertion (e.g. `() => expect(frame()).toContain('x')`) until it holds. An async
 * assertion is awaited: otherwise its rejection would escape unhandled and nothing be checked.
 */
export async function eventually(assertion: () => void | Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(10);
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
