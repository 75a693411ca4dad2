import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { TlsRequestError } from '../../../src/core/http/errors';
import { pull } from '../../../src/core/http/pull';
import type { OutgoingRequest } from '../../../src/core/model/pulled';
import { bytesOf, certificate, httpsServer, type Pems, tempFolder, type TestServer } from './servers';

function get(url: string): OutgoingRequest {
  return { method: 'GET', url, headers: [], body: { kind: 'none' } };
}

function tlsReason(reason: string) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof TlsRequestError, String(error));
    assert.equal(error.code, 'TLS');
    assert.equal(error.reason, reason, error.message);
    assert.match(error.message, /allow invalid certificates|CA file|client certificate/);
    return true;
  };
}

describe('pull: HTTPS', function () {
  // Making RSA keys takes a moment on a slow machine.
  this.timeout(30_000);
  let dir: string;
  let spillDir: string;
  let ca: Pems;
  let caFile: string;
  let selfSigned: TestServer;
  let signed: TestServer;
  let expired: TestServer;
  let clientAuth: TestServer;
  let client: Pems;
  before(async () => {
    dir = await tempFolder();
    spillDir = path.join(dir, 'spill');
    ca = await certificate({ cn: 'PushPull Test CA', isCa: true });
    caFile = path.join(dir, 'ca.pem');
    await fs.writeFile(caFile, ca.cert);
    const answer = (req: { socket: unknown }, res: { end(text: string): void }): void => {
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      res.end(`hello ${peer.subject?.CN ?? 'anonymous'}`);
    };
    selfSigned = await httpsServer(await certificate(), answer);
    signed = await httpsServer(await certificate({ ca }), answer);
    expired = await httpsServer(
      await certificate({
        ca,
        notBefore: new Date(Date.now() - 3 * 86_400_000),
        notAfter: new Date(Date.now() - 86_400_000),
      }),
      answer,
    );
    client = await certificate({ ca, cn: 'the client', client: true });
    clientAuth = await httpsServer(await certificate({ ca }), answer, {
      requestCert: true,
      rejectUnauthorized: true,
      ca: ca.cert,
    });
  });
  after(async () => {
    await Promise.all([selfSigned, signed, expired, clientAuth].map((server) => server.close()));
  });

  it('refuses a self-signed certificate, saying so and what to do', async () => {
    await assert.rejects(pull(get(selfSigned.url), { spillDir }), tlsReason('self-signed'));
  });

  it('accepts it with "allow invalid certificates", and times the handshake', async () => {
    const response = await pull(get(selfSigned.url), { spillDir, tls: { allowInvalidCertificates: true } });
    assert.equal((await bytesOf(response.decoded)).toString(), 'hello anonymous');
    assert.ok(response.timings.tls !== undefined && response.timings.tls > 0);
  });

  it('refuses a certificate from an unknown CA, and accepts it with that CA as a CA file', async () => {
    await assert.rejects(pull(get(signed.url), { spillDir }), tlsReason('unknown-ca'));
    const response = await pull(get(signed.url), { spillDir, tls: { caFile } });
    assert.equal(response.status, 200);
  });

  it('says when the certificate is for another host', async () => {
    const elsewhere = await httpsServer(await certificate({ ca, cn: 'other.example', ip: false }), (_req, res) =>
      res.end(),
    );
    try {
      await assert.rejects(pull(get(elsewhere.url), { spillDir, tls: { caFile } }), tlsReason('hostname-mismatch'));
    } finally {
      await elsewhere.close();
    }
  });

  it('says when the certificate has expired', async () => {
    await assert.rejects(pull(get(expired.url), { spillDir, tls: { caFile } }), tlsReason('expired'));
  });

  it('presents a client certificate (PEM) to a server that asks for one', async () => {
    await assert.rejects(pull(get(clientAuth.url), { spillDir, tls: { caFile } }), (error: unknown) => {
      assert.ok(error instanceof Error);
      assert.ok(['TLS', 'CONNECTION_RESET'].includes((error as { code?: string }).code ?? ''), error.message);
      return true;
    });
    const certFile = path.join(dir, 'client.pem');
    const keyFile = path.join(dir, 'client.key');
    await fs.writeFile(certFile, client.cert);
    await fs.writeFile(keyFile, client.key);
    const response = await pull(get(clientAuth.url), { spillDir, tls: { caFile, clientCert: { certFile, keyFile } } });
    assert.equal((await bytesOf(response.decoded)).toString(), 'hello the client');
  });

  it('presents a client certificate from a PFX file with its passphrase', async function () {
    const pfxFile = path.join(dir, 'client.pfx');
    const certFile = path.join(dir, 'client-for-pfx.pem');
    const keyFile = path.join(dir, 'client-for-pfx.key');
    await fs.writeFile(certFile, client.cert);
    await fs.writeFile(keyFile, client.key);
    try {
      execFileSync(
        'openssl',
        ['pkcs12', '-export', '-in', certFile, '-inkey', keyFile, '-out', pfxFile, '-passout', 'pass:open sesame'],
        {
          stdio: 'ignore',
        },
      );
    } catch {
      this.skip(); // no openssl on this machine to make the PFX
    }
    const response = await pull(get(clientAuth.url), {
      spillDir,
      tls: { caFile, clientCert: { pfxFile, passphrase: 'open sesame' } },
    });
    assert.equal((await bytesOf(response.decoded)).toString(), 'hello the client');
    await assert.rejects(
      pull(get(clientAuth.url), { spillDir, tls: { caFile, clientCert: { pfxFile, passphrase: 'wrong' } } }),
      (error: unknown) => {
        assert.equal((error as { code?: string }).code, 'TLS');
        assert.match((error as Error).message, /passphrase/);
        return true;
      },
    );
  });

  it('says which file could not be read', async () => {
    await assert.rejects(
      pull(get(signed.url), { spillDir, tls: { caFile: path.join(dir, 'missing.pem') } }),
      (error: unknown) => {
        assert.equal((error as { code?: string }).code, 'TLS');
        assert.match((error as Error).message, /The CA file .*missing\.pem could not be read \(ENOENT\)/);
        return true;
      },
    );
  });
});
