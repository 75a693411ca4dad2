import * as path from 'node:path';
import { withScheme } from '../http/scheme';
import type { OutgoingRequest, SentBody } from '../model/pulled';
import type { Environment } from '../pull/environments';
import { PullRefusal } from '../pull/outcome';
import type { PreparedRequest } from '../pull/session';
import { VariableError, VariableResolver, type ResolveOptions } from '../pull/variables';
import { BodyProblem, buildHttpBody } from './body';
import type { HttpRequestBlock } from './types';

export interface ResolveRequestContext {
  /** The absolute path of the `.http` file. */
  readonly filePath: string;
  /** The environment with the file's variables over it (`withFileVariables`). */
  readonly environment: Environment;
  readonly options: ResolveOptions;
  readonly readFile: (absolutePath: string) => Promise<Uint8Array>;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * The request a block stands for: `{{variables}}` resolved everywhere, an origin-form target (`/path`) sent to
 * `{{host}}`, a URL without a scheme completed as the panel does, the fragment dropped, the body built. Throws a
 * PullRefusal: UNRESOLVED_VARIABLES with the names nothing defines, INVALID_DRAFT for anything else.
 */
export async function resolveRequest(
  block: HttpRequestBlock,
  context: ResolveRequestContext,
): Promise<PreparedRequest> {
  const resolver = new VariableResolver(context.environment, context.options);
  const missing = new Set<string>();
  const resolve = (text: string): string => {
    try {
      const resolution = resolver.resolve(text);
      for (const name of resolution.missing) missing.add(name);
      return resolution.text;
    } catch (error) {
      if (error instanceof VariableError) throw new PullRefusal('INVALID_DRAFT', error.message);
      throw error;
    }
  };
  // An origin-form target (`/path`, as written or once resolved) goes to `{{host}}`, as httpYac sends it.
  const target = resolve(block.url).trim();
  const url = withoutFragment(withScheme(target.startsWith('/') ? `${resolve('{{host}}').trim()}${target}` : target));
  const headers: Array<[string, string]> = [];
  for (const line of block.headers) {
    const name = resolve(line.name).trim();
    const value = resolve(line.value).trim();
    if (!TOKEN.test(name)) throw new PullRefusal('INVALID_DRAFT', `"${name.slice(0, 100)}" is not a header name.`);
    if (/[\0\r\n]/.test(value)) throw new PullRefusal('INVALID_DRAFT', `The header ${name} holds a line break.`);
    headers.push([name, value]);
  }
  let body: SentBody = { kind: 'none' };
  if (block.body) {
    try {
      const built = await buildHttpBody(block.body, {
        folder: path.dirname(context.filePath),
        resolve,
        readFile: context.readFile,
        headers,
        ...(block.graphql ? { graphql: block.graphql } : {}),
      });
      if (built) {
        body = { kind: 'bytes', bytes: built.bytes };
        if (built.contentType && !headers.some(([n]) => n.toLowerCase() === 'content-type')) {
          headers.push(['Content-Type', built.contentType]);
        }
      }
    } catch (error) {
      if (error instanceof BodyProblem) throw new PullRefusal('INVALID_DRAFT', error.message);
      throw error;
    }
  }
  if (missing.size > 0) {
    const names = [...missing];
    const list = names.map((n) => `{{${n}}}`).join(', ');
    const env =
      context.environment.name === '' ? 'no environment is selected' : `environment "${context.environment.name}"`;
    throw new PullRefusal('UNRESOLVED_VARIABLES', `Nothing defines ${list} (${env}).`, names);
  }
  checkUrl(url);
  const graphQlHeader = (n: string, v: string): boolean => n.toLowerCase() === 'x-request-type' && /^graphql$/i.test(v);
  const request: OutgoingRequest = {
    method: block.method,
    url,
    headers: headers.filter(([n, v]) => !graphQlHeader(n, v)),
    body,
  };
  const secretValues = secretsUsed(context.environment, resolver, request);
  return { request, ...(secretValues.length ? { secretValues } : {}), ...(block.name ? { name: block.name } : {}) };
}

function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash < 0 ? url : url.slice(0, hash);
}

function checkUrl(url: string): void {
  if (url === '') throw new PullRefusal('INVALID_DRAFT', 'The request has no URL.');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') {
    throw new PullRefusal('INVALID_DRAFT', `Only http and https URLs can be sent, not "${url.slice(0, 200)}".`);
  }
  if (!URL.canParse(url)) throw new PullRefusal('INVALID_DRAFT', `"${url.slice(0, 200)}" is not a URL.`);
}

/** The values of the environment's secret variables that the request carries, for the history to mask. */
function secretsUsed(environment: Environment, resolver: VariableResolver, request: OutgoingRequest): string[] {
  const names = environment.secrets;
  if (!names || names.size === 0) return [];
  const texts = [request.url, ...request.headers.map(([, v]) => v)];
  if (request.body.kind === 'bytes') texts.push(Buffer.from(request.body.bytes).toString('utf8'));
  const values: string[] = [];
  for (const name of names) {
    let value: string;
    try {
      value = resolver.resolve(`{{${name}}}`).text;
    } catch {
      continue;
    }
    if (value.length >= 3 && !value.includes('{{') && texts.some((t) => t.includes(value))) values.push(value);
  }
  return values;
}
