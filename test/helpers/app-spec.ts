// A complete AppSpec with the documented defaults (SPEC §3), for driving the supervisor directly.
import { resolve } from 'node:path';
import type { AppSpec } from '../../src/model/types.js';

export function fixture(name: string): string {
  return resolve(import.meta.dirname, '..', 'fixtures', name);
}

export function appSpec(overrides: Partial<AppSpec> & Pick<AppSpec, 'name' | 'script'>): AppSpec {
  return {
    args: [],
    cwd: resolve(import.meta.dirname, '..', 'fixtures'),
    instances: 1,
    execMode: 'fork',
    env: { PATH: process.env.PATH ?? '' },
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
    diagnosticReports: true,
    metrics: true,
    maxEventLoopDelay: 0,
    maxHeap: 0,
    unhealthyChecks: 5,
    logMaxSize: 0,
    logRetain: 10,
    logCompress: false,
    drainTimeout: 5000,
    ...overrides,
  };
}
