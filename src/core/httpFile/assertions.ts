import { headerValues } from '../model/headers';
import { jsonPathQuery, parseJsonBody, valueText, xpathQuery } from './bodyQuery';
import type { HttpFile, HttpFileProblem } from './types';

/** What an assertion reads of the answer. */
export interface AssertionSubjectValues {
  readonly status: number;
  readonly statusText: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** The decoded body; undefined when it could not be read. */
  readonly body: Uint8Array | undefined;
  /** ms from sending to the last byte. */
  readonly duration: number;
}

export type AssertionSubject =
  | { readonly kind: 'status' | 'statusText' | 'duration' }
  | { readonly kind: 'header'; readonly name: string }
  | { readonly kind: 'body'; readonly path: string | null };

/** `?? status == 200`, read: what is looked at, the operator, and the expected text (variables unresolved). */
export interface ParsedAssertion {
  readonly subject: AssertionSubject;
  readonly operator: string;
  readonly expected: string;
}

const UNARY = new Set(['exists', 'notExists', 'isNumber', 'isString', 'isBoolean', 'isArray', 'isTrue', 'isFalse']);
const BINARY = new Set(['==', '!=', '<', '<=', '>', '>=', 'includes', 'contains', 'startsWith', 'endsWith', 'matches']);
/** The most characters of a text that `matches` runs its pattern over. */
const MAX_MATCHED = 1024 * 1024;

/** Reads an assertion (the text after `??`), or says what is wrong with it. */
export function parseAssertion(text: string): ParsedAssertion | { problem: string } {
  const words = text.trim().split(/\s+/);
  let at = 0;
  const next = (): string | undefined => words[at++];
  const first = next() ?? '';
  let subject: AssertionSubject;
  switch (first.toLowerCase()) {
    case 'status':
      subject = { kind: 'status' };
      break;
    case 'statustext':
      subject = { kind: 'statusText' };
      break;
    case 'duration':
      subject = { kind: 'duration' };
      break;
    case 'header': {
      const name = next();
      if (name === undefined || UNARY.has(name) || BINARY.has(name)) return { problem: 'header needs a header name' };
      subject = { kind: 'header', name };
      break;
    }
    case 'body':
    case 'jsonpath':
    case 'xpath': {
      const path = words[at];
      const isPath = path !== undefined && (path.startsWith('$') || path.startsWith('/'));
      if (first.toLowerCase() !== 'body' && !isPath) return { problem: `${first} needs a path` };
      if (isPath) at++;
      subject = { kind: 'body', path: isPath ? path : null };
      break;
    }
    default:
      return { problem: `"${first.slice(0, 40)}" is not status, header, body or duration` };
  }
  const operator = next();
  if (operator === undefined) return { problem: 'an operator is missing (==, !=, <, includes, exists…)' };
  if (!UNARY.has(operator) && !BINARY.has(operator)) {
    return { problem: `"${operator.slice(0, 40)}" is not an operator (==, !=, <, <=, >, >=, includes, exists…)` };
  }
  const expected = words.slice(at).join(' ');
  if (UNARY.has(operator) && expected !== '') return { problem: `${operator} takes nothing after it` };
  if (BINARY.has(operator) && expected === '') return { problem: `${operator} needs a value after it` };
  if (operator === 'matches' && regexOf(expected) === undefined) return { problem: `"${expected}" is not a pattern` };
  return { subject, operator, expected };
}

/** The assertions of the file that cannot be read, as problems with their ranges (for diagnostics). */
export function assertionProblems(file: HttpFile): HttpFileProblem[] {
  const problems: HttpFileProblem[] = [];
  for (const request of file.requests) {
    for (const assertion of request.assertions) {
      const parsed = parseAssertion(assertion.text);
      if ('problem' in parsed) {
        problems.push({ range: assertion.range, message: parsed.problem, severity: 'error', code: 'BAD_ASSERTION' });
      }
    }
  }
  return problems;
}

