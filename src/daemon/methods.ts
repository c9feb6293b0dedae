// The request methods of the control socket, as a lookup table: each one checks its params and
// calls the Controller. Connection-level methods (subscribe, unsubscribe, kill) come from the
// connection through CallContext.
import { isAbsolute } from 'node:path';
import { UserError } from '../errors.js';
import type { Controller } from '../model/controller.js';
import type { AppSpec, ReloadProgress } from '../model/types.js';
import { boolParam, countParam, intParam, optionalString, stringParam, streamParam, type Params } from './params.js';
import { ProtocolError } from './protocol/wire-errors.js';

/** The most log lines one request may ask for. */
export const MAX_LOG_LINES = 100_000;
/** The shortest and longest CPU profile one request may ask for. */
export const MIN_PROFILE_MS = 100;
export const MAX_PROFILE_MS = 3_600_000;

export interface CallContext {
  controller: Controller;
  /** Stream a reload progress message for the current request. */
  progress(p: ReloadProgress): void;
  subscribe(params: Params): Promise<unknown>;
  unsubscribe(): void;
  kill(): Promise<void>;
}

type Method = (ctx: CallContext, params: Params) => Promise<unknown>;

const METHODS: Record<string, Method> = {
  snapshot: (ctx, p) => ctx.controller.snapshot(boolParam(p, 'detail', false)),
  logs: (ctx, p) =>
    ctx.controller.logs({
      target: optionalString(p, 'target'),
      lines: intParam(p, 'lines', 20, 0, MAX_LOG_LINES),
      stream: streamParam(p),
    }),
  start: async (ctx, p) => {
    await ctx.controller.start(appsParam(p));
    return null;
  },
  restart: async (ctx, p) => {
    await ctx.controller.restart(stringParam(p, 'target'));
    return null;
  },
  reload: (ctx, p) => ctx.controller.reload(stringParam(p, 'target'), (progress) => ctx.progress(progress)),
  scale: (ctx, p) => ctx.controller.scale(stringParam(p, 'app'), countParam(p)),
  stop: async (ctx, p) => {
    await ctx.controller.stop(stringParam(p, 'target'));
    return null;
  },
  delete: async (ctx, p) => {
    await ctx.controller.delete(stringParam(p, 'target'));
    return null;
  },
  specs: (ctx) => supervisorOnly(ctx, 'specs').specs!(),
  flushLogs: (ctx, p) => supervisorOnly(ctx, 'flushLogs').flushLogs!(stringParam(p, 'target')),
  // docs/supervision.md#crash-forensics-and-diagnostics: through the worker helper of one worker `app:id`; files are written by the worker
  profile: (ctx, p) =>
    ctx.controller.diagnose(stringParam(p, 'target'), {
      kind: 'profile',
      durationMs: intParam(p, 'durationMs', 10_000, MIN_PROFILE_MS, MAX_PROFILE_MS),
      out: absolutePath(p, 'out'),
    }),
  heapsnapshot: (ctx, p) => ctx.controller.diagnose(stringParam(p, 'target'), { kind: 'heapsnapshot', out: absolutePath(p, 'out') }),
  inspect: (ctx, p) => ctx.controller.diagnose(stringParam(p, 'target'), { kind: 'inspect', close: boolParam(p, 'close', false) }),
  subscribe: (ctx, p) => ctx.subscribe(p),
  unsubscribe: async (ctx) => {
    ctx.unsubscribe();
    return null;
  },
  kill: async (ctx) => {
    await ctx.kill();
    return null;
  },
};

export const METHOD_NAMES = Object.keys(METHODS);

/** Run one request; every failure is thrown for the connection to turn into an error reply. */
export function callMethod(ctx: CallContext, method: string, params: Params): Promise<unknown> {
  const fn = Object.hasOwn(METHODS, method) ? METHODS[method] : undefined;
  if (!fn) throw new ProtocolError(`unknown method ${JSON.stringify(method)} (known: ${METHOD_NAMES.join(', ')})`);
  return fn(ctx, params);
}

/** The controller, if it offers this optional method (clmon's own supervisors do). */
function supervisorOnly(ctx: CallContext, method: 'specs' | 'flushLogs'): Controller {
  if (!ctx.controller[method]) throw new ProtocolError(`method ${JSON.stringify(method)} is not offered by this supervisor`);
  return ctx.controller;
}

/** A file the worker will write: an absolute path (the client resolved it against its own cwd). */
function absolutePath(params: Params, name: string): string {
  const value = stringParam(params, name);
  if (!isAbsolute(value) || value.includes('\0')) throw new ProtocolError(`parameter "${name}" must be an absolute file path, got ${JSON.stringify(value)}`);
  return value;
}

/** `start` takes fully resolved AppSpecs (the client loaded the config with its own env). */
function appsParam(params: Params): AppSpec[] {
  const apps = params.apps;
  if (!Array.isArray(apps) || apps.length === 0) throw new ProtocolError('parameter "apps" must be a non-empty array of app specs');
  for (const [i, app] of apps.entries()) {
    const spec = app as Partial<AppSpec> | null;
    if (!spec || typeof spec !== 'object' || typeof spec.name !== 'string' || typeof spec.script !== 'string') {
      throw new ProtocolError(`apps[${i}] must be an app spec with a name and a script`);
    }
    if (!Number.isInteger(spec.instances) || typeof spec.env !== 'object' || !Array.isArray(spec.args)) {
      throw new ProtocolError(`apps[${i}] ("${spec.name}") is not a resolved app spec (instances, env, args)`);
    }
  }
  const names = apps.map((app: AppSpec) => app.name);
  const dup = names.find((name, i) => names.indexOf(name) !== i);
  if (dup) throw new UserError(`app name "${dup}" appears twice; give each app its own name`);
  return apps as AppSpec[];
}
