// A memory leak: grows by about 5 MB a second until max_memory_restart replaces it.
const hoard = [];
setInterval(() => {
  hoard.push(Buffer.alloc(5 * 1024 * 1024, 1));
  const mb = Math.round(process.memoryUsage().rss / 1048576);
  console.log(`leaky holds ${hoard.length * 5} MB (rss ${mb} MB)`);
}, 1000);
