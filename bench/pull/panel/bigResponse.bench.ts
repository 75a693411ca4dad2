/**
 * Runs inside a real VS Code extension host (see run.mjs): a request panel sends to a local server (a process of its
 * own) that answers a 100 MB JSON body. Prints `[bench]` lines: time from `request/send` to the `response/show`
 * posted to the page, the extension host's memory growth and longest event-loop stall meanwhile, and `curl -s -o
 * file` of the same URL in the same run as the floor. Asserts only what is not a duration: the panel shows a cut
 * body, and the whole body is on disk with the right size.
 */
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RequestPanel } from '../../../src/ui/requestPanel/requestPanel';
import { newDraft, type HostMessage, type ResponseView } from '../../../src/webview/requestPanel/panelProtocol';
import { closeAllEditors, pushpull } from '../../../test/vscode/util';
import { profiled } from './cpuProfile';
import { HostSampler, type Sample } from './hostSampler';

const MB = Number(process.env.PUSHPULL_BENCH_MB ?? '100');
const ROUNDS = Number(process.env.PUSHPULL_BENCH_ROUNDS ?? '3');
const SERVER = path.resolve(__dirname, '../../../../bench/pull/panel/jsonServer.mjs');

const mib = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
const ms = (value: number): string => value.toFixed(0);

async function startServer(): Promise<{ child: ChildProcess; base: string; size: number }> {
  const child = spawn('node', [SERVER, String(MB)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.stdout?.once('data', (data: Buffer) => resolve(String(data).trim()));
  });
  const [port, size] = line.split(' ').map(Number);
  return { child, base: `http://127.0.0.1:${port}`, size };
}

/** Sends the draft through the panel; resolves with the response shown and when it was posted. */
async function send(
  panel: RequestPanel,
  url: string,
): Promise<{ response: ResponseView; shownMs: number; doneMs: number }> {
  const started = performance.now();
  let shown: { response: ResponseView; at: number } | undefined;
  const posted: HostMessage[] = [];
  const subscription = panel.onDidPost((message) => {
    posted.push(message);
    if (message.type === 'response/show' && !shown) shown = { response: message.response, at: performance.now() };
  });
  try {
    await panel.handleMessage({ type: 'request/send', draft: { ...newDraft(randomUUID()), url } });
  } finally {
    subscription.dispose();
  }
  const doneMs = performance.now() - started;
  assert.ok(shown, `no response/show: ${JSON.stringify(posted).slice(0, 1000)}`);
  return { response: shown.response, shownMs: shown.at - started, doneMs };
}

async function curl(url: string, target: string): Promise<number> {
  const started = performance.now();
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn('curl', ['-s', '-o', target, url], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', resolve);
  });
  assert.equal(code, 0, 'curl failed');
  return performance.now() - started;
}

function report(round: number, what: string, sample: Sample, extra: string): void {
  console.log(
    `[bench] round ${round} ${what}: ${extra}; rss +${mib(sample.rssGrowth)} MiB (peak ${mib(sample.rssPeak)}), ` +
      `heapUsed +${mib(sample.heapGrowth)} MiB (peak ${mib(sample.heapPeak)}), ` +
      `longest stall ${ms(sample.histogramMaxMs)} ms (interval drift ${ms(sample.driftMaxMs)} ms)`,
  );
}

