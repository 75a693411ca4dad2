import * as assert from 'node:assert/strict';
import { hookJson, hookText } from '../../../src/cli/format';
import type { HookMeta, RelayMark } from '../../../src/core/model/hook';
import { renderHookDocument } from '../../../src/core/render/hookDocument';
import { relayHost, relayText } from '../../../src/core/render/relayText';
import { makeHook } from '../store/fixtures/hooks';

const SMEE: RelayMark = { channel: 'https://smee.io/SecretChannel123', key: 'k1', rawBody: false };
const GOSMEE: RelayMark = { channel: 'https://relay.example.com:8443/ch/abc', key: 'k2', rawBody: true };

function relayed(relay: RelayMark | undefined): HookMeta {
  return makeHook(1, '{"a":1}', relay ? { relay } : {});
}

describe('relayed hooks say how they came, without the channel URL', () => {
  it('names the relay host only, and whether the bytes are the provider’s', () => {
    assert.equal(relayHost(SMEE), 'smee.io');
    assert.equal(
      relayText(SMEE),
      'Relayed through smee.io: a body the relay re-serialised, so no signature over the original bytes can match.',
    );
    assert.equal(relayText(GOSMEE), 'Relayed through relay.example.com:8443: the exact bytes the provider sent.');
    assert.equal(relayHost({ ...SMEE, channel: 'not a url' }), 'a relay channel');
  });

  it('the hook document starts with the relay sentence; a hook received directly has none', () => {
    const doc = renderHookDocument(relayed(SMEE), Buffer.from('{"a":1}')).text;
    assert.ok(doc.includes(relayText(SMEE)), doc);
    assert.ok(!doc.includes('SecretChannel123'), doc);
    const direct = renderHookDocument(relayed(undefined), Buffer.from('{"a":1}')).text;
    assert.ok(!direct.includes('Relayed through'), direct);
  });

  it('the CLI prints the relay in hooks list --long and --json, without the channel URL', () => {
    assert.deepEqual(hookJson(relayed(GOSMEE)).relay, { host: 'relay.example.com:8443', rawBody: true });
    assert.equal(hookJson(relayed(undefined)).relay, null);
    const text = hookText(relayed(SMEE));
    assert.ok(text.split('\n').includes(`  relay: ${relayText(SMEE)}`), text);
    assert.ok(!text.includes('SecretChannel123'));
  });
});
