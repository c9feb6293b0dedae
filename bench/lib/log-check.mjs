// Checks the log files of the flood scenario: every "flood <slot> <seq> <pad>" line of every
// slot must be there exactly once and whole. A cut, merged or garbled line counts as broken.
import { readFileSync, statSync } from 'node:fs';

const LINE = /^flood (\d+) (\d{7}) x{40}$/;

/** Bytes that `slots` workers writing `lines` lines each put on disk. */
export function expectedBytes(slots, lines) {
  let total = 0;
  for (let slot = 0; slot < slots; slot++) total += `flood ${slot} 0000000 ${'x'.repeat(40)}\n`.length * lines;
  return total;
}

/** Sum of the sizes of `files` (missing files count 0). */
export function totalSize(files) {
  let sum = 0;
  for (const file of files) {
    try {
      sum += statSync(file).size;
    } catch {
      // not created yet
    }
  }
  return sum;
}

/** {lost, broken, duplicated, found} over `files` for `slots` workers × `lines` lines. */
export function checkFloodLogs(files, slots, lines) {
  const seen = Array.from({ length: slots }, () => new Uint8Array(lines));
  let broken = 0;
  let duplicated = 0;
  let found = 0;
  for (const file of files) {
    let text;
    try {
      text = readFileSync(file, 'latin1');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const m = LINE.exec(line);
      const slot = m ? Number(m[1]) : -1;
      const seq = m ? Number(m[2]) : -1;
      if (!m || slot >= slots || seq >= lines) {
        broken += 1;
        continue;
      }
      if (seen[slot][seq]) duplicated += 1;
      else found += 1;
      seen[slot][seq] = 1;
    }
  }
  return { lost: slots * lines - found, broken, duplicated, found };
}
