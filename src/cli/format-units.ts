// Output of workers on the CLI's stdout: made inert (the one-gate sanitizer of #15 will replace
// this). Numbers are formatted by src/format.ts, the same as in the TUI.

/** Keep text from worker output inert on the terminal even if a source did not sanitize it. */
export function inert(text: string): string {
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, '');
}
