import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import type * as http from 'node:http';
import * as path from 'node:path';
import { pull, type PullOptions } from '../../src/core/http';
import type { ExchangeSummary, HistoryAddOptions } from '../../src/core/model/history';
import type { OutgoingRequest, PulledExchange } from '../../src/core/model/pulled';
import { PullRefusal, type PullOutcome } from '../../src/core/pull/outcome';
import { PullSession, type PreparedRequest, type PullSessionDeps } from '../../src/core/pull/session';
import { HistoryStore } from '../../src/core/store/history';
import { startServer, tempDir } from './helpers';

type TestSendOptions = PullOptions;
const pullSender = pull;

/** What the session is given to send: a URL and, for the refusal tests, a reason to refuse it. */
interface Draft {
  readonly url: string;
  readonly refuse?: string[];
  readonly secret?: string;
}

/** A local API: `/hang` sends its head and the start of its body, then nothing; `/big` answers 3 MB; else JSON. */
async function testApi() {
  const arrived: string[] = [];
  const closed: string[] = [];
  let started: () => void = () => undefined;
  const midResponse = new Promise<void>((resolve) => (started = resolve));
  const server = await startServer((req: http.IncomingMessage, res: http.ServerResponse) => {
    const where = req.url ?? '';
    arrived.push(where);
    req.socket.once('close', () => closed.push(where));
    if (where === '/hang') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('the start of a body that never ends', () => started());
      return;
    }
    if (where === '/big') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(Buffer.alloc(3 * 1024 * 1024, 7));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(`{"from":"${where.slice(1)}"}`);
  });
  return { ...server, arrived, closed, midResponse };
}

/** The real history in a temp folder, noting what the session asked it to keep. */
class Recorder {
  readonly kept: Array<{ exchange: PulledExchange; options?: HistoryAddOptions }> = [];
  failWith: Error | undefined;

  constructor(readonly store: HistoryStore) {}

  readonly record = async (exchange: PulledExchange, options?: HistoryAddOptions): Promise<ExchangeSummary> => {
    if (this.failWith) throw this.failWith;
    this.kept.push({ exchange, ...(options ? { options } : {}) });
    return this.store.add(exchange, options);
  };
}

async function prepare(draft: Draft): Promise<PreparedRequest> {
  if (draft.refuse) throw new PullRefusal('UNRESOLVED_VARIABLES', `Not sent: ${draft.refuse.join(', ')}`, draft.refuse);
  const headers: Array<[string, string]> = draft.secret ? [['X-Api-Key', draft.secret]] : [];
  const request: OutgoingRequest = { method: 'GET', url: draft.url, headers, body: { kind: 'none' } };
  return { request, ...(draft.secret ? { secretValues: [draft.secret, ''] } : {}) };
}

async function session(
  recorder: Recorder,
  spillDir: string,
  overrides: Partial<PullSessionDeps<Draft, TestSendOptions>> = {},
) {
  return new PullSession<Draft, TestSendOptions>({
    prepare,
    sender: () => pullSender,
    options: () => ({ spillDir, memoryThresholdBytes: 1024 * 1024 }),
    record: recorder.record,
    clock: { now: () => 1_700_000_000_000 },
    ...overrides,
  });
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(condition(), 'the condition did not come true within 5 s');
}

function failure(outcome: PullOutcome): { code: string; message: string; names?: string[] } {
  assert.equal(outcome.kind, 'failed', JSON.stringify(outcome));
  return outcome.kind === 'failed' ? outcome : { code: '', message: '' };
}

