// The worker helper: the one file clmon loads into Node workers with `--require` (docs/supervision.md#reload,
// docs/supervision.md#runtime-metrics, docs/supervision.md#crash-forensics-and-diagnostics). Each capability is a module of its own; the supervisor says which ones apply
// through the environment, so an app with `drain: false` pays nothing for the drain.
if (process.env.CLMON_HELPER_DRAIN === '1') require('./drain.cjs');
if (process.env.CLMON_HELPER_METRICS === '1') require('./metrics.cjs');
if (process.env.CLMON_HELPER_DIAGNOSTICS === '1') require('./diagnostics.cjs');
