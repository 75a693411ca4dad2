// Mutation testing of the core folders that carry PushPull's promises: `npm run test:mutation`.
// Each mutant is compiled with the tests (`buildCommand`) and run against the unit tests that cover it.
// Scores per folder are in TESTING.md; `scripts/mutationScore.mjs` fails the run below each folder's floor.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'mocha',
  plugins: ['@stryker-mutator/mocha-runner'],
  mutate: ['src/core/verify/**/*.ts', 'src/core/hooks/routes.ts', 'src/core/export/**/*.ts', '!src/core/**/types.ts'],
  buildCommand: 'npx tsc -p tsconfig.test.json',
  mochaOptions: {
    spec: [
      // verify/cli.test.js runs the bundled CLI in a child process, which mutants do not reach.
      'out/test/unit/verify/!(cli).test.js',
      'out/test/unit/routes.test.js',
      'out/test/unit/signing.test.js',
      'out/test/unit/export.test.js',
      'out/test/unit/exportHostile.test.js',
      'out/test/unit/routeSettings.test.js',
      'out/test/unit/curlCommand.test.js',
      'out/test/unit/httpFileExport.test.js',
      'out/test/unit/exportTargets.test.js',
      'out/test/unit/routeLimits.test.js',
      'out/test/unit/curlHead.test.js',
      'out/test/unit/curlInlineBound.test.js',
      'out/test/unit/export/exchange*.test.js',
    ],
  },
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 20000,
  // The floors per folder are checked by scripts/mutationScore.mjs after the run.
  thresholds: { high: 90, low: 80, break: null },
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
