// A complete AppSpec for log tests; only the log fields matter here.
import type { AppSpec } from '../../src/supervisor/types.js';

export function logSpec(name: string, overrides: Partial<AppSpec> = {}): AppSpec {
  return {
    name,
    script: '/nonexistent/app.js',
    args: [],
    cwd: '/',
    instances: 1,
    execMode: 'fork',
    env: {},
    nodeArgs: [],
    autorestart: true,
    maxRestarts: 16,
    minUptime: 1000,
    restartDelay: 0,
    expBackoffRestartDelay: 0,
    stopExitCodes: [],
    maxMemoryRestart: 0,
    killTimeout: 1600,
    waitReady: false,
    listenTimeout: 3000,
    shutdownWithMessage: false,
    watch: false,
    ignoreWatch: [],
    mergeLogs: true,
    time: false,
    instanceVar: 'NODE_APP_INSTANCE',
    drain: true,
    ...overrides,
  };
}
