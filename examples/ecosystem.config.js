// The demo: what a PM2 user's ecosystem file looks like. `npx clmon run examples/ecosystem.config.js`
module.exports = {
  apps: [
    {
      name: 'web',
      script: './http-server.js',
      instances: 2,
      exec_mode: 'cluster',
      wait_ready: true,
      listen_timeout: 5000,
      // PORT comes from the environment of `clmon run`/`start` (default 3000 in the script).
      env: { NODE_ENV: 'development' },
      env_production: { NODE_ENV: 'production' },
    },
    {
      name: 'crashy',
      script: './crashy.js',
      exp_backoff_restart_delay: 500,
      max_restarts: 5,
      min_uptime: 5000, // a crash within 5 s is unstable, even on a slow, loaded machine
    },
    {
      name: 'leaky',
      script: './leaky.js',
      max_memory_restart: '150M',
    },
    {
      name: 'noisy',
      script: './noisy.js',
    },
    {
      name: 'worker',
      script: './cron-worker.js',
      exec_mode: 'fork',
      cron_restart: '* * * * *',
    },
  ],
};
