import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { HOSTILE, jsonResponse, PNG_DATA_URI } from './fixtures';
import { pagePerTest, postToPage, waitPosted } from './harness';

/** The response as the host shows it: status, timings, headers, body views, search; network text stays text. */
describe('request panel page: the response', function () {
  let page: Page;
  pagePerTest((opened) => (page = opened));

  it('shows Cancel while sending, and Escape cancels', async function () {
    await postToPage(page, { type: 'request/sending' });
    await assert.doesNotReject(page.locator('vscode-button#cancel').waitFor({ state: 'visible' }));
    assert.match((await page.locator('#status').textContent()) ?? '', /^Sending/);
    await page.locator('vscode-textfield#url input').press('Escape');
    await waitPosted(page, 'request/cancel');
    await postToPage(page, { type: 'request/failed', code: 'CANCELLED', message: 'The request was cancelled.' });
    await assert.doesNotReject(page.locator('vscode-button#cancel').waitFor({ state: 'hidden' }));
    assert.equal(await page.locator('#status').textContent(), 'The request was cancelled. (CANCELLED)');
  });

  it('shows status, sizes, the timing chart and headers; markup from the network is only text', async function () {
    await postToPage(page, {
      type: 'response/show',
      response: jsonResponse({
        status: 404,
        statusText: HOSTILE,
        headers: [
          ['x-note', HOSTILE],
          [HOSTILE, 'value'],
        ],
        pretty: HOSTILE,
        raw: HOSTILE,
        contentType: 'text/html',
        redirects: [{ status: 302, url: `https://example.com/${HOSTILE}` }],
      }),
    });
    const status = page.locator('#status');
    await assert.doesNotReject(status.filter({ hasText: /^404 / }).waitFor());
    assert.equal(await status.textContent(), `404 ${HOSTILE}`);
    assert.match((await status.getAttribute('class')) ?? '', /client-error/);
    assert.equal(await page.locator('#response-body').textContent(), HOSTILE);
    assert.equal(await page.locator('#response-body :not(.chunk)').count(), 0, 'no element made from the body');
    assert.equal(await page.locator('#response-headers td').nth(1).textContent(), HOSTILE);
    assert.equal(await page.locator('#response-headers img, #response-headers script, #response-headers b').count(), 0);
    assert.equal(await page.locator('#redirects li').textContent(), `302 https://example.com/${HOSTILE}`);
    assert.equal(await page.locator('#redirects *:not(li):not(.hop-status)').count(), 0);

    // Preview of a body that is not an image is text too.
    await page.locator('vscode-radio[value=preview]').click();
    assert.equal(await page.locator('#response-body').textContent(), HOSTILE);
    assert.equal(await page.locator('#response-image').isVisible(), false);
    assert.equal(await page.locator('body').getAttribute('data-pwned'), null, 'no script or handler ran');
    assert.equal(await page.locator('script:not([nonce])').count(), 0);

    // The timing chart: a segment per phase, labelled, sized in proportion.
    const segments = page.locator('.timing-bar .segment');
    assert.equal(await segments.count(), 5);
    assert.deepEqual(await page.locator('.timing-legend .phase').allTextContents(), [
      'DNS',
      'Connect',
      'TLS',
      'First byte',
      'Download',
      'Total',
    ]);
    const widths = await segments.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().width));
    assert.ok(
      (widths[3] ?? 0) > (widths[0] ?? 0) * 10,
      `first byte (86 ms) is wider than DNS (4 ms): ${widths.join(', ')}`,
    );
    assert.match(
      (await page.locator('#response-meta').textContent()) ?? '',
      /^135 ms · 89 B \(71 B gzip on the wire\)$/,
    );
  });

  it('says so when the connection was reused, and when the body was cut', async function () {
    await postToPage(page, {
      type: 'response/show',
      response: jsonResponse({
        timings: { firstByteMs: 12, downloadMs: 3, totalMs: 15, reusedConnection: true },
        bodyCut: { shownBytes: 1048576, totalBytes: 104857600 },
      }),
    });
    await assert.doesNotReject(page.locator('#reused').waitFor());
    assert.equal(await page.locator('.timing-bar .segment').count(), 2);
    assert.equal(
      await page.locator('#body-note').textContent(),
      'Showing the first 1.0 MB of 100 MB: Open in Editor or Save has all of it.',
    );
    await page.locator('vscode-button#open-body').click();
    await waitPosted(page, 'response/open');
    await page.locator('vscode-button#save-body').click();
    await waitPosted(page, 'response/save');
    await page.locator('vscode-button#copy-body').click();
    await waitPosted(page, 'response/copy');
  });

  it('searches the body: marks every match, next and previous move between them', async function () {
    await postToPage(page, { type: 'response/show', response: jsonResponse() });
    await page.locator('#response-body').filter({ hasText: 'widget' }).waitFor();
    const search = page.locator('#body-search input');
    await search.fill('"');
    const marks = page.locator('#response-body mark');
    const quotes = jsonResponse().pretty.split('"').length - 1;
    assert.equal(await marks.count(), quotes);
    assert.equal(await page.locator('#search-count').textContent(), `1 of ${quotes}`);
    await search.fill('N');
    assert.deepEqual(await marks.allTextContents(), ['n', 'n', 'n'], 'case is ignored');
    await search.press('Enter');
    assert.equal(await page.locator('#search-count').textContent(), '2 of 3');
    assert.equal(await page.locator('#response-body mark.current').count(), 1);
    await search.press('Shift+Enter');
    await search.press('Shift+Enter');
    assert.equal(await page.locator('#search-count').textContent(), '3 of 3');
    await search.fill('absent');
    assert.equal(await page.locator('#search-count').textContent(), 'No results');
    assert.equal(await page.locator('#response-body').textContent(), jsonResponse().pretty, 'the text is whole again');
    await page.locator('vscode-radio[value=raw]').click();
    assert.equal(await page.locator('#response-body').textContent(), jsonResponse().raw);
  });

  it('previews an image from its data: URI', async function () {
    await postToPage(page, {
      type: 'response/show',
      response: jsonResponse({ contentType: 'image/png', image: PNG_DATA_URI, pretty: '', raw: '' }),
    });
    await page.locator('vscode-radio[value=preview]').click();
    const image = page.locator('#response-image');
    await assert.doesNotReject(image.waitFor({ state: 'visible' }));
    // Loaded and decoded: the CSP let the data: URI in.
    await assert.doesNotReject(
      page.waitForFunction("document.getElementById('response-image').naturalWidth === 1", undefined, {
        timeout: 10_000,
      }),
    );
  });
});
