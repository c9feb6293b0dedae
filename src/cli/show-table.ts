// Print the process table (or say that nothing runs) for commands that end by showing state.
import type { AppInfo } from '../model/types.js';
import { useColor } from './color.js';
import { outputWidth, print } from './context.js';
import { formatTable } from './format-table.js';

/** The table of these apps on stdout; `showSource` when they come from several supervisors. */
export function showTable(apps: AppInfo[], showSource: boolean): void {
  if (apps.length === 0) {
    print(['no apps']);
    return;
  }
  print(formatTable(apps, { width: outputWidth(), color: useColor(), showSource }));
}
