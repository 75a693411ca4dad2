import * as http from 'node:http';
import * as net from 'node:net';

export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
}

/** Sends a JSON webhook the way a provider would: one POST from outside VS Code. */
export function postJson(
  url: string,
  payload: unknown,
  headers: Readonly<Record<string, string>> = {},
): Promise<HttpAnswer> {
  const body = Buffer.from(JSON.stringify(payload));
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(body.length), ...headers },
        timeout: 10_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`POST ${url} timed out`)));
    request.on('error', reject);
    request.end(body);
  });
}

/** Resolves once something accepts TCP connections on 127.0.0.1:`port`. */
export async function waitForPort(port: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Nothing listens on 127.0.0.1:${port} after ${Math.round(timeoutMs / 1000)} s`);
}

/** One answer of {@link ApiServer}: what a real API would send for a path. */
export interface ApiRoute {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: string;
  /** Never answers (the call is still recorded): a request the user has to cancel. */
  readonly hang?: boolean;
}

export interface ApiCall {
  readonly method: string;
  /** Path with query, as received. */
  readonly url: string;
  /** The request's headers as Node read them (names in lower case). */
  readonly headers: http.IncomingHttpHeaders;
  /** The request's body as UTF-8 text. */
  readonly body: string;
}

/**
 * A real HTTP API on 127.0.0.1, port 0, for the request panel to pull from.
 * Answers by exact path (query ignored), 404 otherwise, and records every call.
 */
export class ApiServer {
  readonly calls: ApiCall[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly server: http.Server;
  private boundPort = 0;

  private constructor(routes: Readonly<Record<string, ApiRoute>>) {
    this.server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const url = request.url ?? '/';
        const body = Buffer.concat(chunks).toString('utf8');
        this.record({ method: request.method ?? '?', url, headers: request.headers, body });
        const route = routes[url.split('?')[0] ?? url];
        if (route?.hang) return;
        const answer = Buffer.from(route ? route.body : `{"error":"no route for ${url}"}`);
        response.writeHead(route?.status ?? (route ? 200 : 404), {
          'content-type': 'application/json',
          ...route?.headers,
          'content-length': String(answer.length),
        });
        response.end(answer);
      });
    });
  }

  static async start(routes: Readonly<Record<string, ApiRoute>>): Promise<ApiServer> {
    const api = new ApiServer(routes);
    await new Promise<void>((resolve, reject) => {
      api.server.once('error', reject);
      api.server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = api.server.address();
    if (!address || typeof address === 'string') {
      await api.close();
      throw new Error('The test API did not get a TCP port');
    }
    api.boundPort = address.port;
    return api;
  }

  /** The port it got from the system; stays known after close. */
  get port(): number {
    return this.boundPort;
  }

  url(pathAndQuery: string): string {
    return `http://127.0.0.1:${this.port}${pathAndQuery}`;
  }

  /** Resolves with the first call (already made or still to come) whose URL is exactly `pathAndQuery`. */
  async waitForCall(pathAndQuery: string, timeoutMs = 30_000): Promise<ApiCall> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const call = this.calls.find((c) => c.url === pathAndQuery);
      if (call) {
        return call;
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        const seen = this.calls.map((c) => `${c.method} ${c.url}`).join(', ') || 'none';
        throw new Error(`The test API never received ${pathAndQuery} (calls: ${seen})`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        function done(): void {
          clearTimeout(timer);
          resolve();
        }
        this.waiters.add(done);
      });
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  private record(call: ApiCall): void {
    this.calls.push(call);
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) {
      wake();
    }
  }
}
