// The API: answers with its pid. clmon drains it before every planned stop (SPEC §4.4), so it
// needs no shutdown code of its own.
const http = require('node:http');

http
  .createServer((req, res) => res.end(JSON.stringify({ pid: process.pid, url: req.url }) + '\n'))
  .listen(Number(process.env.PORT) || 3000, () => console.log(`api listening on ${process.env.PORT || 3000}`));