describe('PullSession (v2: drafts, the pull sender, the history)', () => {
  let api: Awaited<ReturnType<typeof testApi>>;
  let dir: string;
  let store: HistoryStore;
  let spill: string;
  const newRecorder = (): Recorder => new Recorder(store);

  beforeEach(async () => {
    api = await testApi();
    dir = await tempDir('pushpull-pull-session-');
    store = await HistoryStore.open(path.join(dir, 'history'));
    spill = store.spillDir;
  });

  afterEach(async () => {
    await api.close();
    await store.dispose();
    await fs.rm(dir, { recursive: true, force: true });
  });

  /** Files the sender left in the spill folder. */
  async function spilled(): Promise<string[]> {
    return fs.readdir(spill).catch(() => []);
  }

  it('sends a prepared draft and records the exchange once, with the secret values to mask', async () => {
    const recorder = newRecorder();
    const pull = await session(recorder, spill);
    const outcome = await pull.send({ url: `${api.url}/items`, secret: 's3cret' });
    assert.ok(outcome.kind === 'answered', JSON.stringify(outcome));
    assert.equal(outcome.exchange.response.status, 200);
    assert.equal(outcome.exchange.startedAt, 1_700_000_000_000);
    assert.equal(outcome.exchange.source, 'panel');
    assert.equal(outcome.summary.id, outcome.exchange.id);
    assert.equal(recorder.kept.length, 1);
    assert.equal(recorder.kept[0]?.exchange, outcome.exchange);
    assert.deepEqual(recorder.kept[0]?.options, { secretValues: ['s3cret'] });
    // Kept on disk in the history, the secret masked wherever it was.
    assert.deepEqual(
      store.list().map((s) => s.id),
      [outcome.exchange.id],
    );
    const kept = await store.get(outcome.exchange.id);
    assert.ok(kept);
    assert.doesNotMatch(JSON.stringify(kept.request.headers), /s3cret/);
    assert.equal(new TextDecoder().decode(await store.readBody(outcome.exchange.id)), '{"from":"items"}');
    assert.equal(pull.isSending, false);
    const second = await pull.send({ url: `${api.url}/again` });
    assert.ok(second.kind === 'answered');
    assert.notEqual(second.exchange.id, outcome.exchange.id);
    assert.equal(recorder.kept[1]?.options, undefined);
  });

  it('refuses a draft with unresolved names before anything is sent, naming them', async () => {
    const recorder = newRecorder();
    const failed = failure(
      await (await session(recorder, spill)).send({ url: `${api.url}/x`, refuse: ['host', 'token'] }),
    );
    assert.equal(failed.code, 'UNRESOLVED_VARIABLES');
    assert.deepEqual(failed.names, ['host', 'token']);
    assert.deepEqual(api.arrived, []);
    assert.equal(recorder.kept.length, 0);
  });

  it('cancels a request in the middle of its response: CANCELLED, connection closed, nothing recorded or left', async () => {
    const recorder = newRecorder();
    const pull = await session(recorder, spill);
    const sending = pull.send({ url: `${api.url}/hang` });
    assert.equal(pull.isSending, true);
    await api.midResponse;
    pull.cancel();
    const failed = failure(await sending);
    assert.equal(failed.code, 'CANCELLED');
    assert.equal(failed.message, 'The request was cancelled.');
    await until(() => api.closed.includes('/hang'));
    assert.equal(recorder.kept.length, 0);
    assert.deepEqual(await spilled(), []);
    assert.equal(pull.isSending, false);
  });

  it('says CONNECTION_REFUSED where nothing listens, and records nothing', async () => {
    await api.close();
    const recorder = newRecorder();
    assert.equal(
      failure(await (await session(recorder, spill)).send({ url: `${api.url}/gone` })).code,
      'CONNECTION_REFUSED',
    );
    assert.equal(recorder.kept.length, 0);
  });

  it('gives a sender that cannot be loaded as REQUEST_FAILED with its message', async () => {
    const broken = () => {
      throw new Error('Cannot find module http.js');
    };
    const failed = failure(await (await session(newRecorder(), spill, { sender: broken })).send({ url: api.url }));
    assert.deepEqual(failed, { kind: 'failed', code: 'REQUEST_FAILED', message: 'Cannot find module http.js' });
  });

  it('lets a newer send replace one still running: the older is superseded and aborted, only the newer recorded', async () => {
    const recorder = newRecorder();
    const pull = await session(recorder, spill);
    const first = pull.send({ url: `${api.url}/hang` });
    await api.midResponse;
    const second = await pull.send({ url: `${api.url}/fast` });
    assert.deepEqual(await first, { kind: 'superseded' });
    assert.ok(second.kind === 'answered');
    assert.deepEqual(
      recorder.kept.map((k) => k.exchange.request.url),
      [`${api.url}/fast`],
    );
    await until(() => api.closed.includes('/hang'));
  });

  it('removes the spilled body of an answer that came after a newer send, and records it not', async () => {
    const recorder = newRecorder();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let answered: () => void = () => undefined;
    const bigAnswered = new Promise<void>((resolve) => (answered = resolve));
    // The sender hands the big answer back only once the newer send went out.
    const pull = await session(recorder, spill, {
      sender: () => async (request, options) => {
        const response = await pullSender(request, options);
        if (request.url.endsWith('/big')) {
          answered();
          await held;
        }
        return response;
      },
    });
    const big = pull.send({ url: `${api.url}/big` });
    await bigAnswered;
    assert.ok((await spilled()).length >= 1, 'the big body was spilled to a file');
    const newer = pull.send({ url: `${api.url}/small` });
    release();
    assert.deepEqual(await big, { kind: 'superseded' });
    assert.equal((await newer).kind, 'answered');
    assert.deepEqual(await spilled(), []);
    assert.deepEqual(
      store.list().map((s) => s.url),
      [`${api.url}/small`],
    );
    assert.deepEqual(
      recorder.kept.map((k) => k.exchange.request.url),
      [`${api.url}/small`],
    );
  });

  it('fails with HISTORY_FAILED when the history cannot keep the answer, leaving no spilled file', async () => {
    const recorder = newRecorder();
    recorder.failWith = new Error('the disk is full');
    const failed = failure(await (await session(recorder, spill)).send({ url: `${api.url}/big` }));
    assert.equal(failed.code, 'HISTORY_FAILED');
    assert.match(failed.message, /could not be kept in the request history: the disk is full/);
    assert.deepEqual(await spilled(), []);
  });

  it('ends with its sender: what was on its way is aborted and superseded, not recorded', async () => {
    const recorder = newRecorder();
    const pull = await session(recorder, spill);
    const sending = pull.send({ url: `${api.url}/hang` });
    await api.midResponse;
    pull.dispose();
    assert.equal(pull.isSending, false);
    assert.deepEqual(await sending, { kind: 'superseded' });
    await until(() => api.closed.includes('/hang'));
    assert.equal(recorder.kept.length, 0);
  });

  it('asks for the sender only when a prepared request goes out', async () => {
    let loads = 0;
    const pull = await session(newRecorder(), spill, {
      sender: () => {
        loads++;
        return pullSender;
      },
    });
    assert.equal(loads, 0);
    await pull.send({ url: `${api.url}/x`, refuse: ['a'] });
    assert.equal(loads, 0);
    await pull.send({ url: `${api.url}/one` });
    assert.equal(loads, 1);
    assert.equal(path.isAbsolute(spill), true);
  });
});
