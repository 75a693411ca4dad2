import * as assert from 'node:assert/strict';
import type * as Core from '../../../src/core/pull/draft';
import { emptyBody as coreEmptyBody } from '../../../src/core/pull/draft';
import type * as Page from '../../../src/webview/requestPanel/panelProtocol';
import { emptyBody, newDraft } from '../../../src/webview/requestPanel/panelProtocol';

/** True only when A and B are the same type (fails to compile otherwise, through the `Same` uses below). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const checks: [
  Same<Core.RequestDraft, Page.RequestDraft>,
  Same<Core.BodyDraft, Page.BodyDraft>,
  Same<Core.AuthDraft, Page.AuthDraft>,
  Same<Core.SecretField, Page.SecretField>,
  Same<Core.MultipartRow, Page.MultipartRow>,
  Same<Core.BodyMode, Page.BodyMode>,
] = [true, true, true, true, true, true];

describe('core/pull/draft: the same draft as the panel protocol', () => {
  it('has the shape of panelProtocol.ts (checked by the compiler) and the same empty body', () => {
    assert.deepEqual(checks, [true, true, true, true, true, true]);
    const draft: Core.RequestDraft = newDraft('p1');
    const back: Page.RequestDraft = draft;
    assert.deepEqual(back.body, coreEmptyBody());
    assert.deepEqual(coreEmptyBody(), emptyBody());
  });
});
