// Core of the pull side on large input: `npx tsc -p tsconfig.test.json && node out/bench/pull/variables.js`.
// What the panel runs on a draft as it is edited (unresolvedNames) and before each send (buildRequest), on a
// 1 MB JSON body with 10,000 `{{variables}}`, against a baseline in the same run: one regex replace of the same
// names over the same text. Also the time to refuse a hostile environment that would grow to 2^63 characters,
// and to read a pasted curl command of nearly 256 KB (the most importCurl reads).
import { importCurl } from '../../src/core/pull/curlImport';
import { buildRequest } from '../../src/core/pull/draftRequest';
import { readEnvironments } from '../../src/core/pull/environments';
import { VariableError, resolveText, unresolvedNames } from '../../src/core/pull/variables';
import { emptyBody, newDraft } from '../../src/webview/requestPanel/panelProtocol';

const items = Array.from({ length: 10_000 }, (_, i) => `{"id": {{id}}, "n": ${i}, "note": "${'x'.repeat(70)}"}`);
const text = `[${items.join(',\n')}]`;
const environment = readEnvironments({ $shared: { id: '42' } }).select('');
const draft = { ...newDraft('b'), url: 'https://h/{{id}}', body: { ...emptyBody(), mode: 'json' as const, text } };

async function time(run: () => unknown, rounds = 10): Promise<number> {
  for (let i = 0; i < 2; i++) await run();
  const started = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) await run();
  return Number(process.hrtime.bigint() - started) / rounds / 1e6;
}

async function main(): Promise<void> {
  const size = (text.length / 1024 / 1024).toFixed(2);
  const baseline = await time(() =>
    text.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_, name: string) => (name === 'id' ? '42' : _)),
  );
  const unresolved = await time(() => unresolvedNames(draft, environment));
  const build = await time(() => buildRequest(draft, { environment, secrets: () => undefined }));
  const hostile: Record<string, string> = { a0: 'xxxxxxxx' };
  for (let i = 1; i <= 60; i++) hostile[`a${i}`] = `{{a${i - 1}}}{{a${i - 1}}}`;
  const bomb = readEnvironments({ dev: hostile }).select('dev');
  const refuse = await time(() => {
    try {
      resolveText('{{a60}}', bomb);
    } catch (error) {
      if (!(error instanceof VariableError)) throw error;
    }
  });
  const curlBody = `[${items.slice(0, 2_400).join(',\n')}]`;
  const command = `curl https://h/ -H 'Content-Type: application/json' --data-raw '${curlBody.replace(/'/g, `'\\''`)}'`;
  const curl = await time(() => importCurl(command, 'b'));
  console.log(`| ${size} MB JSON body, 10,000 variables | ms | × baseline |`);
  console.log('| --- | ---: | ---: |');
  console.log(`| baseline: one regex replace of the names | ${baseline.toFixed(1)} | 1 |`);
  console.log(`| unresolvedNames (each edit) | ${unresolved.toFixed(1)} | ${(unresolved / baseline).toFixed(1)} |`);
  console.log(
    `| buildRequest (each send: resolve, JSON check, bytes) | ${build.toFixed(1)} | ${(build / baseline).toFixed(1)} |`,
  );
  console.log(
    `| refuse a variable that doubles 60 times (2^63 characters) | ${refuse.toFixed(1)} | ${(refuse / baseline).toFixed(1)} |`,
  );
  console.log(
    `| importCurl of a command with 2,400 of those items (${(command.length / 1024 / 1024).toFixed(2)} MB) | ${curl.toFixed(1)} | ${(curl / baseline).toFixed(1)} |`,
  );
}

void main();
