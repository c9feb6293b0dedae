// The default of every app setting that has one (as PM2 has them, docs/configuration.md): the
// validator falls back to these, `--help` quotes them, and the tests build their specs from them.
import type { AppSpec } from '../model/types.js';

/** The settings an app gets when its file and the command line do not give them. */
export const APP_DEFAULTS = {
  args: [],
  nodeArgs: [],
  autorestart: true,
  maxRestarts: 16,
  /** ms */
  minUptime: 1000,
  /** ms */
  restartDelay: 0,
  /** ms; 0 = off */
  expBackoffRestartDelay: 0,
  stopExitCodes: [],
  /** bytes; 0 = off */
  maxMemoryRestart: 0,
  /** ms */
  killTimeout: 1600,
  waitReady: false,
  /** ms */
  listenTimeout: 3000,
  shutdownWithMessage: false,
  watch: false,
  /** Always ignored by watch, on top of ignore_watch. */
  ignoreWatch: ['node_modules', '.git'],
  mergeLogs: false,
  time: false,
  instanceVar: 'NODE_APP_INSTANCE',
  drain: true,
  diagnosticReports: true,
  metrics: true,
  /** ms; 0 = off */
  maxEventLoopDelay: 0,
  /** bytes; 0 = off */
  maxHeap: 0,
  unhealthyChecks: 5,
  /** bytes; 0 = no rotation */
  logMaxSize: 0,
  logRetain: 10,
  logCompress: false,
  /** ms */
  drainTimeout: 5000,
} as const satisfies Partial<AppSpec>;
