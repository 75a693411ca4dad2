import * as path from 'node:path';
import type { Clock } from '../clock';
import type { Environment } from '../pull/environments';
import { failedOutcome, PullRefusal, type PullOutcome } from '../pull/outcome';
import type { PreparedRequest } from '../pull/session';
import type { ResolveOptions } from '../pull/variables';
import { type AssertionResult, runAssertions } from './runAssertions';
import { parseDotenv, withFileVariables } from './fileVariables';
import { parseReference, referenceValue, type SentExchange } from './references';
import { resolveRequest } from './resolve';
import { sentExchangeOf } from './sentExchange';
import type { HttpFile } from './types';
import { describeVariable as describe, type VariableDescription } from './describe';

export interface HttpFileRunnerDeps {
  /** The absolute path of the `.http` file. */
  readonly filePath: string;
  /** The selected environment with `$shared` (core/pull/environments), as `loadHttpEnvironments` gives it. */
  readonly environment: () => Environment;
  readonly processEnv: Readonly<Record<string, string | undefined>>;
  /** Reads `< file`, `<@ file` and the `.env` beside the file (the UI lets it read only in a trusted workspace). */
  readonly readFile: (absolutePath: string) => Promise<Uint8Array>;
  /** Sends and records a request (a PullSession's or the CLI's send). */
  readonly send: (prepared: PreparedRequest, signal: AbortSignal) => Promise<PullOutcome>;
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly guid?: () => string;
}

export interface HttpFileResult {
  readonly index: number;
  readonly outcome: PullOutcome;
  readonly assertions: readonly AssertionResult[];
}

export type { VariableDescription } from './describe';
export type { AssertionResult } from './runAssertions';

/** The most named requests one send may send first (references of references…). */
const MAX_REFERENCE_ROUNDS = 64;

/**
 * Sends the requests of one `.http` file: resolves each (file variables over the environment, system variables,
 * `.env`, request references), sends it through `deps.send`, checks its assertions, and keeps the answers of named
 * requests for the references of later ones (as REST Client does, for as long as the runner lives).
 */
export class HttpFileRunner {
  private readonly named = new Map<string, SentExchange>();
  private dotenv: Map<string, string> | undefined;

  constructor(private readonly deps: HttpFileRunnerDeps) {}

  /** Sends request `index` (sending first, once, any named request it references that was not sent yet). */
  send(file: HttpFile, index: number, signal?: AbortSignal): Promise<HttpFileResult> {
    return this.sendWith(file, index, signal ?? new AbortController().signal, []);
  }

  async sendAll(file: HttpFile, signal?: AbortSignal): Promise<HttpFileResult[]> {
    const results: HttpFileResult[] = [];
    for (const request of file.requests) {
      if (signal?.aborted) break;
      results.push(await this.send(file, request.index, signal));
    }
    return results;
  }

  /** For hovers: the value `{{name}}` has at request `index` (null: file level) and where it comes from. */
  async describeVariable(file: HttpFile, index: number | null, name: string): Promise<VariableDescription | undefined> {
    return describe(name, {
      environment: withFileVariables(this.deps.environment(), file, index),
      options: await this.resolveOptions(() => undefined),
      named: this.named,
      file,
    });
  }

  private async sendWith(
    file: HttpFile,
    index: number,
    signal: AbortSignal,
    stack: readonly number[],
  ): Promise<HttpFileResult> {
    const block = file.requests[index];
    if (!block) {
      const message = `The file has no request ${index + 1}.`;
      return { index, outcome: { kind: 'failed', code: 'INVALID_DRAFT', message }, assertions: [] };
    }
    const environment = withFileVariables(this.deps.environment(), file, index);
    let prepared: PreparedRequest | undefined;
    try {
      for (let round = 0; prepared === undefined && round < MAX_REFERENCE_ROUNDS; round++) {
        const needed: string[] = [];
        const attempt = await resolveRequest(block, {
          filePath: this.deps.filePath,
          environment,
          options: await this.resolveOptions((inner) => this.reference(file, inner, needed)),
          readFile: this.deps.readFile,
        }).catch((error: unknown) => {
          if (needed.length > 0) return undefined;
          throw error;
        });
        if (needed.length === 0) {
          prepared = attempt;
          break;
        }
        await this.sendFirst(file, needed, signal, [...stack, index]);
      }
      if (prepared === undefined) throw new PullRefusal('INVALID_DRAFT', 'The request references too many others.');
    } catch (error) {
      return { index, outcome: failedOutcome(error), assertions: [] };
    }
    if (signal.aborted) {
      const outcome: PullOutcome = { kind: 'failed', code: 'CANCELLED', message: 'The request was cancelled.' };
      return { index, outcome, assertions: [] };
    }
    const outcome = await this.deps.send(prepared, signal);
    if (outcome.kind !== 'answered') return { index, outcome, assertions: [] };
    const sent = await sentExchangeOf(prepared, outcome.exchange.response);
    if (block.name) this.named.set(block.name, sent);
    const options = await this.resolveOptions((inner) => this.reference(file, inner, []));
    const assertions = runAssertions(block.assertions, sent, outcome.exchange.response, environment, options);
    return { index, outcome, assertions };
  }

  /** Sends the named requests a request references, each once; a circle of references is refused. */
  private async sendFirst(file: HttpFile, names: string[], signal: AbortSignal, stack: number[]): Promise<void> {
    for (const name of new Set(names)) {
      const target = file.requests.find((r) => r.name === name);
      if (!target) continue;
      if (stack.includes(target.index)) {
        throw new PullRefusal('INVALID_DRAFT', `The requests reference each other in a circle through "${name}".`);
      }
      const result = await this.sendWith(file, target.index, signal, stack);
      if (result.outcome.kind !== 'answered') {
        const why = result.outcome.kind === 'failed' ? `: ${result.outcome.message}` : '';
        throw new PullRefusal('INVALID_DRAFT', `"${name}", which this request references, got no answer${why}`);
      }
    }
  }

  /** A `{{name.response…}}` reference's value, or (for a named request not sent yet) a note that it must go first. */
  private reference(
    file: HttpFile,
    inner: string,
    needed: string[],
  ): string | { missing: string } | { problem: string } | undefined {
    const reference = parseReference(inner);
    if (!reference || !file.requests.some((r) => r.name === reference.name)) return undefined;
    const sent = this.named.get(reference.name);
    if (sent === undefined) {
      needed.push(reference.name);
      return { missing: inner };
    }
    return referenceValue(reference, sent);
  }

  private async resolveOptions(reference: NonNullable<ResolveOptions['reference']>): Promise<ResolveOptions> {
    const dotenv = await this.readDotenv();
    const { processEnv } = this.deps;
    return {
      ...(this.deps.clock ? { clock: this.deps.clock } : {}),
      ...(this.deps.random ? { random: this.deps.random } : {}),
      ...(this.deps.guid ? { guid: this.deps.guid } : {}),
      processEnv: (name) => (Object.hasOwn(processEnv, name) ? processEnv[name] : undefined),
      dotenv: (name) => dotenv.get(name),
      reference,
    };
  }

  /** The `.env` beside the file, read once; empty when there is none or it cannot be read. */
  private async readDotenv(): Promise<Map<string, string>> {
    if (this.dotenv) return this.dotenv;
    try {
      const bytes = await this.deps.readFile(path.join(path.dirname(this.deps.filePath), '.env'));
      this.dotenv = parseDotenv(Buffer.from(bytes).toString('utf8'));
    } catch {
      this.dotenv = new Map();
    }
    return this.dotenv;
  }
}
