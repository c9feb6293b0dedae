// A complete AppSpec for log tests; only the log fields matter here.
import type { AppSpec } from '../../src/model/types.js';
import { appSpec } from '../helpers/app-spec.js';

export function logSpec(name: string, overrides: Partial<AppSpec> = {}): AppSpec {
  return appSpec({ name, script: '/nonexistent/app.js', cwd: '/', env: {}, ...overrides });
}
