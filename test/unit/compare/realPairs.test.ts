import * as assert from 'node:assert/strict';
import examples from '@octokit/webhooks-examples';
import { compareStructures, normalisedDocument } from '../../../src/core/compare/structural';
import type { ComparedPayload } from '../../../src/core/compare/types';
import { restIssue } from './fixtures/githubIssue';
import { stripeApiObject, stripeEvent } from './fixtures/stripePaymentIntent';

const json = (text: string): ComparedPayload => ({ bytes: Buffer.from(text), contentType: 'application/json' });

function issuesLabeledHook(): string {
  const issues = examples.find((example) => example.name === 'issues');
  const labeled = issues?.examples.find((example) => (example as { action?: string }).action === 'labeled');
  assert.ok(labeled, 'the issues.labeled example is in @octokit/webhooks-examples');
  return JSON.stringify(labeled);
}

const AVATAR_WAS = 'https://avatars1.githubusercontent.com/u/21031067?v=4';
const AVATAR_NOW = 'https://avatars.githubusercontent.com/u/21031067?v=4';

describe('compareStructures on real payload pairs', () => {
  it("a GitHub issues webhook's $.issue against the REST API's issue: labels by id, updated_at ignored", () => {
    const diff = compareStructures(json(issuesLabeledHook()), json(restIssue), {
      left: { path: '$.issue', ignore: ['$..updated_at'] },
      right: { ignore: ['$..updated_at'] },
      arrayKey: 'id',
    });
    assert.deepEqual(diff, {
      same: false,
      changed: [
        { path: '$.assignee.avatar_url', left: AVATAR_WAS, right: AVATAR_NOW },
        { path: '$.assignees[?(@.id==21031067)].avatar_url', left: AVATAR_WAS, right: AVATAR_NOW },
        { path: '$.comments', left: 0, right: 1 },
        { path: '$.user.avatar_url', left: AVATAR_WAS, right: AVATAR_NOW },
      ],
      onlyLeft: [{ path: '$.draft', value: false }],
      onlyRight: [
        { path: '$.closed_by', value: null },
        {
          path: '$.labels[?(@.id==1362934390)]',
          value: {
            color: 'a2eeef',
            default: true,
            description: 'New feature or request',
            id: 1362934390,
            name: 'enhancement',
            node_id: 'MDU6TGFiZWwxMzYyOTM0Mzkw',
            url: 'https://api.github.com/repos/Codertocat/Hello-World/labels/enhancement',
          },
        },
        { path: '$.performed_via_github_app', value: null },
        { path: '$.state_reason', value: null },
        { path: '$.timeline_url', value: 'https://api.github.com/repos/Codertocat/Hello-World/issues/1/timeline' },
      ],
      typeChanged: [],
    });
  });

  it('without the key, the labels compare by index and updated_at counts', () => {
    const diff = compareStructures(json(issuesLabeledHook()), json(restIssue), { left: { path: '$.issue' } });
    const paths = [...diff.changed, ...diff.onlyLeft, ...diff.onlyRight, ...diff.typeChanged].map((d) => d.path);
    assert.ok(paths.includes('$.labels[0].name'), paths.join(' '));
    assert.ok(paths.includes('$.labels[1]'), paths.join(' '));
    assert.ok(paths.includes('$.updated_at'), paths.join(' '));
    assert.ok(paths.includes('$.milestone.updated_at') === false, 'the milestone did not change');
  });

  it("a Stripe event's $.data.object against the API object: the expanded charge is a type change", () => {
    const diff = compareStructures(json(stripeEvent), json(stripeApiObject), { left: { path: '$.data.object' } });
    assert.deepEqual(diff, {
      same: false,
      changed: [
        { path: '$.payment_method_types[0]', left: 'card', right: 'link' },
        { path: '$.payment_method_types[1]', left: 'link', right: 'card' },
      ],
      onlyLeft: [],
      onlyRight: [{ path: '$.metadata.shipped', value: 'true' }],
      typeChanged: [
        {
          path: '$.latest_charge',
          left: 'ch_3PqGdJ2eZvKYlo2C1q2w3e4r',
          right: {
            amount: 2000,
            amount_captured: 2000,
            amount_refunded: 0,
            captured: true,
            currency: 'usd',
            id: 'ch_3PqGdJ2eZvKYlo2C1q2w3e4r',
            object: 'charge',
            paid: true,
            status: 'succeeded',
          },
        },
        { path: '$.receipt_email', left: null, right: 'jenny.rosen@example.com' },
      ],
    });
  });

  it('the normalised documents put every reported path on the line that shows it', () => {
    const options = {
      left: { path: '$.issue', ignore: ['$..updated_at'] },
      right: { ignore: ['$..updated_at'] },
      arrayKey: 'id',
    };
    const diff = compareStructures(json(issuesLabeledHook()), json(restIssue), options);
    const left = normalisedDocument(json(issuesLabeledHook()), options.left, 'id');
    const right = normalisedDocument(json(restIssue), options.right, 'id');
    assert.ok(!left.text.includes('updated_at') && !right.text.includes('updated_at'));
    const lineText = (text: string, line: number | undefined): string => text.split('\n')[line ?? -1] ?? '';
    assert.match(lineText(left.text, left.lineOf('$.draft')), /^ {2}"draft": false,?$/);
    assert.equal(right.lineOf('$.draft'), undefined);
    assert.match(lineText(right.text, right.lineOf('$.labels[?(@.id==1362934390)]')), /^ {4}\{$/);
    // The keyed array is printed in key order: the new label (a higher id) comes after "bug" on the right.
    const bug = right.lineOf('$.labels[?(@.id==1362934389)]') ?? -1;
    assert.ok(bug >= 0 && bug < (right.lineOf('$.labels[?(@.id==1362934390)]') ?? -1));
    for (const change of diff.changed) {
      assert.match(lineText(left.text, left.lineOf(change.path)), /"avatar_url"|"comments"/, change.path);
      assert.match(lineText(right.text, right.lineOf(change.path)), /"avatar_url"|"comments"/, change.path);
    }
  });
});
