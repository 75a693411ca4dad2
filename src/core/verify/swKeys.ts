import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { decodeBase64 } from './util';

/** A Standard Webhooks key: an HMAC key (`whsec_`) or an ed25519 key (`whpk_` public, `whsk_` secret). */
export type SwKey =
  | { readonly kind: 'hmac'; readonly key: Uint8Array }
  | { readonly kind: 'ed25519'; readonly publicKey: KeyObject; readonly privateKey?: KeyObject };

const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * Reads a secret the way the Standard Webhooks libraries do: `whsec_` is stripped (if present) and the
 * rest base64-decoded. `whpk_` / `whsk_` hold a base64 ed25519 public key (32 bytes) or secret key
 * (32-byte seed, or 64 bytes of seed and public key).
 */
export function parseSwSecret(secret: string): SwKey | { readonly error: string } {
  if (secret.startsWith('whpk_') || secret.startsWith('whsk_')) {
    try {
      return parseEd25519(secret);
    } catch {
      return { error: `The ${secret.slice(0, 5)} key could not be read as an ed25519 key.` };
    }
  }
  const body = secret.startsWith('whsec_') ? secret.slice(6) : secret;
  const key = decodeBase64(body);
  if (!key || key.length === 0) {
    return {
      error:
        `The secret is not in the Standard Webhooks form: after the optional "whsec_" prefix it must be base64 ` +
        `(like "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), and it is not. Copy the whole signing secret from the sender.`,
    };
  }
  return { kind: 'hmac', key };
}

function parseEd25519(secret: string): SwKey | { readonly error: string } {
  const raw = decodeBase64(secret.slice(5));
  if (secret.startsWith('whpk_')) {
    if (raw?.length !== 32) return { error: 'The "whpk_" public key should be 32 bytes in base64 after the prefix.' };
    const der = Buffer.concat([SPKI_ED25519, raw]);
    return { kind: 'ed25519', publicKey: createPublicKey({ key: der, format: 'der', type: 'spki' }) };
  }
  if (raw?.length !== 32 && raw?.length !== 64) {
    return { error: 'The "whsk_" secret key should be 32 or 64 bytes in base64 after the prefix.' };
  }
  const der = Buffer.concat([PKCS8_ED25519, raw.subarray(0, 32)]);
  const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  return { kind: 'ed25519', publicKey: createPublicKey(privateKey), privateKey };
}

export function verifyEd25519(publicKey: KeyObject, content: Uint8Array, signature: Uint8Array): boolean {
  try {
    return verify(null, content, publicKey, signature);
  } catch {
    return false;
  }
}

export function signEd25519(privateKey: KeyObject, content: Uint8Array): Buffer {
  return sign(null, content, privateKey);
}
