#!/usr/bin/env node
// The `pushpull` command: the bundled CLI in dist/, built by `npm run build`.
const path = require('node:path');
const fs = require('node:fs');

const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('pushpull: the CLI is not built yet; run "npm run build" in the PushPull folder first.\n');
  process.exit(2);
}
require(cli);
