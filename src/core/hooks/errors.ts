import { PushPullError } from '../errors';

export class PortInUseError extends PushPullError {
  constructor(
    readonly host: string,
    readonly port: number,
    cause?: unknown,
  ) {
    super('PORT_IN_USE', `Port ${port} on ${host} is already in use.`, { cause });
  }
}

export class ListenerStartError extends PushPullError {
  constructor(message: string, cause?: unknown) {
    super('LISTENER_START_FAILED', message, { cause });
  }
}
