import * as fs from 'node:fs/promises';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { generate } from 'selfsigned';
import { readBody } from '../../../src/core/http/body';
import type { BodyRef } from '../../../src/core/model/pulled';

export interface TestServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 on a free port; `close` also ends kept-alive connections. */
export async function listen(server: http.Server | net.Server, scheme = 'http'): Promise<TestServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if (server instanceof http.Server) server.closeAllConnections();
      }),
  };
}

export function httpServer(handler: http.RequestListener): Promise<TestServer> {
  return listen(http.createServer(handler));
}

export interface Pems {
  readonly cert: string;
  readonly key: string;
}

/** A certificate for 127.0.0.1 and localhost, signed by itself or by `ca`, valid from now or as given. */
export async function certificate(
  options: {
    ca?: Pems;
    cn?: string;
    notBefore?: Date;
    notAfter?: Date;
    isCa?: boolean;
    client?: boolean;
    /** Whether the certificate is also for 127.0.0.1 (default true). */
    ip?: boolean;
  } = {},
): Promise<Pems> {
  const cn = options.cn ?? 'localhost';
  const pems = await generate([{ name: 'commonName', value: cn }], {
    keySize: 2048,
    algorithm: 'sha256',
    ...(options.notBefore ? { notBeforeDate: options.notBefore } : {}),
    ...(options.notAfter ? { notAfterDate: options.notAfter } : {}),
    ...(options.ca ? { ca: { key: options.ca.key, cert: options.ca.cert } } : {}),
    extensions: options.isCa
      ? [
          { name: 'basicConstraints', cA: true, critical: true },
          { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
        ]
      : [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
          { name: 'extKeyUsage', serverAuth: !options.client, clientAuth: options.client === true },
          {
            name: 'subjectAltName',
            altNames: [
              { type: 2, value: cn },
              ...(options.ip === false ? [] : [{ type: 7 as const, ip: '127.0.0.1' }]),
            ],
          },
        ],
  });
  return { cert: pems.cert, key: pems.private };
}

export async function httpsServer(
  pems: Pems,
  handler: http.RequestListener,
  extra: https.ServerOptions = {},
): Promise<TestServer> {
  return listen(https.createServer({ cert: pems.cert, key: pems.key, ...extra }, handler), 'https');
}

export async function tempFolder(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'pushpull-pull-'));
}

/** The whole of a body, wherever it is kept. */
export async function bytesOf(ref: BodyRef): Promise<Buffer> {
  return Buffer.from(await readBody(ref));
}

/** Reads the request's body and answers with what came, as JSON. */
export const echo: http.RequestListener = (req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        method: req.method,
        url: req.url,
        headers: req.rawHeaders,
        body: Buffer.concat(chunks).toString('utf8'),
      }),
    );
  });
};
