import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { installEnv } from '../../../scripts/vscode/install';
import { innerNpmEnv, keepForInnerNpm } from '../../../scripts/vscode/npmEnv';

/** The environment a script of `npm <args>` is given by the real npm, started with `extra` set. */
function envUnderNpm(args: string[], extra: Record<string, string>): NodeJS.ProcessEnv {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pushpull-npmenv-'));
  try {
    const dump = path.join(dir, 'env.json');
    fs.writeFileSync(
      path.join(dir, 'dump.js'),
      `require('fs').writeFileSync(${JSON.stringify(dump)}, JSON.stringify(process.env));`,
    );
    const pkg = { name: 'env-probe', version: '1.0.0', scripts: { test: 'node dump.js', start: 'node dump.js' } };
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg));
    execFileSync('npm', args, { cwd: dir, env: { ...process.env, ...extra }, stdio: 'ignore' });
    return JSON.parse(fs.readFileSync(dump, 'utf8')) as NodeJS.ProcessEnv;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const USER_SET = {
  npm_config_registry: 'http://127.0.0.1:9/registry/',
  npm_config_https_proxy: 'http://127.0.0.1:9/',
  npm_config_cafile: '/etc/ssl/certs/ca-certificates.crt',
};

describe('the environment of the inner npm install (scripts/vscode/npmEnv)', () => {
  for (const args of [['test'], ['start'], ['run', 'start']]) {
    it(`under \`npm ${args.join(' ')}\` carries nothing the outer npm set for its script`, function () {
      this.timeout(30_000);
      const outer = envUnderNpm(args, USER_SET);
      assert.ok(outer.npm_config_user_agent?.includes(`node/${process.version}`), 'the probe ran under npm');
      assert.ok(outer.npm_lifecycle_event, 'npm set its lifecycle variables');

      const runtime = { node: '/opt/node24/bin/node', version: '24.0.0', nodedir: '/opt/node24' };
      const inner = installEnv(runtime, '/tmp/install', outer);
      const inherited = Object.keys(inner).filter((name) =>
        /^(npm_config_(user_agent|npm_version|node_gyp|local_prefix|global_prefix|prefix|loglevel)|npm_lifecycle_|npm_package_|npm_execpath$|npm_node_execpath$|npm_command$|INIT_CWD$|NODE$)/i.test(
          name,
        ),
      );
      assert.deepEqual(inherited, []);
      assert.equal(inner.npm_config_nodedir, '/opt/node24', 'overrides win');
      for (const [name, value] of Object.entries(USER_SET)) {
        assert.equal(inner[name], value, `${name}, set on purpose, still reaches the inner npm`);
      }
      assert.equal(inner.PATH, `/opt/node24/bin:${outer.PATH}`, "the server's Node runs npm and every postinstall");
      assert.equal(inner.npm_config_yes, 'true');
      assert.equal(inner.HOME, outer.HOME, 'everything that is not npm state passes');
    });
  }

  it('started from plain node, keeps what the user exported, in any case', () => {
    const inner = innerNpmEnv({
      NPM_CONFIG_REGISTRY: 'https://registry.example/',
      'npm_config_@acme:registry': 'https://acme.example/',
      'npm_config_//acme.example/:_authToken': 'secret',
      npm_config_user_agent: 'npm/11 node/v20.0.0 linux x64 workspaces/false',
      HOME: '/home/user',
    });
    assert.deepEqual(Object.keys(inner).sort(), [
      'HOME',
      'NPM_CONFIG_REGISTRY',
      'npm_config_//acme.example/:_authToken',
      'npm_config_@acme:registry',
    ]);
  });

  it('tells config a user sets on purpose from npm state', () => {
    assert.equal(keepForInnerNpm('npm_config_strict-ssl'), true);
    assert.equal(keepForInnerNpm('npm_config_proxy'), true);
    assert.equal(keepForInnerNpm('npm_config_nodedir'), false);
    assert.equal(keepForInnerNpm('npm_config_prefix'), false);
    assert.equal(keepForInnerNpm('npm_package_json'), false);
    assert.equal(keepForInnerNpm('NODE_OPTIONS'), true);
  });
});
