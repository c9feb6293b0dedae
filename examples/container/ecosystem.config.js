// The container's process group (seed 004's set-up): an HTTP API in cluster mode on PORT, plus
// two fork-mode workers. `clmon run ecosystem.config.js --no-tui --json` runs it as the
// container's entrypoint (see Dockerfile and kubernetes.yaml).
module.exports = {
  apps: [
    {
      name: 'api',
      script: './api.js',
      instances: 2, // or "max": one per CPU the container may use
      exec_mode: 'cluster',
      kill_timeout: 5000,
      env: { NODE_ENV: 'production' },
    },
    { name: 'aggregator', script: './aggregator.js', exec_mode: 'fork', kill_timeout: 5000 },
    { name: 'worker', script: './worker.js', exec_mode: 'fork', kill_timeout: 5000 },
  ],
};
