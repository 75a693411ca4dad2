import type { PulledResponse } from '../model/pulled';
import type { Environment } from '../pull/environments';
import { VariableResolver, type ResolveOptions } from '../pull/variables';
import { checkAssertion, parseAssertion } from './assertions';
import type { SentExchange } from './references';
import type { HttpAssertionLine } from './types';

/** One `?? …` line checked against an answer. */
export interface AssertionResult {
  /** 0-based. */
  readonly line: number;
  readonly text: string;
  readonly passed: boolean;
  readonly message: string;
}

/** Checks each `?? …` line against the answer; a line that cannot be read fails with why, never throws. */
export function runAssertions(
  lines: readonly HttpAssertionLine[],
  sent: SentExchange,
  response: PulledResponse,
  environment: Environment,
  options: ResolveOptions,
): AssertionResult[] {
  const resolver = new VariableResolver(environment, options);
  return lines.map((line) => {
    const base = { line: line.range.start.line, text: line.text };
    const parsed = parseAssertion(line.text);
    if ('problem' in parsed) return { ...base, passed: false, message: parsed.problem };
    let expected: string;
    try {
      const resolution = resolver.resolve(parsed.expected);
      if (resolution.missing.length > 0) {
        const names = resolution.missing.map((n) => `{{${n}}}`).join(', ');
        return { ...base, passed: false, message: `nothing defines ${names}` };
      }
      expected = resolution.text;
    } catch (error) {
      return { ...base, passed: false, message: error instanceof Error ? error.message : String(error) };
    }
    const result = checkAssertion(parsed, expected, {
      status: sent.status,
      statusText: response.statusText,
      headers: sent.headers,
      body: sent.body,
      duration: response.timings.total,
    });
    return { ...base, ...result };
  });
}
