import * as assert from 'node:assert/strict';
import { toHar } from '../../../src/core/export/har';
import { listenerAnswer } from '../../../src/core/export/harAnswer';
import { parseRoutes } from '../../../src/core/hooks/routes';
import { hookMeta } from '../helpers';

const harValidator = require('har-validator') as { har(data: unknown): Promise<unknown> };

interface Response {
  status: number;
  headers: Array<{ name: string; value: string }>;
  content: { size: number; mimeType: string; text?: string };
  comment?: string;
}

describe('Export HAR: the response is what the listener answered', () => {
  const routes = parseRoutes([
    {
      name: 'teapot',
      pathPrefix: '/tea',
      response: { status: 418, headers: { 'X-Brew': 'no' }, body: 'short and stout' },
    },
    { name: 'plain', pathPrefix: '/plain' },
  ]);
  const responseOf = async (hook: ReturnType<typeof hookMeta>): Promise<Response> => {
    const har = toHar([{ hook, body: Buffer.from('{}'), answer: listenerAnswer(hook, routes) }], '0.1.0');
    await harValidator.har(har);
    return (har as { log: { entries: Array<{ response: Response }> } }).log.entries[0]!.response;
  };

  it("has the listener's own answer, exactly as sent, when no route answered", async () => {
    for (const route of [undefined, 'plain']) {
      const response = await responseOf(hookMeta({ id: '00000000000001-000001', route, answerStatus: 200 }));
      assert.equal(response.status, 200);
      assert.deepEqual(response.headers, [{ name: 'content-type', value: 'application/json' }]);
      assert.equal(response.content.text, '{"ok":true,"id":"00000000000001-000001"}');
      assert.equal(response.content.size, response.content.text.length);
    }
  });

  it("has a route's answer as configured now, and says so; without it, the status and why the body is missing", async () => {
    const teapot = await responseOf(hookMeta({ route: 'teapot', answerStatus: 418 }));
    assert.equal(teapot.content.text, 'short and stout');
    assert.deepEqual(teapot.headers, [
      { name: 'content-type', value: 'application/json' },
      { name: 'X-Brew', value: 'no' },
    ]);
    assert.match(teapot.comment ?? '', /route "teapot" as it is configured now/);
    const changed = await responseOf(hookMeta({ route: 'teapot', answerStatus: 202 }));
    assert.equal(changed.status, 202);
    assert.equal(changed.content.text, undefined);
    assert.match(changed.comment ?? '', /not kept/);
  });
});
