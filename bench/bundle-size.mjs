// Production bundle sizes (raw and gzip), as listed in BENCHMARKS.md. Run: node bench/bundle-size.mjs
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';

execFileSync('node', ['scripts/build.mjs', '--production'], { stdio: 'inherit' });
const files = ['dist/extension.js', 'dist/http.js', 'dist/webview/requestPanel.js'];
console.log('| file | bytes | gzip bytes | loaded |');
console.log('| --- | ---: | ---: | --- |');
const when = {
  'dist/extension.js': 'on activation',
  'dist/http.js': 'first request sent (undici)',
  'dist/webview/requestPanel.js': 'when the request panel opens',
};
for (const file of files) {
  const bytes = fs.readFileSync(file);
  console.log(`| \`${file}\` | ${bytes.length} | ${zlib.gzipSync(bytes).length} | ${when[file]} |`);
}