interface Round {
  readonly shownMs: number;
  readonly panel: Sample;
  readonly curlMs: number;
  readonly curl: Sample;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The rounds as a markdown table: medians, the panel beside curl of the same URL in the same run. */
function table(rounds: readonly Round[]): void {
  const row = (label: string, panel: (r: Round) => number, curl: (r: Round) => number, unit: string): string =>
    `| ${label} | ${median(rounds.map(panel)).toFixed(1)} ${unit} | ${median(rounds.map(curl)).toFixed(1)} ${unit} |`;
  console.log(`[bench] medians of ${rounds.length} rounds`);
  console.log('| measure | panel | curl -s -o file |');
  console.log('| --- | ---: | ---: |');
  console.log(
    row(
      'request/send to response/show',
      (r) => r.shownMs,
      (r) => r.curlMs,
      'ms',
    ),
  );
  console.log(
    row(
      'host rss growth (peak)',
      (r) => r.panel.rssGrowth / 2 ** 20,
      (r) => r.curl.rssGrowth / 2 ** 20,
      'MiB',
    ),
  );
  console.log(
    row(
      'host heapUsed growth (peak)',
      (r) => r.panel.heapGrowth / 2 ** 20,
      (r) => r.curl.heapGrowth / 2 ** 20,
      'MiB',
    ),
  );
  console.log(
    row(
      'longest event-loop stall',
      (r) => r.panel.histogramMaxMs,
      (r) => r.curl.histogramMaxMs,
      'ms',
    ),
  );
}

describe(`[bench] a ${MB} MB JSON response in the request panel`, function () {
  this.timeout(10 * 60_000);
  let server: Awaited<ReturnType<typeof startServer>>;
  let scratch: string;

  before(async () => {
    server = await startServer();
    scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'pushpull-panel-bench-'));
  });

  after(async () => {
    const api = await pushpull();
    for (const panel of api.panels.all) panel.dispose();
    await closeAllEditors();
    server.child.stdin?.end();
    await fs.rm(scratch, { recursive: true, force: true });
  });

  it('shows the first part at once, keeps the whole on disk, against curl -o file', async () => {
    const api = await pushpull();
    const history = await api.requests.handle.whenReady();
    const panel = await vscode.commands.executeCommand<RequestPanel | undefined>('pushpull.openRequestPanel');
    assert.ok(panel, 'the command returns the panel it opened');
    await send(panel, `${server.base}/small.json`); // loads the sender and the panel's code before measuring
    if (process.env.PUSHPULL_BENCH_CPUPROF) {
      const profiledRound = await profiled(() => send(panel, `${server.base}/big.json`));
      await history.delete([profiledRound.response.exchangeId]);
    }
    console.log(
      `[bench] body ${server.size} bytes (${mib(server.size)} MiB), ${ROUNDS} rounds, node ${process.version}`,
    );
    const rounds: Round[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const sampler = new HostSampler();
      const { response, shownMs, doneMs } = await send(panel, `${server.base}/big.json`);
      const sample = sampler.stop();
      const t = response.timings;
      const phases = `sender: first byte ${ms(t.firstByteMs)} ms, download ${ms(t.downloadMs)} ms, total ${ms(t.totalMs)} ms`;
      report(
        round,
        'panel',
        sample,
        `response/show after ${ms(shownMs)} ms (${phases}), send done after ${ms(doneMs)} ms`,
      );

      assert.equal(response.status, 200);
      assert.equal(response.size, server.size);
      assert.equal(response.bodyCut?.totalBytes, server.size, 'the panel shows only the start of the body');
      assert.ok(response.raw.length <= (response.bodyCut?.shownBytes ?? 0));
      const ref = await history.bodyRef(response.exchangeId);
      assert.ok(ref?.kind === 'file', 'a large body is kept in a file');
      assert.equal((await fs.stat(ref.path)).size, server.size, 'the whole body is on disk');

      const target = path.join(scratch, `curl-${round}.json`);
      const curlSampler = new HostSampler();
      const curlMs = await curl(`${server.base}/big.json`, target);
      const curlSample = curlSampler.stop();
      report(round, 'curl -s -o file', curlSample, `done after ${ms(curlMs)} ms`);
      rounds.push({ shownMs, panel: sample, curlMs, curl: curlSample });
      assert.equal((await fs.stat(target)).size, server.size);
      await fs.rm(target);
      await history.delete([response.exchangeId]);
    }
    table(rounds);
  });
});
