// The .http parser against httpYac's, on the same file in the same run. On compiled out/
// (`npx tsc -p tsconfig.test.json`):
//   node --expose-gc bench/httpFile/parseBench.mjs [requests=10000] [rounds=5]
// Generates a file of `requests` requests (about 5 MB for 10,000) mixing REST Client, JetBrains and httpYac
// writing, installs httpYac into a temporary folder (never a dependency of PushPull; HTTPYAC_DIR=<folder> reuses an
// earlier install), then times PushPull's parseHttpFile and httpYac's HttpFileStore.parse in `rounds` interleaved
// rounds (medians), the heap each parse's result keeps (after GC), and PushPull's time on 1×, 2× and 4× the file.
import { Buffer } from 'node:buffer';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

if (typeof globalThis.gc !== 'function') {
  const again = spawnSync(process.execPath, ['--expose-gc', ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(again.status ?? 1);
}

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, '..', '..', 'out');
const require = createRequire(import.meta.url);
const [countArg = '10000', roundsArg = '5'] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const COUNT = Number(countArg);
const ROUNDS = Number(roundsArg);
const { parseHttpFile } = require(path.join(out, 'src/core/httpFile/parse.js'));

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (n) => `${n.toFixed(1)} ms`;

/** One request in one of four ways of writing: REST Client, JetBrains, httpYac, a REST Client form body. */
function request(i) {
  switch (i % 4) {
    case 0:
      return `###
# @name createUser${i}
POST {{baseUrl}}/users?source=bench&i=${i} HTTP/1.1
Content-Type: application/json
Authorization: Bearer {{token}}
X-Request-Id: req-${i}

{
  "name": "user ${i}",
  "email": "user${i}@example.com",
  "tags": ["alpha", "beta", "gamma"],
  "address": { "street": "${i} Main Street", "city": "Springfield", "zip": "12345" }
}
`;
    case 1:
      return `### Get item ${i}
GET https://api.example.com/items/${i}
    ?expand=owner
    &fields=id,name,price,created
Accept: application/json
Authorization: Bearer {{token}}

> {%
    client.test("item ${i}", function() { client.assert(response.status === 200, "status"); });
    client.global.set("item${i}", response.body.id);
%}
`;
    case 2:
      return `###
// @name search${i}
GET /search
  ?q=term${i}
  &page=${i % 10}
  &sort=relevance
Accept: application/json
X-Trace: {{$guid}}
?? status == 200
?? header content-type includes json
?? body $.items exists
`;
    default:
      return `###
# @name token${i}
POST https://auth.example.com/oauth/token
Content-Type: application/x-www-form-urlencoded
Accept: application/json

grant_type=client_credentials
&client_id=client${i}
&client_secret={{secret}}
&scope=read%20write

<> ./responses/token-${i}.json
`;
  }
}

/** Lines every request carries after its request line, as real files do: a comment and common headers. */
function common(i) {
  return `# Request ${i} of the benchmark: the comment explains what the call is for and who owns the endpoint.
User-Agent: PushPull-bench/1.0 (+https://example.com/bench)
X-Correlation-Id: 6f1c2a4e-${String(i).padStart(4, '0')}-4b7d-9c1e-2f3a4b5c6d7e
Accept-Language: en-GB,en;q=0.9,de;q=0.8
`;
}

function generate(count) {
  const parts = ['@baseUrl = https://api.example.com\n@token = {{login.response.body.$.token}}\n\n'];
  for (let i = 0; i < count; i++) {
    const text = request(i);
    const headersAt = text.search(/\n(Content-Type|Accept): /) + 1;
    parts.push(text.slice(0, headersAt), common(i), text.slice(headersAt), '\n');
  }
  return parts.join('');
}

function installHttpYac() {
  if (process.env.HTTPYAC_DIR) return process.env.HTTPYAC_DIR;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pushpull-httpyac-'));
  console.log(`installing httpYac into ${dir} …`);
  execFileSync('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', '--loglevel=error', 'httpyac'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return dir;
}

const httpYacDir = installHttpYac();
const yacRequire = createRequire(path.join(httpYacDir, 'package.json'));
const httpyac = yacRequire('httpyac');
const yacVersion = JSON.parse(fs.readFileSync(yacRequire.resolve('httpyac/package.json'), 'utf8')).version;
httpyac.cli.initFileProvider();
const benchFile = path.join(httpYacDir, 'bench.http');

async function timeYac(text) {
  const store = new httpyac.store.HttpFileStore();
  const start = performance.now();
  const file = await store.parse(benchFile, text, { workingDir: httpYacDir });
  return { ms: performance.now() - start, result: file };
}

function timeOurs(text) {
  const start = performance.now();
  const result = parseHttpFile(text);
  return { ms: performance.now() - start, result };
}

/** Heap kept by a parse's result: used heap after GC with the result alive, minus before. */
async function retained(parse) {
  globalThis.gc();
  globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  const { result } = await parse();
  globalThis.gc();
  globalThis.gc();
  const after = process.memoryUsage().heapUsed;
  return { bytes: after - before, result };
}

const text = generate(COUNT);
const bytes = Buffer.byteLength(text);

// `--memory=ours|yac`: in a fresh process, the heap one parse's result keeps, printed as a number of bytes.
const memoryOf = process.argv.find((arg) => arg.startsWith('--memory='))?.slice('--memory='.length);
if (memoryOf) {
  const { bytes: kept, result } = await retained(() => (memoryOf === 'ours' ? timeOurs(text) : timeYac(text)));
  console.log(JSON.stringify({ kept, alive: result !== undefined }));
  process.exit(0);
}

function heapInFreshProcess(which) {
  const args = ['--expose-gc', fileURLToPath(import.meta.url), countArg, roundsArg, `--memory=${which}`];
  const child = spawnSync(process.execPath, args, { env: { ...process.env, HTTPYAC_DIR: httpYacDir } });
  return JSON.parse(child.stdout.toString().trim().split('\n').pop()).kept;
}
console.log(`file: ${COUNT} requests, ${mb(bytes)}; httpYac ${yacVersion}; node ${process.version}`);

// Warm-up, and both read the same requests.
const ours = timeOurs(text).result;
const theirs = (await timeYac(text)).result.httpRegions.filter((r) => r.request).length;
console.log(`requests read: PushPull ${ours.requests.length} (problems ${ours.problems.length}), httpYac ${theirs}`);

const oursMs = [];
const yacMs = [];
for (let round = 0; round < ROUNDS; round++) {
  oursMs.push(timeOurs(text).ms);
  yacMs.push((await timeYac(text)).ms);
}
const ourMedian = median(oursMs);
const yacMedian = median(yacMs);
const ourHeap = heapInFreshProcess('ours');
const yacHeap = heapInFreshProcess('yac');

const rows = [1, 2, 4].map((times) => {
  const big = generate(COUNT * times);
  timeOurs(big);
  const runs = Array.from({ length: ROUNDS }, () => timeOurs(big).ms);
  return { times, bytes: Buffer.byteLength(big), ms: median(runs) };
});

console.log('');
console.log('| parser | median of ' + ROUNDS + ' | MB/s | heap kept by the result |');
console.log('|---|---:|---:|---:|');
console.log(
  `| PushPull parseHttpFile | ${ms(ourMedian)} | ${(bytes / 1048576 / (ourMedian / 1000)).toFixed(1)} | ${mb(ourHeap)} |`,
);
console.log(
  `| httpYac ${yacVersion} HttpFileStore.parse | ${ms(yacMedian)} | ${(bytes / 1048576 / (yacMedian / 1000)).toFixed(1)} | ${mb(yacHeap)} |`,
);
console.log(`PushPull is ${(yacMedian / ourMedian).toFixed(1)}× faster than httpYac (target ≥ 2×).`);
console.log('');
console.log('| file | size | median | time per MB, against 1× |');
console.log('|---|---:|---:|---:|');
const perMb = (row) => row.ms / (row.bytes / 1048576);
for (const row of rows) {
  console.log(`| ${row.times}× | ${mb(row.bytes)} | ${ms(row.ms)} | ${(perMb(row) / perMb(rows[0])).toFixed(2)} |`);
}
