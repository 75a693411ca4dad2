import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseHttpFile } from '../../../src/core/httpFile/parse';

// Every `.http` file of the corpus beside the JSON it parses to, compared exactly (ranges included).
// PUSHPULL_UPDATE_FIXTURES=1 writes the JSON files again from the parser: review the diff before committing it.

const CORPUS = path.resolve(__dirname, '../../../../test/fixtures/httpFiles');
const files = fs.readdirSync(CORPUS).filter((name) => name.endsWith('.http'));

function expectedOf(name: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(CORPUS, name.replace(/\.http$/, '.json')), 'utf8'));
}

describe('httpFile parser: the corpus', () => {
  it('has a file per part of the parser and per dialect', () => {
    assert.ok(files.length >= 11, files.join(', '));
    for (const dialect of ['restclient', 'jetbrains', 'httpyac']) assert.ok(files.includes(`dialect-${dialect}.http`));
  });

  for (const name of files) {
    it(`${name} parses to ${name.replace(/\.http$/, '.json')}`, () => {
      const text = fs.readFileSync(path.join(CORPUS, name), 'utf8');
      const parsed = JSON.parse(JSON.stringify(parseHttpFile(text))) as unknown;
      if (process.env.PUSHPULL_UPDATE_FIXTURES === '1') {
        fs.writeFileSync(path.join(CORPUS, name.replace(/\.http$/, '.json')), `${JSON.stringify(parsed, null, 2)}\n`);
      }
      assert.deepEqual(parsed, expectedOf(name));
    });

    it(`${name} parses the same with CRLF and CR line breaks`, () => {
      const text = fs.readFileSync(path.join(CORPUS, name), 'utf8');
      const lf = parseHttpFile(text);
      assert.deepEqual(parseHttpFile(text.replace(/\n/g, '\r\n')), lf);
      assert.deepEqual(parseHttpFile(text.replace(/\n/g, '\r')), lf);
      assert.deepEqual(parseHttpFile(`\ufeff${text}`), lf, 'a BOM is not part of the first line');
    });
  }
});
