import type * as http from 'node:http';
import { ListenerStartError, PortInUseError } from './errors';

/** Binds `server` to the host and port; PortInUseError when the port is taken, ListenerStartError otherwise. */
export function listen(server: http.Server, options: { readonly host: string; readonly port: number }): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.close();
      if (error.code === 'EADDRINUSE') reject(new PortInUseError(options.host, options.port, error));
      else
        reject(new ListenerStartError(`Could not listen on ${options.host}:${options.port}: ${error.message}`, error));
    };
    server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
