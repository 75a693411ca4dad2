// The local server of the panel benchmark, in a process of its own so that it shares neither the extension host's
// event loop nor its memory: /big.json answers a JSON array of records, about `mb` MB (default 100) with an exact
// Content-Length; /small.json a few bytes. Prints its port on stdout.
//   node bench/pull/panel/jsonServer.mjs [mb]
/* global Buffer */
import * as http from 'node:http';

const mb = Number(process.argv[2] ?? '100');
const record = (i) =>
  JSON.stringify({
    id: i,
    name: `customer ${i}`,
    email: `customer.${i}@example.com`,
    active: i % 3 !== 0,
    balance: Math.round(i * 13.37) / 100,
    tags: ['alpha', 'beta', String(i % 97)],
    address: { street: `${i} Main Street`, city: 'Springfield', zip: String(10000 + (i % 89999)) },
  });
const parts = ['['];
let length = 1;
for (let i = 0; length < mb * 1024 * 1024 - 256; i++) {
  const text = (i === 0 ? '' : ',') + record(i);
  parts.push(text);
  length += Buffer.byteLength(text);
}
parts.push(']');
const big = Buffer.from(parts.join(''));
parts.length = 0;

const server = http.createServer((req, res) => {
  if (req.url === '/big.json') {
    return res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(big.length) }).end(big);
  }
  if (req.url === '/small.json') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  res.writeHead(404).end();
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port} ${big.length}\n`));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
