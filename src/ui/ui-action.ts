// The TUI's vocabulary of intent: what the operator asked for (keymap.ts turns keys into these),
// which the view reducer (view-state.ts) and the command runner (commands.ts) act on.

/** Which part of the screen has the keys. */
export type Focus = 'table' | 'detail' | 'help' | 'confirm-quit';

export type CommandName =
  | 'restart-worker'
  | 'restart-app'
  | 'reload-app'
  | 'scale-up'
  | 'scale-down'
  | 'stop-start'
  | 'kill-worker'
  | 'profile-worker'
  | 'heapsnapshot-worker';

export type UiAction =
  | { type: 'move'; delta: number }
  | { type: 'open-detail' }
  | { type: 'back' }
  | { type: 'help' }
  | { type: 'filter-start' }
  | { type: 'filter-type'; text: string }
  | { type: 'filter-erase' }
  | { type: 'filter-done' }
  | { type: 'filter-cancel' }
  | { type: 'toggle-only-selected' }
  | { type: 'scroll'; pages: number }
  | { type: 'follow' }
  | { type: 'detail-config' }
  | { type: 'quit' }
  | { type: 'confirm'; yes: boolean }
  | { type: 'interrupt' }
  | { type: 'command'; command: CommandName };
