import * as fsp from 'node:fs/promises';
import * as tls from 'node:tls';
import { RequestError } from './errors';
import type { TlsOptions } from './connection';

/** What tls.connect is given for a request's TLS options: the files read, checked before anything is sent. */
export async function tlsConnectOptions(options: TlsOptions | undefined): Promise<tls.ConnectionOptions> {
  const result: { -readonly [K in keyof tls.ConnectionOptions]: tls.ConnectionOptions[K] } = {};
  if (!options) return result;
  if (options.allowInvalidCertificates === true) result.rejectUnauthorized = false;
  if (options.caFile !== undefined) {
    result.ca = [...tls.rootCertificates, (await readFileFor('CA file', options.caFile)).toString('utf8')];
  }
  const client = options.clientCert;
  if (client) {
    if ('pfxFile' in client) {
      result.pfx = await readFileFor('client certificate (PFX) file', client.pfxFile);
    } else {
      result.cert = await readFileFor('client certificate file', client.certFile);
      result.key = await readFileFor('client key file', client.keyFile);
    }
    if (client.passphrase !== undefined) result.passphrase = client.passphrase;
  }
  try {
    // Made once here so that a wrong passphrase or a key that does not fit says so before anything is sent.
    tls.createSecureContext(result);
  } catch (error) {
    const what = client ? 'The client certificate, its key or its passphrase' : 'The CA file';
    throw new RequestError(
      'TLS',
      `${what} could not be used (${messageOf(error)}): check the files and the passphrase in the request's TLS settings.`,
      error,
    );
  }
  return result;
}

async function readFileFor(what: string, file: string): Promise<Buffer> {
  try {
    return await fsp.readFile(file);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new RequestError(
      'TLS',
      `The ${what} ${file} could not be read (${typeof code === 'string' ? code : messageOf(error)}): choose a file that exists and that you may read.`,
      error,
    );
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
