// The scenarios in the order they run and appear in BENCHMARKS.md.
import { scenario as cli } from './cli-latency.mjs';
import { scenario as crash } from './crash.mjs';
import { scenario as logs } from './log-ingestion.mjs';
import { scenario as manyHosts } from './many-hosts.mjs';
import { scenario as monitoring } from './monitoring.mjs';
import { scenario as reload } from './reload.mjs';
import { scenario as restartLoop } from './restart-loop.mjs';
import { scenario as runtimeMetrics } from './runtime-metrics.mjs';
import { scenario as throughput } from './throughput.mjs';

export const SCENARIOS = [throughput, reload, crash, cli, monitoring, logs, restartLoop, manyHosts, runtimeMetrics];
