// A worker's environment (docs/cli.md): the env of the command that started the app, overlaid by the
// app's `env` and then by the selected `env_<name>`, as PM2 does.
import { UserError } from '../errors.js';
import { formatValue } from './format-value.js';

/** The caller's environment without its unset entries. */
export function baseEnvironment(baseEnv: Record<string, string | undefined>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(baseEnv)) if (value !== undefined) env[key] = value;
  return env;
}

/** Apply an `env`-style object onto `env`: values stringified, null unsets an inherited variable. */
export function overlayEnv(env: Record<string, string>, value: unknown, where: string): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UserError(`${where}: ${formatValue(value)} is not valid; use an object of variables, e.g. { "NODE_ENV": "production" }`);
  }
  for (const [key, v] of Object.entries(value)) {
    if (key === '' || key.includes('=') || key.includes('\0')) {
      throw new UserError(`${where}: ${formatValue(key)} is not a valid variable name`);
    }
    if (v === null || v === undefined) delete env[key];
    // PM2 passes objects as JSON; anything else as its string form
    else env[key] = typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
}
