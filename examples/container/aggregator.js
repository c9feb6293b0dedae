// A fork-mode worker that does something every few seconds and stops cleanly on SIGINT.
const timer = setInterval(() => console.log(`aggregated at ${new Date().toISOString()}`), 5000);
process.on('SIGINT', () => {
  clearInterval(timer);
  console.log('aggregator stopping');
});
