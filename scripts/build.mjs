// Bundles the extension (node/cjs), the pull side (undici, loaded on first use) and the webview (browser).
import * as fs from 'node:fs';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
  // Error class names stay readable in logs, also in the minified package.
  keepNames: true,
};

const builds = [
  {
    ...common,
    entryPoints: { extension: 'src/extension.ts', http: 'src/core/http/index.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: { cli: 'src/cli/bin.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    ...common,
    entryPoints: { 'webview/requestPanel': 'src/webview/requestPanel/main.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
  },
];

// A clean folder, so no stale file (an old source map, say) ends up in the package.
fs.rmSync('dist', { recursive: true, force: true });

// The request panel's icons: codicons' stylesheet and its font, beside the page's script (the webview may load
// files from dist/ only, and the package leaves node_modules out).
fs.mkdirSync('dist/webview', { recursive: true });
for (const file of ['codicon.css', 'codicon.ttf']) {
  fs.copyFileSync(`node_modules/@vscode/codicons/dist/${file}`, `dist/webview/${file}`);
}

if (watch) {
  for (const options of builds) {
    const context = await esbuild.context(options);
    await context.watch();
  }
  console.log('[watch] build finished, watching for changes…');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
