import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import * as path from 'node:path';
import Stripe from 'stripe';
import { Webhook } from 'standardwebhooks';
import twilio from 'twilio';

/** The bundled `pushpull` executable (built by `npm run build` before the unit tests run). */
const CLI = path.resolve(__dirname, '../../../../dist/cli.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real executable: node dist/cli.js verify <args> < body. */
function run(args: string[], body: string | Buffer = '', env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'verify', ...args], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(body);
  });
}

function verdictOf(result: Run): {
  status: string;
  provider: string;
  reason?: { code: string; message: string; skewSeconds?: number };
} {
  return JSON.parse(result.stdout) as ReturnType<typeof verdictOf>;
}

const GITHUB_ARGS = [
  '--provider',
  'github',
  '--secret',
  "It's a Secret to Everybody",
  '--header',
  'X-Hub-Signature-256: sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
];

describe('pushpull verify (CLI, spawned)', function () {
  this.timeout(20_000);

  it('exits 0 and prints a valid verdict for the GitHub docs example', async () => {
    const result = await run(GITHUB_ARGS, 'Hello, World!');
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(verdictOf(result), { status: 'valid', provider: 'github' });
    assert.equal(result.stderr, '');
  });

  it('exits 1 with the reason when the body was changed on the way', async () => {
    const result = await run(GITHUB_ARGS, 'Hello, World!\n');
    assert.equal(result.code, 1);
    const verdict = verdictOf(result);
    assert.equal(verdict.status, 'invalid');
    assert.equal(verdict.reason?.code, 'body-mismatch');
    assert.match(verdict.reason?.message ?? '', /trailing newline/);
  });

  it('checks timestamps as of --now, and says how stale', async () => {
    const stripe = new Stripe('sk_test_not_used_offline');
    const body = '{"id":"evt_1","object":"event"}';
    const header = stripe.webhooks.generateTestHeaderString({
      payload: body,
      secret: 'whsec_cli',
      timestamp: 1_700_000_000,
    });
    const args = ['--provider', 'stripe', '--secret', 'whsec_cli', '--header', `Stripe-Signature: ${header}`];
    assert.equal((await run([...args, '--now', '1700000100'], body)).code, 0);
    const stale = await run([...args, '--now', '1700000600'], body);
    assert.equal(stale.code, 1);
    assert.deepEqual([verdictOf(stale).reason?.code, verdictOf(stale).reason?.skewSeconds], ['timestamp-too-old', 600]);
  });

  it('takes the secret from --secret-env or PUSHPULL_SECRET; without one the verdict is no-secret (exit 1)', async () => {
    const args = GITHUB_ARGS.filter((_, i) => i !== 2 && i !== 3);
    const fromNamed = await run([...args, '--secret-env', 'HOOK_SECRET'], 'Hello, World!', {
      HOOK_SECRET: "It's a Secret to Everybody",
    });
    assert.equal(fromNamed.code, 0, fromNamed.stderr);
    const fromDefault = await run(args, 'Hello, World!', { PUSHPULL_SECRET: "It's a Secret to Everybody" });
    assert.equal(fromDefault.code, 0, fromDefault.stderr);
    const none = await run(args, 'Hello, World!');
    assert.equal(none.code, 1);
    assert.equal(verdictOf(none).status, 'no-secret');
    const unsigned = await run(['--provider', 'github', '--secret', 'x'], 'Hello');
    assert.deepEqual([unsigned.code, verdictOf(unsigned).status], [1, 'not-signed']);
  });

  it('accepts the svix alias and verifies Standard Webhooks headers', async () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const signature = new Webhook(secret).sign('msg_cli', new Date(1_614_265_330_000), '{"test": 2432232314}');
    const result = await run(
      [
        '--provider',
        'svix',
        '--secret',
        secret,
        '--now',
        '1614265330',
        '--header',
        'svix-id: msg_cli',
        '--header',
        'svix-timestamp: 1614265330',
        '--header',
        `svix-signature: ${signature}`,
      ],
      '{"test": 2432232314}',
    );
    assert.equal(result.code, 0, result.stdout);
    assert.equal(verdictOf(result).provider, 'standard-webhooks');
  });

  it('verifies Twilio with --url and form parameters from the body', async () => {
    const params = { CallSid: 'CA1', Digits: '1234' };
    const url = 'https://example.com/voice?x=1';
    const signature = twilio.getExpectedTwilioSignature('12345', url, params);
    const headers = [
      '--header',
      'Content-Type: application/x-www-form-urlencoded',
      '--header',
      `X-Twilio-Signature: ${signature}`,
    ];
    const body = new URLSearchParams(params).toString();
    assert.equal((await run(['--provider', 'twilio', '--secret', '12345', '--url', url, ...headers], body)).code, 0);
    const wrongUrl = await run(
      ['--provider', 'twilio', '--secret', '12345', '--url', 'http://example.com/voice?x=1', ...headers],
      body,
    );
    assert.equal(verdictOf(wrongUrl).reason?.code, 'url-mismatch');
  });

  it('verifies the generic HMAC on raw bytes that are not UTF-8', async () => {
    const body = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x7b]);
    const digest = createHmac('sha512', 'k').update(body).digest('base64');
    const args = [
      '--provider',
      'hmac',
      '--secret',
      'k',
      '--algorithm',
      'sha512',
      '--encoding',
      'base64',
      '--signature-header',
      'X-Sig',
      '--prefix',
      'v1=',
    ];
    assert.equal((await run([...args, '--header', `X-Sig: v1=${digest}`], body)).code, 0);
    assert.equal((await run([...args, '--header', `X-Sig: v1=${digest}`], Buffer.from(body.toString('utf8')))).code, 1);
  });

  it('exits 2 with one clear line on stderr for usage errors', async () => {
    const cases: Array<[string[], RegExp]> = [
      [[], /--provider is required/],
      [['--provider', 'paypal'], /unknown provider "paypal"/],
      [['--provider', 'github', '--colour'], /Unknown option '--colour'/],
      [['--provider', 'github', 'extra'], /positional/i],
      [['--provider', 'github', '--header', 'no colon here'], /not of the form "Name: value"/],
      [['--provider', 'github', '--now', 'yesterday'], /--now "yesterday"/],
      [['--provider', 'github', '--secret', 'a', '--secret-env', 'B'], /not both/],
      [['--provider', 'github', '--secret-env', 'UNSET_VARIABLE'], /UNSET_VARIABLE/],
      [['--provider', 'github', '--algorithm', 'sha1'], /only applies to --provider hmac/],
      [['--provider', 'twilio', '--secret', 'x'], /--url is required for twilio/],
      [['--provider', 'github', '--url', 'not a url'], /not a full http\(s\) URL/],
      [['--provider', 'hmac', '--secret', 'x'], /--signature-header is required/],
      [['--provider', 'hmac', '--signature-header', 'X', '--encoding', 'base32'], /--encoding must be hex or base64/],
      [['--provider', 'hmac', '--signature-header', 'X', '--algorithm', 'rot13'], /not a known HMAC algorithm/],
    ];
    for (const [args, message] of cases) {
      const result = await run(args, 'body');
      assert.equal(result.code, 2, args.join(' '));
      assert.equal(result.stdout, '', args.join(' '));
      assert.match(result.stderr, message, args.join(' '));
      assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
    }
  });

  it('escapes what a terminal acts on in verdicts and usage errors that quote a header', async () => {
    const hostile = '\u009b31m\u202eevil';
    const result = await run(['--provider', 'github', '--secret', 's', '--header', `X-Hub-Signature-256: ${hostile}`]);
    assert.equal(result.code, 1, result.stderr);
    assert.doesNotMatch(result.stdout, /[\u009b\u202e]/);
    assert.ok(result.stdout.includes('\\u009b31m\\u202eevil'), result.stdout);
    // Still the same JSON value: the escapes read back as the characters sent.
    assert.ok(verdictOf(result).reason?.message.includes(hostile));

    const usage = await run(['--provider', 'github', '--header', `${hostile} without a colon`]);
    assert.equal(usage.code, 2);
    assert.doesNotMatch(usage.stderr, /[\u009b\u202e]/);
    assert.ok(usage.stderr.includes('\\x9b31m\\u202eevil'), usage.stderr);
  });

  it('prints usage with --help and exits 0', async () => {
    const result = await run(['--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /Usage: pushpull verify --provider P/);
  });
});
