import { JSONPath } from 'jsonpath-plus';
import { PushPullError } from '../../core/errors';
import { headerValue } from '../../core/model/headers';
import type { HookMeta } from '../../core/model/hook';

/** `{{$hook.body.<JSONPath>}}` or `{{$hook.headers.<name>}}`, as a hydrate request writes them. */
const HOOK_VARIABLE = /\{\{\s*\$hook\.(body|headers)\.([^}\r\n]{1,4096}?)\s*\}\}/g;

/** Why a hook's value cannot go into the request. Stable codes; the sentence never quotes the hook's data. */
export class HookVariableError extends PushPullError {
  constructor(code: 'HOOK_VALUE_MISSING' | 'HOOK_VALUE_UNSAFE' | 'HOOK_BODY_NOT_JSON', message: string) {
    super(code, message);
  }
}

/**
 * Replaces each `{{$hook.body.$.data.object.id}}` / `{{$hook.headers.X-GitHub-Delivery}}` in `text` (a request of a
 * `.http` file) with the hook's value. The hook's data is hostile: a value with a line break (it would add headers
 * or requests) or `{{` (it would make the resolver read a variable or a secret into the request) is refused.
 * JSONPath filters run in jsonpath-plus's safe mode.
 */
export function withHookValues(text: string, hook: Pick<HookMeta, 'headers'>, body: Uint8Array): string {
  let json: unknown;
  let parsed = false;
  return text.replace(HOOK_VARIABLE, (_match, where: string, rawPath: string) => {
    const path = rawPath.trim();
    let value: unknown;
    if (where === 'headers') {
      value = headerValue(hook, path);
    } else {
      if (!parsed) {
        json = parseBody(body);
        parsed = true;
      }
      value = select(json, path);
    }
    if (value === undefined || value === null) {
      throw new HookVariableError('HOOK_VALUE_MISSING', `The hook has no value at $hook.${where}.${shown(path)}.`);
    }
    const written = typeof value === 'string' ? value : JSON.stringify(value);
    if (/[\r\n\u2028\u2029]|\{\{/.test(written) || written.length > 8192) {
      throw new HookVariableError(
        'HOOK_VALUE_UNSAFE',
        `The hook's value at $hook.${where}.${shown(path)} holds a line break, "{{" or more than 8 KB: not sent.`,
      );
    }
    return written;
  });
}

function parseBody(body: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(body).toString('utf8')) as unknown;
  } catch {
    throw new HookVariableError('HOOK_BODY_NOT_JSON', 'The hook’s body is not JSON, so $hook.body cannot be read.');
  }
}

function select(json: unknown, path: string): unknown {
  if (json === null || typeof json !== 'object') return path === '$' ? json : undefined;
  try {
    const found = JSONPath({ path, json, wrap: true, eval: 'safe' }) as unknown[];
    return found[0];
  } catch {
    throw new HookVariableError('HOOK_VALUE_MISSING', `$hook.body.${shown(path)} is not a JSONPath PushPull reads.`);
  }
}

function shown(path: string): string {
  const flat = path.replace(/\p{Cc}/gu, ' ');
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}
