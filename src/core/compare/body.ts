import { canonicalJson } from '../json/canonical';
import { decodeBody, type RenderedBody } from '../render/payload';

/**
 * A body as a comparison shows it: decoded and formatted as the display does, except that JSON is put in its
 * canonical form (keys sorted, exact numbers kept), so that two bodies differ only where their data does.
 */
export function comparableBody(bytes: Uint8Array, contentType: string | undefined): RenderedBody {
  const decoded = decodeBody(bytes, contentType);
  if (decoded.kind === 'shown') return decoded.body;
  const canonical = canonicalJson(decoded.text);
  return { text: canonical.text, language: canonical.kind === 'json' ? 'json' : 'plaintext', binary: false };
}
