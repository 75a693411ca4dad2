import * as assert from 'node:assert/strict';
import type { OutgoingRequest } from '../../../src/core/model/pulled';
import type { BodyDraft, RequestDraft, SecretField } from '../../../src/core/pull/draft';
import { buildRequest, type BuildOptions } from '../../../src/core/pull/draftRequest';
import { readEnvironments } from '../../../src/core/pull/environments';
import { emptyBody, newDraft } from '../../../src/webview/requestPanel/panelProtocol';

/** Drafts and build options for the draftRequest tests: a `dev` environment over `$shared`. */
export const environment = readEnvironments({
  $shared: { host: 'api.example.com' },
  dev: { id: '42', user: 'ada', secretVar: 's3', crlf: 'a\r\nInjected: yes', loop: '{{loop}}' },
}).select('dev');

export function draftOf(change: Partial<RequestDraft>): RequestDraft {
  return { ...newDraft('d1'), url: 'https://{{host}}/items', ...change };
}

export function bodyOf(change: Partial<BodyDraft>): BodyDraft {
  return { ...emptyBody(), ...change };
}

export function options(
  secrets: Partial<Record<SecretField, string>> = {},
  more: Partial<BuildOptions> = {},
): BuildOptions {
  return { environment, secrets: (field) => secrets[field], boundary: 'BOUNDARY', ...more };
}

export async function built(draft: RequestDraft, opts = options()): Promise<OutgoingRequest> {
  const result = await buildRequest(draft, opts);
  assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
  return result.request;
}

export async function problems(draft: RequestDraft, opts = options()): Promise<Array<[string, string]>> {
  const result = await buildRequest(draft, opts);
  assert.ok(!result.ok, 'expected problems');
  return result.problems.map((p) => [p.field, p.message]);
}
