import * as assert from 'node:assert/strict';
import { jsonProblem } from '../../../src/core/pull/jsonText';

describe('core/pull/jsonText: where a JSON text goes wrong', () => {
  it('says nothing about valid JSON', () => {
    for (const text of ['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "x\\n"]} ', '"s"', '0']) {
      assert.equal(jsonProblem(text, 'The body'), undefined, text);
    }
  });

  const cases: Array<[string, string]> = [
    ['{\n  "a": 1\n  "b": 2\n}', 'line 3, column 3'],
    ['{"a":1,}', 'line 1, column 8'],
    ['hello', 'line 1, column 1'],
    ['{\n  "a": tru\n}', 'line 2, column 8'],
    ['[1, 2', 'line 1, column 6'],
    ['{"a": 1} x', 'line 1, column 10'],
    ['', 'line 1, column 1'],
    ['{"a" 1}', 'line 1, column 6'],
    ['[1,]', 'line 1, column 4'],
    ['{"a": [1}', 'line 1, column 9'],
    ['{"a": "x\ny"}', 'line 1, column 7'],
    ['{"a": 01}', 'line 1, column 8'],
  ];
  for (const [text, where] of cases) {
    it(`finds ${where} in ${JSON.stringify(text)}`, () => {
      const problem = jsonProblem(text, 'The JSON body') ?? '';
      assert.ok(problem.startsWith(`The JSON body is not valid JSON at ${where}: `), problem);
      assert.ok(problem.endsWith('.'));
      assert.doesNotMatch(problem, /position|is not valid JSON.+is not valid JSON/);
    });
  }

  it('gives JSON.parse its reason without the echo of the text', () => {
    assert.equal(
      jsonProblem('hello', 'The body'),
      "The body is not valid JSON at line 1, column 1: Unexpected token 'h'.",
    );
    assert.equal(
      jsonProblem('{"a":', 'The body'),
      'The body is not valid JSON at line 1, column 6: the text ends before the JSON does.',
    );
  });
});
