// One HTTP GET on a fresh connection (no keep-alive), so that node:cluster's round-robin
// hands each probe to the next worker. Resolves {status, body} or rejects (refused, timeout).
import http from 'node:http';

/** GET url with a new connection; rejects after timeoutMs. */
export function probe(url, timeoutMs = 1000) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, headers: { Connection: 'close' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk).length > 4096 && req.destroy(new Error('body too long')));
      res.on('end', () => resolve({ status: res.statusCode, body }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

/** The "<pid> <slot>" answer of http-app.cjs, parsed; undefined if the body is something else. */
export function parseAnswer(body) {
  const m = /^(\d+) (\S+)$/.exec(body);
  return m ? { pid: Number(m[1]), slot: m[2] } : undefined;
}
