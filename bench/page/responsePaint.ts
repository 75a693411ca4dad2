// The request panel's page in Chromium, showing the largest body the host hands it (1 MiB, the rest opens in an
// editor): `npm run build && npx tsc -p tsconfig.test.json && node out/bench/page/responsePaint.js`.
// Time from `response/show` to the first frame painted with the body, against a baseline in the same page and run:
// the same text as one <pre>'s textContent (what the page did before it showed bodies in chunks of lines). Then a
// search that marks the most matches the page marks (5,000).
import type { Page } from 'playwright-core';
import { PageHarness } from '../../test/page/harness';
import { jsonResponse } from '../../test/page/fixtures';

const ROUNDS = 7;
const item = (i: number): string => `{"id": ${i}, "name": "item ${i}", "tags": ["a", "b"], "price": ${i}.5}`;
let raw = '[';
for (let i = 0; raw.length < 1024 * 1024 - 100; i++) raw += `${i ? ',' : ''}${item(i)}`;
raw += ']';
const pretty = JSON.stringify(JSON.parse(raw), null, 2).slice(0, 1024 * 1024);

/** Two frames after the layout is done: the first has been painted. */
const PAINTED = `new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())))`;

const SHOW = `async (message) => {
  const started = performance.now();
  await new Promise((resolve) => {
    window.addEventListener('message', () => resolve(), { once: true });
    window.postMessage(message, '*');
  });
  void document.body.offsetHeight;
  await ${PAINTED};
  return performance.now() - started;
}`;

const FLOOR = `async (text) => {
  const started = performance.now();
  const pre = document.createElement('pre');
  pre.textContent = text;
  document.querySelector('main').appendChild(pre);
  void document.body.offsetHeight;
  await ${PAINTED};
  const took = performance.now() - started;
  pre.remove();
  return took;
}`;

const SEARCH = `async () => {
  const box = document.querySelector('#body-search');
  const started = performance.now();
  box.value = '"';
  box.dispatchEvent(new Event('input'));
  void document.body.offsetHeight;
  await ${PAINTED};
  const took = performance.now() - started;
  const count = document.querySelectorAll('#response-body mark').length;
  box.value = '';
  box.dispatchEvent(new Event('input'));
  return [took, count];
}`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function measure(page: Page, expression: string, arg: unknown): Promise<unknown> {
  return page.evaluate(`(${expression})(${JSON.stringify(arg)})`);
}

async function main(): Promise<void> {
  const harness = await PageHarness.start();
  try {
    const page = await harness.open();
    const show: number[] = [];
    const floor: number[] = [];
    const search: number[] = [];
    let marks = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const response = jsonResponse({
        exchangeId: `r${round}`,
        pretty: `${pretty}${' '.repeat(round)}`,
        raw,
        size: 104857600,
      });
      show.push((await measure(page, SHOW, { type: 'response/show', response })) as number);
      floor.push((await measure(page, FLOOR, pretty)) as number);
      const [took, count] = (await measure(page, SEARCH, null)) as [number, number];
      search.push(took);
      marks = count;
    }
    console.log(`body shown: ${pretty.length} characters, ${ROUNDS} rounds, median ms`);
    console.log(`| step | page | baseline: one <pre> with the text |`);
    console.log(`| --- | ---: | ---: |`);
    console.log(`| response/show to painted | ${median(show).toFixed(1)} | ${median(floor).toFixed(1)} |`);
    console.log(`| search marking ${marks} matches | ${median(search).toFixed(1)} | |`);
  } finally {
    await harness.close();
  }
}

void main();
