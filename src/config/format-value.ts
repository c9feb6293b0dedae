// How a bad value is quoted in error messages: as the user wrote it (JSON-ish), never unbounded.

const MAX_SHOWN = 60;

/** Render a config value for a message: strings quoted, objects as short JSON. */
export function formatValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (value === undefined || typeof value === 'function' || typeof value === 'symbol') text = String(value);
  else if (typeof value === 'bigint') text = `${value}`;
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}
