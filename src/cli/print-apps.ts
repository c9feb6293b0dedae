// What `clmon ls` prints for its members: the process table, or docs/json.md with --json. Apart
// from ls.ts (commander, --via) so that the light path of `clmon ls` (light.ts) shares it.
import type { Source } from '../model/source.js';
import { appJson } from './json-shape.js';
import { showTable } from './show-table.js';

/** Every member's apps, as a table (`showSource`: a column naming each one's supervisor) or JSON. */
export async function printApps(members: Source[], json: boolean, showSource: boolean): Promise<void> {
  const snapshots = await Promise.all(members.map((m) => m.snapshot(false)));
  const apps = snapshots.flatMap((s) => s.apps);
  if (json) process.stdout.write(`${JSON.stringify({ apps: apps.map((app) => appJson(app, false)) })}\n`);
  else showTable(apps, showSource);
}
