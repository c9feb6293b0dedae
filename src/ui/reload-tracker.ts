// Reload progress per app, from the Source's events and from the reload() call's own callback
// (both may report the same step: recording is idempotent).
import type { ReloadProgress, ReloadResult } from '../model/types.js';

export interface ReloadView {
  readonly app: string;
  /** The latest step of each slot, by slot. */
  readonly slots: ReadonlyMap<number, ReloadProgress>;
  /** false once the reload finished (result known) */
  readonly active: boolean;
  readonly result?: ReloadResult;
  readonly updatedAt: number;
}

/** A reload with no news for this long is no longer shown as running (we may have missed its end). */
const STALE_MS = 15_000;

/** Record one step; a step for an app whose last reload ended starts a new view. */
export function recordProgress(reloads: ReadonlyMap<string, ReloadView>, progress: ReloadProgress, now: number): Map<string, ReloadView> {
  const next = new Map(reloads);
  const old = reloads.get(progress.app);
  const slots = new Map(old?.active ? old.slots : []);
  slots.set(progress.id, progress);
  next.set(progress.app, { app: progress.app, slots, active: true, updatedAt: now });
  return next;
}

/** Mark an app's reload finished with its result. */
export function recordResult(reloads: ReadonlyMap<string, ReloadView>, app: string, result: ReloadResult, now: number): Map<string, ReloadView> {
  const next = new Map(reloads);
  const old = reloads.get(app);
  next.set(app, { app, slots: old?.slots ?? new Map(), active: false, result, updatedAt: now });
  return next;
}

/** Reloads worth showing now: running ones that are not stale. */
export function activeReloads(reloads: ReadonlyMap<string, ReloadView>, now: number): ReloadView[] {
  return [...reloads.values()].filter((r) => r.active && now - r.updatedAt < STALE_MS);
}
