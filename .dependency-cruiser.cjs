// The direction of the house (ARCHITECTURE.md): imports run down the floors, never up, never in a circle.
// Checked by `npm run lint` (part of `npm test`); the picture is in ARCHITECTURE.md.
const FLOOR2 = '^src/core/(hooks|verify|http|store)/';
const FLOOR3 = '^src/core/(push|pull|httpFile|compare|relay|export|render)/';
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Files never import each other in a circle.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-is-plain-node',
      severity: 'error',
      comment: 'src/core never imports vscode, ui, cli, webview or the composition root.',
      from: { path: '^src/core/' },
      to: { path: ['^vscode$', '^src/(ui|cli|webview)/', '^src/(extension|api)\\.ts$'] },
    },
    {
      name: 'bottom-stays-at-the-bottom',
      severity: 'error',
      comment: 'core/model and core/json import nothing from the floors above.',
      from: { path: '^src/core/model/' },
      to: { path: '^src/core/(?!model/)' },
    },
    {
      name: 'json-on-model-only',
      severity: 'error',
      from: { path: '^src/core/json/' },
      to: { path: '^src/core/(?!json/|model/)' },
    },
    {
      name: 'second-floor-not-up',
      severity: 'error',
      comment: 'hooks, verify, http and store stand on model and json only.',
      from: { path: FLOOR2 },
      to: { path: FLOOR3 },
    },
    {
      name: 'capture-not-on-store',
      severity: 'error',
      comment: "The listener's capture code does not import the store.",
      from: { path: '^src/core/hooks/', pathNot: '^src/core/hooks/query/' },
      to: { path: '^src/core/store/' },
    },
    {
      name: 'store-not-on-hooks',
      severity: 'error',
      comment: 'The store keeps what it is given; it does not import the listener.',
      from: { path: '^src/core/store/' },
      to: { path: '^src/core/hooks/' },
    },
    {
      name: 'render-not-on-compare',
      severity: 'error',
      comment: 'Display and comparison both stand on core/json; compare does not feed render.',
      from: { path: '^src/core/render/' },
      to: { path: '^src/core/compare/' },
    },
    {
      name: 'core-helpers-at-the-bottom',
      severity: 'error',
      comment: "src/core's own files (clock, errors, event…) stand on model at most.",
      from: { path: '^src/core/[^/]+\\.ts$' },
      to: { path: '^src/core/(?!model/)[^/]+/' },
    },
    {
      name: 'core-not-on-top',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/core/(push|pull)/', pathNot: '^src/core/(push|pull)/' },
    },
    { name: 'ui-and-cli-apart', severity: 'error', from: { path: '^src/(cli|webview)/' }, to: { path: '^src/ui/' } },
    { name: 'cli-not-on-ui', severity: 'error', from: { path: '^src/ui/' }, to: { path: '^src/cli/' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(out|dist|node_modules)/' },
  },
};