/** Checks a read assertion against the answer; `expected` is its value with variables resolved. */
export function checkAssertion(
  assertion: ParsedAssertion,
  expected: string,
  values: AssertionSubjectValues,
): { passed: boolean; message: string } {
  const actual = actualValue(assertion.subject, values);
  if (typeof actual === 'object' && actual !== null && 'problem' in actual) {
    return { passed: false, message: String((actual as { problem: unknown }).problem) };
  }
  const passed = compare(assertion.operator, actual, literal(expected));
  const shown = actual === undefined ? 'nothing' : valueText(actual).slice(0, 200);
  const message = passed ? `passed (${shown})` : `got ${shown}`;
  return { passed, message };
}

function actualValue(subject: AssertionSubject, values: AssertionSubjectValues): unknown {
  switch (subject.kind) {
    case 'status':
      return values.status;
    case 'statusText':
      return values.statusText;
    case 'duration':
      return Math.round(values.duration);
    case 'header': {
      const found = headerValues(values, subject.name);
      return found.length === 0 ? undefined : found.join(', ');
    }
    case 'body': {
      if (values.body === undefined) return { problem: 'the body cannot be read' };
      const text = Buffer.from(values.body).toString('utf8');
      if (subject.path === null) return text;
      const found = subject.path.startsWith('$') ? jsonPath(text, subject.path) : xpathQuery(text, subject.path);
      if (found.kind === 'problem') return { problem: found.problem };
      return found.kind === 'found' ? found.value : undefined;
    }
  }
}

function jsonPath(text: string, path: string): ReturnType<typeof jsonPathQuery> {
  const json = parseJsonBody(text);
  return 'problem' in json ? { kind: 'problem', problem: json.problem } : jsonPathQuery(json.value, path);
}

/** The expected text as a value: quoted text, a number, true, false, null, or the text as it is. */
function literal(text: string): unknown {
  const quoted = /^(["'])([\s\S]*)\1$/.exec(text);
  if (quoted) return quoted[2];
  if (text === 'true' || text === 'false') return text === 'true';
  if (text === 'null') return null;
  if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text)) return Number(text);
  return text;
}

function compare(operator: string, actual: unknown, expected: unknown): boolean {
  const text = actual === undefined ? '' : valueText(actual);
  const want = typeof expected === 'string' ? expected : valueText(expected);
  const numbers = (): [number, number] | undefined => {
    const a =
      typeof actual === 'number' ? actual : typeof actual === 'string' && actual.trim() !== '' ? Number(actual) : NaN;
    const b = typeof expected === 'number' ? expected : NaN;
    return Number.isFinite(a) && Number.isFinite(b) ? [a, b] : undefined;
  };
  switch (operator) {
    case 'exists':
      return actual !== undefined;
    case 'notExists':
      return actual === undefined;
    case 'isNumber':
      return typeof actual === 'number';
    case 'isString':
      return typeof actual === 'string';
    case 'isBoolean':
      return typeof actual === 'boolean';
    case 'isArray':
      return Array.isArray(actual);
    case 'isTrue':
      return actual === true;
    case 'isFalse':
      return actual === false;
    case '==':
    case '!=': {
      const pair = numbers();
      const same = actual !== undefined && (pair ? pair[0] === pair[1] : text === want);
      return operator === '==' ? same : !same;
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const pair = numbers();
      if (!pair) return false;
      const [a, b] = pair;
      return operator === '<' ? a < b : operator === '<=' ? a <= b : operator === '>' ? a > b : a >= b;
    }
    case 'includes':
    case 'contains':
      if (Array.isArray(actual)) return actual.some((item) => valueText(item) === want);
      return actual !== undefined && text.includes(want);
    case 'startsWith':
      return actual !== undefined && text.startsWith(want);
    case 'endsWith':
      return actual !== undefined && text.endsWith(want);
    case 'matches':
      return actual !== undefined && (regexOf(want)?.test(text.slice(0, MAX_MATCHED)) ?? false);
    default:
      return false;
  }
}

/** `/pattern/flags` or a bare pattern, as a RegExp; undefined when it is not one. */
function regexOf(text: string): RegExp | undefined {
  const slashed = /^\/([\s\S]*)\/([dgimsuy]*)$/.exec(text);
  try {
    return slashed ? new RegExp(slashed[1] ?? '', slashed[2]) : new RegExp(text);
  } catch {
    return undefined;
  }
}
