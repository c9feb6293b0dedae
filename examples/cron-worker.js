// A background worker in fork mode: polls a queue every few seconds. Restarted by cron_restart
// every minute (a common PM2 setup to shed leaks), and stops cleanly on SIGINT.
console.log(`cron-worker up (pid ${process.pid})`);
const timer = setInterval(() => console.log('polled queue: 0 jobs'), 3000);
process.on('SIGINT', () => {
  clearInterval(timer);
  console.log('cron-worker stopping');
  process.exit(0);
});
