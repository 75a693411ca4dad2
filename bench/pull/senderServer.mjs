// The local server of the sender benchmark, in a process of its own so that it does not share the client's event
// loop: /small answers 1 KB, /large 1 MB, /huge?mb=N a stream of N MB. Prints its port on stdout.
/* global Buffer, URL */
import * as http from 'node:http';

const small = Buffer.alloc(1024, 'a');
const large = Buffer.alloc(1024 * 1024, 'b');
const chunk = Buffer.alloc(64 * 1024, 'c');

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname === '/small') return res.writeHead(200, { 'content-type': 'text/plain' }).end(small);
  if (url.pathname === '/large') return res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(large);
  if (url.pathname === '/huge') {
    const total = Number(url.searchParams.get('mb') ?? '100') * 1024 * 1024;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(total) });
    let sent = 0;
    const pump = () => {
      while (sent < total) {
        const piece = sent + chunk.length <= total ? chunk : chunk.subarray(0, total - sent);
        sent += piece.length;
        if (!res.write(piece)) return void res.once('drain', pump);
      }
      res.end();
    };
    return pump();
  }
  res.writeHead(404).end();
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.on('disconnect', () => process.exit(0));
