// Stable slots for the children of a foreign primary (docs/cli.md#where-a-command-looks `--pid`). A process tree has no
// slot numbers, so they are inferred: the first children get 0..n-1 in pid order; a child that
// disappears frees its slot, and a new child takes the lowest free slot, which counts as a
// restart of that slot. Best effort: it cannot tell a restart from a scale-down plus a scale-up.
// Pure (no I/O), so the inference is tested on its own.

export interface Slot {
  id: number;
  /** null while the slot is vacant */
  pid: number | null;
  restarts: number;
}

export interface SlotChanges {
  /** Slots whose process is gone, with the pid it had. */
  vacated: { id: number; pid: number }[];
  /** Slots that got a new process; `restart` if the slot had one before. */
  filled: { id: number; pid: number; restart: boolean }[];
}

export class SlotTracker {
  private readonly slots: Slot[] = [];

  /** Apply the current children; returns what changed. */
  update(pids: readonly number[]): SlotChanges {
    const alive = new Set(pids);
    const changes: SlotChanges = { vacated: [], filled: [] };
    for (const slot of this.slots) {
      if (slot.pid !== null && !alive.has(slot.pid)) {
        changes.vacated.push({ id: slot.id, pid: slot.pid });
        slot.pid = null;
      }
    }
    const known = new Set(this.slots.map((s) => s.pid));
    for (const pid of [...alive].filter((p) => !known.has(p)).sort((a, b) => a - b)) {
      let slot = this.slots.find((s) => s.pid === null);
      const restart = slot !== undefined;
      if (!slot) {
        slot = { id: this.slots.length, pid: null, restarts: 0 };
        this.slots.push(slot);
      }
      slot.pid = pid;
      if (restart) slot.restarts++;
      changes.filled.push({ id: slot.id, pid, restart });
    }
    return changes;
  }

  /** The slots, by id. */
  list(): readonly Readonly<Slot>[] {
    return this.slots;
  }

  slotOf(pid: number): number | null {
    return this.slots.find((s) => s.pid === pid)?.id ?? null;
  }
}
