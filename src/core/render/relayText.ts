import type { RelayMark } from '../model/hook';

/**
 * The host a relayed hook came through: only the host, since the channel URL itself lets anyone who has it read
 * the channel's hooks.
 */
export function relayHost(relay: RelayMark): string {
  try {
    return new URL(relay.channel).host || 'a relay channel';
  } catch {
    return 'a relay channel';
  }
}

/** One sentence on how a hook came through its relay, for documents, tooltips and the CLI. */
export function relayText(relay: RelayMark): string {
  const how = relay.rawBody
    ? 'the exact bytes the provider sent'
    : 'a body the relay re-serialised, so no signature over the original bytes can match';
  return `Relayed through ${relayHost(relay)}: ${how}.`;
}
