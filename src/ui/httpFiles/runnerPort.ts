import type { HttpFile } from '../../core/httpFile/types';
import type { Environment } from '../../core/pull/environments';
import type { PullOutcome } from '../../core/pull/outcome';
import type { PreparedRequest } from '../../core/pull/session';

/** What a `.http` runner is made with: the file, its environment, what it may read, and the send it goes through. */
export interface RunnerDeps {
  readonly filePath: string;
  readonly environment: () => Environment;
  readonly processEnv: Readonly<Record<string, string | undefined>>;
  readonly readFile: (absolutePath: string) => Promise<Uint8Array>;
  readonly send: (prepared: PreparedRequest, signal: AbortSignal) => Promise<PullOutcome>;
}

export interface RunnerAssertion {
  readonly line: number;
  readonly text: string;
  readonly passed: boolean;
  readonly message: string;
}

export interface RunnerResult {
  readonly index: number;
  readonly outcome: PullOutcome;
  readonly assertions: readonly RunnerAssertion[];
}

/** The part of core/httpFile's runner the editor uses. */
export interface FileRunner {
  send(file: HttpFile, index: number, signal?: AbortSignal): Promise<RunnerResult>;
  sendAll(file: HttpFile, signal?: AbortSignal): Promise<RunnerResult[]>;
  describeVariable(
    file: HttpFile,
    index: number | null,
    name: string,
  ): Promise<{ value: string; source: string; secret: boolean } | undefined>;
}

export type MakeRunner = (deps: RunnerDeps) => FileRunner;
