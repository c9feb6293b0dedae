// Whatever reaches the screen from outside (log lines, stderr tails, reasons, app names) goes
// through here: sources already sanitize, but the view must stay safe if one forgets (SPEC §4.6).
import { sanitizeLine } from '../logs/sanitize.js';

/** Text safe to draw on one line: no escape sequences, no control characters, TABs expanded. */
export function sanitizeText(text: string): string {
  return sanitizeLine(text);
}
