import type { HookMeta } from '../hooks/capture';
import { replayHeaders, utf8Text } from './shared';

/** The hook as a request in `.http` format (REST Client, httpYac, PushPull), sending it to `url`. */
export function toHttpRequest(hook: HookMeta, body: Uint8Array, url = hook.fullUrl): string {
  const lines = [`# ${hook.method} ${hook.path} received ${new Date(hook.receivedAt).toISOString()} (${hook.id})`];
  lines.push(`${hook.method} ${url} HTTP/1.1`);
  for (const [name, value] of replayHeaders(hook)) lines.push(`${name}: ${value}`);
  if (body.length === 0) return `${lines.join('\n')}\n`;
  const text = utf8Text(body);
  if (text === undefined || startsLikeDirective(text)) {
    lines.push(
      '',
      `# The body is ${body.length} bytes of binary data: save it with "Save Body As…" and send the file:`,
    );
    lines.push('< ./body.bin');
  } else {
    lines.push('', text);
  }
  return `${lines.join('\n')}\n`;
}

/** A body whose lines would be read as `.http` syntax (a request separator or a file reference). */
function startsLikeDirective(text: string): boolean {
  return /^(###|< )/m.test(text);
}
