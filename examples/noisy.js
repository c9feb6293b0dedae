// A chatty worker: a few log lines a second on stdout and stderr, some with colours.
let n = 0;
setInterval(() => {
  n++;
  console.log(`\x1b[32mprocessed job ${n}\x1b[0m in ${Math.round(Math.random() * 90) + 10} ms`);
  if (n % 5 === 0) console.error(`warning: job ${n} retried once`);
}, 400);
