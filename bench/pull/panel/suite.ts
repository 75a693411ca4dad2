/**
 * The extension host's entry point for the panel benchmark (run.mjs passes it as the tests path): runs mocha over
 * out/bench/pull/panel/*.bench.js only, so the benchmark never slows the normal VS Code test layer.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const files = fs
    .readdirSync(__dirname)
    .filter((name) => name.endsWith('.bench.js'))
    .map((name) => path.join(__dirname, name));
  if (files.length === 0) throw new Error(`No *.bench.js under ${__dirname}: compile with tsconfig.test.json first.`);
  const mocha = new Mocha({ ui: 'bdd', timeout: 10 * 60_000, color: false, reporter: 'spec' });
  for (const file of files) mocha.addFile(file);
  await new Promise<void>((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} benchmark(s) failed.`)) : resolve()));
  });
}
