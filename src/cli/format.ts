import type { BodyInsight, HookFlag, HookMeta } from '../core/model/hook';
import { withoutCredentials } from '../core/http/credentials';
import { relayHost, relayText } from '../core/render/relayText';
import { unicodeEscape, unsafeChars, unsafeCharsBeyondC0 } from '../core/unsafeChars';

/**
 * What the CLI prints of a hook's body: the stored flags and event, or, for a large body that was not
 * inspected on arrival, what `inspectBody` found when the CLI read it (`insight`). Without either the
 * hook stays `uninspected`.
 */
interface Inspection {
  readonly flags: readonly HookFlag[];
  readonly event: string | undefined;
  readonly uninspected: boolean;
}

function inspectionOf(hook: HookMeta, insight: BodyInsight | undefined): Inspection {
  if (insight) return { flags: insight.flags, event: insight.event, uninspected: false };
  return { flags: hook.flags, event: hook.event, uninspected: hook.uninspected === true };
}

/**
 * One hook as `hooks list --json` and `hooks show` print it. `insight` replaces the flags and event of a
 * hook whose body was not inspected on arrival; one still uninspected carries `"uninspected": true`.
 */
export function hookJson(hook: HookMeta, insight?: BodyInsight): Record<string, unknown> {
  const seen = inspectionOf(hook, insight);
  return {
    id: hook.id,
    receivedAt: new Date(hook.receivedAt).toISOString(),
    method: hook.method,
    url: hook.url,
    fullUrl: hook.fullUrl,
    path: hook.path,
    query: hook.query,
    headers: hook.headers,
    httpVersion: hook.httpVersion,
    remoteAddress: hook.remoteAddress,
    remotePort: hook.remotePort,
    contentType: hook.contentType ?? null,
    bodySize: hook.bodySize,
    bodySha256: hook.bodySha256,
    bodyMs: hook.bodyMs,
    flags: seen.flags,
    route: hook.route ?? null,
    answerStatus: hook.answerStatus,
    forward: hook.forward ? { ...hook.forward, target: withoutCredentials(hook.forward.target) } : null,
    event: seen.event ?? null,
    verdict: hook.verdict ?? null,
    relay: hook.relay ? { host: relayHost(hook.relay), rawBody: hook.relay.rawBody } : null,
    ...(seen.uninspected ? { uninspected: true } : {}),
  };
}

/**
 * One hook of the text `hooks list`: a summary line (id, time, method, path and query, size, status,
 * content type, flags, signature, forward status) and indented lines with the rest (sha256, content
 * type, flags, event, route, signature, forward result, query pairs, every header). Everything that
 * came from the network is passed through `printable`, so a hostile value cannot add lines or send
 * escape sequences to the terminal.
 */
export function hookText(hook: HookMeta, insight?: BodyInsight): string {
  const seen = inspectionOf(hook, insight);
  const flags = flagsText(seen);
  const lines = [hookLine(hook, flags, seen.event), `  sha256: ${printable(hook.bodySha256)}`];
  lines.push(`  content-type: ${printable(hook.contentType ?? '-')}`);
  lines.push(`  flags: ${flags}`);
  if (seen.event) lines.push(`  event: ${printable(seen.event)}`);
  if (hook.route) lines.push(`  route: ${printable(hook.route)}`);
  if (hook.verdict && hook.verdict.status !== 'not-signed') lines.push(`  signature: ${verdictText(hook.verdict)}`);
  if (hook.relay) lines.push(`  relay: ${printable(relayText(hook.relay))}`);
  if (hook.forward) lines.push(`  forward: ${forwardText(hook.forward)}`);
  if (hook.query.length > 0) {
    lines.push('  query:');
    for (const [name, value] of hook.query) lines.push(`    ${printable(name)}=${printable(value)}`);
  }
  lines.push('  headers:');
  for (const [name, value] of hook.headers) lines.push(`    ${printable(name)}: ${printable(value)}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The one line `hooks list` prints of a hook by default: id, time, method, path and query, event, size, answer
 * status, content type, flags, signature and forward result.
 */
export function hookSummary(hook: HookMeta, insight?: BodyInsight): string {
  const seen = inspectionOf(hook, insight);
  return hookLine(hook, flagsText(seen), seen.event);
}

/** The summary line: id, time, method, path, event (when given), size, status, content type, flags, forward. */
function hookLine(hook: HookMeta, flags: string, event: string | undefined): string {
  const forward = hook.forward ? `→ ${printable(String(hook.forward.status ?? hook.forward.error ?? '?'))}` : '';
  return [
    printable(hook.id),
    new Date(hook.receivedAt).toISOString(),
    printable(hook.method).padEnd(6),
    printable(hook.url),
    event === undefined ? '' : printable(event),
    `${hook.bodySize} B`,
    String(hook.answerStatus),
    printable(hook.contentType ?? '-'),
    flags,
    hook.verdict && hook.verdict.status !== 'not-signed' ? `sig:${printable(hook.verdict.status)}` : '',
    forward,
  ]
    .filter((field) => field !== '')
    .join('  ');
}

function flagsText(seen: Inspection): string {
  const flags: string[] = [...seen.flags];
  if (seen.uninspected) flags.push('uninspected');
  return printable(flags.join(',')) || '-';
}

function verdictText(verdict: NonNullable<HookMeta['verdict']>): string {
  let text = verdict.status;
  if (verdict.provider) text += ` (${verdict.provider})`;
  if (verdict.reason) text += `: ${verdict.reason.message}`;
  else if (verdict.note) text += `: ${verdict.note}`;
  return printable(text);
}

function forwardText(forward: NonNullable<HookMeta['forward']>): string {
  const outcome = forward.status !== undefined ? String(forward.status) : `failed: ${forward.error ?? 'no answer'}`;
  return printable(`${withoutCredentials(forward.target)} → ${outcome} in ${Math.round(forward.ms)} ms`);
}

/** The characters `unsafeChars` names, and the backslash and tab, which printable() escapes as well. */
const UNPRINTABLE = unsafeChars('\\\\\\t');
const NAMED: Readonly<Record<string, string>> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * `text` safe to print on one line of a terminal: each character of `UNPRINTABLE` becomes a visible
 * escape (`\n`, `\r`, `\t`, `\x1b`, `\u2028`, …) and a backslash becomes `\\`, so what is printed reads
 * back unambiguously.
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => {
    const named = NAMED[c];
    if (named) return named;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : unicodeEscape(c);
  });
}

/** The characters JSON.stringify leaves as they are but a terminal acts on (C1 controls, DEL, U+2028…). */
const JSON_UNSAFE = unsafeCharsBeyondC0();

/**
 * JSON.stringify, with the characters it leaves raw but a terminal acts on written as `\uXXXX` escapes:
 * the same JSON value, safe to print (`hooks show`, `hooks list --json`).
 */
export function terminalSafeJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(JSON_UNSAFE, unicodeEscape);
}
